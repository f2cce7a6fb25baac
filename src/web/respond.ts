import type { FastifyReply } from 'fastify';

/** Strict CSP: only our own script and stylesheet; inline SVG needs nothing more. */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .send(body);
}

/** A 303 to a path of this site; a target that is not one (see sameSiteTarget) goes to the home page instead. */
export function redirect(reply: FastifyReply, url: string, fallback = '/'): FastifyReply {
  return reply.redirect(sameSiteTarget(url, fallback), 303);
}

const ORIGIN = 'http://same-site.invalid';
/** Characters a browser strips or reinterprets in a URL (tabs, CR/LF, controls, backslash): refused, never cleaned. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rule refuses
const BROWSER_REWRITES = /[\u0000-\u001f\u007f\\]/;
/** In the path, encoded slashes, backslashes and controls: a later decode (a proxy, a browser) must not make them a host. */
const ENCODED_SEPARATOR = /%(2f|5c|[01][0-9a-f]|7f)/i;

/**
 * The one check for redirect targets a user can supply (sign-in `lanjut`, the language switch,
 * form `kembali` fields): the target is resolved the way a browser would resolve it against this
 * site, and followed only when it stays a path here, in its normalised form; anything else (another
 * host, a scheme, `//`, tabs or CR/LF, backslashes, encoded slashes, sign-out) gives `fallback`.
 */
export function sameSiteTarget(target: unknown, fallback: string): string {
  if (typeof target !== 'string' || !target.startsWith('/') || target.length > 2048 || BROWSER_REWRITES.test(target)) return fallback;
  if (ENCODED_SEPARATOR.test(target.split(/[?#]/)[0])) return fallback;
  let url: URL;
  try {
    url = new URL(target, ORIGIN);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  // dot segments can still collapse to "//host" ("/a/..//evil.example"): judged after normalising
  if (url.origin !== ORIGIN || !path.startsWith('/') || path.startsWith('//') || /^\/keluar(?:[/?#]|$)/.test(path)) return fallback;
  return path;
}

export function str(body: unknown, key: string): string {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
}
