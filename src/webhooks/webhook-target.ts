import { Injectable, Optional } from '@nestjs/common';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Env } from '../config/env.schema';
import { bareHost, family, forbiddenKind, splitAllowedHosts } from './webhook-hosts';

/** A delivery whose target is refused: recorded as a failed attempt and never retried. */
export class TargetRefused extends Error {
  readonly code = 'EWEBHOOKTARGET';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Which hosts a webhook may reach (API.md, Webhooks). Checked at registration and again when a
 * delivery connects: `connectLookup` is the DNS lookup of the delivery socket, so the address
 * connected to is the address checked (a name re-pointed to 127.0.0.1 after registration is refused).
 */
@Injectable()
export class WebhookTargetPolicy {
  private readonly names = new Set<string>();
  private readonly nets = new BlockList();

  constructor(@Optional() env?: Env) {
    for (const entry of splitAllowedHosts(env?.WEBHOOK_ALLOWED_HOSTS)) {
      const [addr, prefix] = entry.split('/');
      const ip = bareHost(addr);
      if (prefix !== undefined) this.nets.addSubnet(ip, Number(prefix), family(ip));
      else if (isIP(ip)) this.nets.addAddress(ip, family(ip));
      else this.names.add(bareHost(entry));
    }
  }

  /** Resolves a host name to every address (tests replace this to play a rebinding DNS server). */
  resolve(host: string): Promise<LookupAddress[]> {
    return new Promise((res, rej) => dnsLookup(host, { all: true, verbatim: true }, (err, addrs) => (err ? rej(err) : res(addrs))));
  }

  /** Null when the host (as written) may be reached, else the refusal reason, for one URL. */
  async problem(url: string): Promise<string | null> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return 'must be an http:// or https:// URL';
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must be an http:// or https:// URL';
    const host = bareHost(u.hostname);
    if (this.names.has(host)) return null;
    if (isIP(host)) return this.addressProblem(host);
    let addrs: LookupAddress[];
    try {
      addrs = await this.resolve(host);
    } catch {
      return `host ${host} does not resolve`;
    }
    if (!addrs.length) return `host ${host} does not resolve`;
    for (const a of addrs) {
      const p = this.addressProblem(a.address, host);
      if (p) return p;
    }
    return null;
  }

  /** The refusal for one address (null when public or allowed). */
  addressProblem(ip: string, host?: string): string | null {
    const kind = forbiddenKind(ip);
    if (!kind || this.nets.check(ip, family(ip))) return null;
    return `${host ? `host ${host} resolves to` : 'host is'} a ${kind} address (${ip}); only public addresses or WEBHOOK_ALLOWED_HOSTS may receive webhooks`;
  }

  /** The `lookup` of a delivery's socket: resolves, refuses forbidden addresses, hands the checked ones to connect. */
  readonly connectLookup = (hostname: string, options: { all?: boolean; family?: number | string }, cb: LookupCallback): void => {
    const host = bareHost(hostname);
    this.resolve(host).then(
      (all) => {
        const wanted = options.family === 4 || options.family === 6 ? all.filter((a) => a.family === options.family) : all;
        const allowedByName = this.names.has(host);
        const refused = allowedByName ? null : wanted.map((a) => this.addressProblem(a.address, host)).find(Boolean);
        if (refused) return cb(new TargetRefused(refused), options.all ? [] : '');
        if (!wanted.length) return cb(Object.assign(new Error(`host ${host} does not resolve`), { code: 'ENOTFOUND' }), options.all ? [] : '');
        if (options.all) return cb(null, wanted);
        cb(null, wanted[0].address, wanted[0].family);
      },
      (err: NodeJS.ErrnoException) => cb(err, options.all ? [] : ''),
    );
  };
}
