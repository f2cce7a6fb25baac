import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { bareHost } from './webhook-hosts';
import { TargetRefused, WebhookTargetPolicy } from './webhook-target';

/** Receivers' answers are read only this far (the status is what counts). */
const MAX_RESPONSE_BYTES = 64 * 1024;

export class DeliveryTimeout extends Error {
  override name = 'TimeoutError';
}

/**
 * One webhook POST over node's http/https with the target policy's DNS lookup on the socket, so the
 * address connected to is the address checked. Redirects are never followed (a 3xx is a failed
 * attempt), so a receiver cannot bounce a delivery to a private address either. Resolves with the
 * status code; rejects with TargetRefused, DeliveryTimeout or the network error.
 */
export function postWebhook(target: WebhookTargetPolicy, url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const host = bareHost(u.hostname);
    // A literal address never reaches the lookup: check it here.
    const literal = isIP(host) ? target.addressProblem(host) : null;
    if (literal) return reject(new TargetRefused(literal));
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      u,
      { method: 'POST', agent: false, lookup: target.connectLookup as never, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        let seen = 0;
        res.on('data', (c: Buffer) => {
          seen += c.length;
          if (seen > MAX_RESPONSE_BYTES) res.destroy();
        });
        res.on('close', () => {
          clearTimeout(timer);
          resolve(res.statusCode ?? 0);
        });
      },
    );
    const timer = setTimeout(() => req.destroy(new DeliveryTimeout(`timeout after ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(body);
  });
}
