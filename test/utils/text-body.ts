/**
 * A supertest parser that reads any body as UTF-8 text (supertest leaves text/csv unparsed):
 * `.buffer(true).parse(textBody as never)`, then `res.body` is the text.
 */
export const textBody = (res: NodeJS.ReadableStream, cb: (err: Error | null, body: string) => void): void => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks).toString('utf8')));
};
