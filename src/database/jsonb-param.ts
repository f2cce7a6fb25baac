/** jsonb's binary wire format: a version byte (1), then the JSON text. */
const JSONB_VERSION = 1;
/** Rows' text gathered per buffer piece: small enough for V8's young generation. */
const PIECE_CHARS = 32_768;

/**
 * A JSON array as a `$n::jsonb` parameter, in jsonb's binary wire format (pg sends a Buffer as a
 * binary parameter), written row by row. The text is exactly `JSON.stringify(rows)`.
 *
 * Why not `JSON.stringify(rows)`: the batch writes of a weekly run chunk (evaluations, flags,
 * events) are megabytes each, and V8 puts a string that size in its large-object space, which only a
 * full collection frees; the run's garbage then held the worker's RSS up by well over 100 MB. Here
 * each row's string is small and dies young, and the bytes live outside the JavaScript heap, freed
 * with their buffer.
 */
export function jsonbArray(rows: readonly unknown[]): Buffer {
  const pieces: Buffer[] = [Buffer.from([JSONB_VERSION])];
  let text = '[';
  for (let i = 0; i < rows.length; i++) {
    text += (i ? ',' : '') + JSON.stringify(rows[i] === undefined ? null : rows[i]);
    if (text.length >= PIECE_CHARS) {
      pieces.push(Buffer.from(text));
      text = '';
    }
  }
  pieces.push(Buffer.from(text + ']'));
  return Buffer.concat(pieces);
}
