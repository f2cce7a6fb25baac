import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { RECEIVER_HOST } from '../utils/test-app';

export interface ReceivedHook {
  headers: IncomingMessage['headers'];
  raw: string;
}

/**
 * A real local HTTP receiver on RECEIVER_HOST (which testEnv allows as a webhook target, or `host`):
 * records every request and answers with `respond(n)` (n = 1-based); a `[status, location]` answer redirects.
 */
export async function startReceiver(
  respond: (n: number, hook: ReceivedHook) => number | [number, string] = () => 200,
  host = RECEIVER_HOST,
): Promise<{ url: string; received: ReceivedHook[]; close: () => Promise<void>; server: Server }> {
  const received: ReceivedHook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const hook = { headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') };
      received.push(hook);
      const answer = respond(received.length, hook);
      res.statusCode = Array.isArray(answer) ? answer[0] : answer;
      if (Array.isArray(answer)) res.setHeader('location', answer[1]);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/hook`,
    received,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
