import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isUtf8 } from 'node:buffer';
import { Transform, TransformCallback } from 'node:stream';
import { InvalidInput } from './errors';
import { UNDECODABLE } from './safe-text';

/**
 * Bytes become text in exactly these places, and none of them replaces what is not UTF-8 with
 * U+FFFD: a JSON or form body that is not UTF-8 is a 400, a query parameter whose percent-encoded
 * bytes are not UTF-8 is a 400 naming it, and a CSV stream marks such bytes so that the row holding
 * them is rejected (its other rows are still stored). NULs and unpaired surrogates are refused later,
 * by the one text rule (safe-text.ts), applied in the validation pipe and per order row.
 */
const NOT_UTF8 = 'is not valid UTF-8 text';

/** Length of the well-formed UTF-8 sequence at i (RFC 3629), or 0 when the byte there starts none. */
function sequenceLength(b: Buffer, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const [lo, hi] = c === 0xe0 ? [0xa0, 0xbf] : c === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const [lo, hi] = c === 0xf0 ? [0x90, 0xbf] : c === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Where an unfinished multi-byte sequence at the end of a chunk starts (it may finish in the next chunk), else the length. */
function completeUpTo(b: Buffer): number {
  for (let i = b.length - 1; i >= 0 && i >= b.length - 3; i--) {
    const c = b[i];
    if ((c & 0xc0) === 0x80) continue;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return b.length - i < need ? i : b.length;
  }
  return b.length;
}

const MARK = Buffer.from(UNDECODABLE, 'utf8');

/** The buffer with every run of bytes that are not UTF-8 replaced by the UNDECODABLE mark. */
export function markUndecodable(b: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  let i = 0;
  while (i < b.length) {
    const n = sequenceLength(b, i);
    if (n) {
      i += n;
      continue;
    }
    if (i > start) parts.push(b.subarray(start, i));
    parts.push(MARK);
    while (i < b.length && !sequenceLength(b, i)) i++;
    start = i;
  }
  if (start < b.length) parts.push(b.subarray(start));
  return Buffer.concat(parts);
}

/**
 * Passes a byte stream through unchanged when it is UTF-8 (one native check per chunk); bytes that
 * are not are marked (see UNDECODABLE), so the CSV row holding them is rejected by name.
 */
export class Utf8Guard extends Transform {
  private carry: Buffer | undefined;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const b = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = completeUpTo(b);
    this.carry = cut < b.length ? Buffer.from(b.subarray(cut)) : undefined;
    const head = b.subarray(0, cut);
    done(null, isUtf8(head) ? head : markUndecodable(head));
  }
  override _flush(done: TransformCallback): void {
    const rest = this.carry;
    this.carry = undefined;
    done(null, rest ? markUndecodable(rest) : undefined);
  }
}

/** WHATWG percent-decoding to bytes ("%" not followed by two hex digits stays as it is). */
function percentDecodeIsUtf8(s: string): boolean {
  if (!s.includes('%')) return true; // fastify's own parser handles plain text; raw bytes arrive percent-encoded
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else bytes.push(...Buffer.from(s[i], 'utf8'));
  }
  return isUtf8(Buffer.from(bytes));
}

/**
 * WHATWG percent-decoding of a query or form component ("+" is a space; a "%" not followed by two
 * hex digits stays as typed). Call it on a component that percentDecodeIsUtf8 accepted: each run
 * of escapes is then whole UTF-8 on its own.
 */
function decodeComponent(s: string): string {
  return s.replace(/\+/g, ' ').replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** The first query (or form) parameter whose percent-encoded bytes are not UTF-8, by its name. */
export function undecodableParam(query: string): string | undefined {
  for (const part of query.split('&')) {
    if (!part.includes('%')) continue;
    const eq = part.indexOf('=');
    const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    if (!percentDecodeIsUtf8(k)) return 'query';
    if (!percentDecodeIsUtf8(v)) return decodeComponent(k) || 'query';
  }
  return undefined;
}

/** A form body (application/x-www-form-urlencoded), strictly: repeated names become arrays. */
export function parseForm(body: Buffer): Record<string, string | string[]> {
  if (!isUtf8(body)) throw new InvalidInput(`body: ${NOT_UTF8}`);
  const text = body.toString('utf8');
  const bad = undecodableParam(text);
  if (bad) throw new InvalidInput(`${bad}: ${NOT_UTF8} (percent-encoded bytes that are not UTF-8)`);
  const out: Record<string, string | string[]> = Object.create(null);
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = decodeComponent(eq < 0 ? part : part.slice(0, eq));
    const v = eq < 0 ? '' : decodeComponent(part.slice(eq + 1));
    if (k === '__proto__') throw new InvalidInput('body: the field name __proto__ is not allowed');
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Installs the strict JSON and form parsers and the query check on the HTTP application. */
export function installStrictDecoding(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const bodyLimit = fastify.initialConfig.bodyLimit;
  const json = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (req, body, done) => {
    // RFC 8259: JSON exchanged between systems is UTF-8; other bytes are malformed JSON, not text to repair
    if (!isUtf8(body)) return done(new InvalidInput(`body: ${NOT_UTF8}; JSON must be sent as UTF-8`), undefined);
    json(req as Parameters<typeof json>[0], body.toString('utf8'), done);
  });
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, (_req, body, done) => {
    try {
      done(null, parseForm(body));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // synchronous: most requests have no query at all, and an async hook costs a promise per request
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const q = req.url.indexOf('?');
    const bad = q < 0 ? undefined : undecodableParam(req.url.slice(q + 1));
    if (!bad) return done();
    reply
      .code(400)
      .header('content-type', 'application/json; charset=utf-8')
      .send({ statusCode: 400, error: 'Bad Request', message: [`${bad}: ${NOT_UTF8} (percent-encoded bytes that are not UTF-8)`] });
  });
}
