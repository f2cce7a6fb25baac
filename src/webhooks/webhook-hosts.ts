import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may never reach unless WEBHOOK_ALLOWED_HOSTS names them: loopback, private,
 * shared (CGNAT), link-local (cloud metadata at 169.254.169.254) and unspecified. Node's BlockList
 * also matches the IPv4-mapped IPv6 forms (::ffff:127.0.0.1) against the IPv4 rules.
 */
const FORBIDDEN: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'private'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['fc00::', 7, 'ipv6', 'private'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['::', 128, 'ipv6', 'unspecified'],
];

export const family = (ip: string) => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');
const FORBIDDEN_LISTS = FORBIDDEN.map(([net, prefix, fam, kind]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, fam);
  return { list, kind };
});

/** Why `ip` is forbidden ('loopback', 'private' …), or null for a public address. */
export function forbiddenKind(ip: string): string | null {
  if (!isIP(ip)) return null;
  return FORBIDDEN_LISTS.find((f) => f.list.check(ip, family(ip)))?.kind ?? null;
}

/** `[::1]` → `::1`; names lower-cased without a trailing dot. */
export function bareHost(hostname: string): string {
  return hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
}

/** One WEBHOOK_ALLOWED_HOSTS entry is a host name, an IP address or a CIDR (10.1.0.0/16, fd00::/8). */
export function allowedHostProblem(entry: string): string | null {
  const [addr, prefix, extra] = entry.split('/');
  if (prefix !== undefined) {
    const bits = isIP(addr) === 4 ? 32 : isIP(addr) === 6 ? 128 : 0;
    return bits && extra === undefined && /^\d{1,3}$/.test(prefix) && Number(prefix) <= bits ? null : `"${entry}" is not a valid CIDR`;
  }
  if (isIP(bareHost(entry))) return null;
  return /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i.test(entry)
    ? null
    : `"${entry}" is not a host name, IP address or CIDR`;
}

export function splitAllowedHosts(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
