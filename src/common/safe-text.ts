/**
 * The one rule for text the service accepts (JSON, CSV, query strings, forms): it must be
 * Unicode text Postgres can store, and it is refused, never repaired. Refused are a NUL (U+0000),
 * an unpaired UTF-16 surrogate (only JSON's \uD800 escapes can make one) and bytes that are not
 * UTF-8 (the decoders in strict-decoding.ts refuse those before any text exists, or, in a CSV
 * stream, mark them with UNDECODABLE so the row holding them is rejected).
 */
// eslint-disable-next-line no-control-regex -- the NUL byte is exactly what this rule refuses
const SUSPECT = /[\u0000\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Stands in for bytes that are not UTF-8 in a CSV stream. It holds a NUL, so no accepted text can
 * contain it; a cell holding it is reported as "not valid UTF-8" rather than as holding a NUL.
 */
export const UNDECODABLE = '\u0000\ufffd';

/** The rule of text holding a NUL character. */
export const NUL_RULE = 'must not contain a NUL character (\\u0000)';

/** Why a string is not acceptable text, as the rule part of a "<field>: <rule>" message; undefined when it is fine. */
export function textProblem(s: string): string | undefined {
  if (!SUSPECT.test(s)) return undefined; // the common case: one scan, no allocation
  if (s.includes(UNDECODABLE)) return 'is not valid UTF-8 text (holds bytes that are not UTF-8)';
  if (s.includes('\u0000')) return NUL_RULE;
  if (LONE_SURROGATE.test(s)) return 'contains an unpaired UTF-16 surrogate (not valid text)';
  return undefined;
}

function isWalkable(v: object): boolean {
  if (Array.isArray(v)) return true;
  // parsed JSON, forms and query strings only (fast-querystring's objects inherit from a bare
  // prototype); a streamed body (CSV import) or another class instance is not walked
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Every string (and key) in a parsed payload that breaks the text rule, as "<path>: <rule>"
 * messages, e.g. "orders[3].buyerRef: must not contain a NUL character". Iterative, so a deeply
 * nested body cannot overflow the stack.
 */
export function unsafeTextMessages(value: unknown, root = '', limit = 50): string[] {
  const out: string[] = [];
  // [value, path]; a bad field name is queued as a message so that messages come in document order
  const stack: Array<[unknown, string] | [typeof BAD_NAME, string, string]> = [[value, root]];
  while (stack.length && out.length < limit) {
    const item = stack.pop()!;
    const [v, path] = item;
    if (v === BAD_NAME) {
      out.push(`${path}: the field name ${item[2]}`);
      continue;
    }
    if (typeof v === 'string') {
      const p = textProblem(v);
      if (p) out.push(`${path || 'body'}: ${p}`);
      continue;
    }
    if (!v || typeof v !== 'object' || !isWalkable(v)) continue;
    const array = Array.isArray(v);
    const entries = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, x] = entries[i];
      const keyProblem = array ? undefined : textProblem(k);
      const name = keyProblem ? JSON.stringify(k) : k;
      const p = array ? `${path}[${k}]` : path ? `${path}.${name}` : name;
      stack.push(keyProblem ? [BAD_NAME, p, keyProblem] : [x, p]);
    }
  }
  return out;
}

const BAD_NAME = Symbol('bad field name');
