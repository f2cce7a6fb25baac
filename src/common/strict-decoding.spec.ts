import { Readable } from 'node:stream';
import { markUndecodable, parseForm, undecodableParam, Utf8Guard } from './strict-decoding';
import { UNDECODABLE } from './safe-text';

async function through(chunks: Buffer[]): Promise<string> {
  const out: Buffer[] = [];
  for await (const c of Readable.from(chunks).pipe(new Utf8Guard())) out.push(c as Buffer);
  return Buffer.concat(out).toString('utf8');
}

describe('Utf8Guard', () => {
  const text = 'Kedai 👜 Kulit é ü 中文\n';
  it('passes UTF-8 through unchanged, whatever byte a multi-byte character is split at', async () => {
    const b = Buffer.from(text);
    for (let cut = 1; cut < b.length; cut++) {
      expect(await through([b.subarray(0, cut), b.subarray(cut)])).toBe(text);
    }
    // one byte at a time
    expect(await through([...b].map((x) => Buffer.from([x])))).toBe(text);
  });

  it('marks bytes that are not UTF-8 (Latin-1, a truncated sequence, CESU surrogates, overlongs), never U+FFFD alone', async () => {
    expect(await through([Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a])])).toBe(`Caf${UNDECODABLE}\n`);
    expect(await through([Buffer.from('ab'), Buffer.from([0xf0, 0x9f])])).toBe(`ab${UNDECODABLE}`); // cut off at the end
    expect(await through([Buffer.from([0xed, 0xa0, 0x80, 0x41])])).toBe(`${UNDECODABLE}A`);
    expect(await through([Buffer.from([0xc0, 0xaf, 0x41])])).toBe(`${UNDECODABLE}A`);
    expect(markUndecodable(Buffer.from('fine ✓')).toString()).toBe('fine ✓');
  });
});

describe('query and form decoding', () => {
  it('names the first parameter whose escapes are not UTF-8; plain and well-formed ones pass', () => {
    expect(undecodableParam('a=1&lanjut=%2F%E9&b=2')).toBe('lanjut');
    expect(undecodableParam('cari=%ED%A0%80')).toBe('cari'); // an encoded surrogate is not UTF-8
    expect(undecodableParam('%FF=1')).toBe('query');
    expect(undecodableParam('cari=caf%C3%A9&x=100%&y=%ZZ')).toBeUndefined();
  });

  it('parses a form strictly: repeated names become arrays, "+" is a space, bad bytes are a 400', () => {
    expect({ ...parseForm(Buffer.from('email=sari%40contoh.id&m=a&m=b+c&cari=100%')) }).toEqual({ email: 'sari@contoh.id', m: ['a', 'b c'], cari: '100%' });
    expect(() => parseForm(Buffer.from('email=%E9'))).toThrow(/email: is not valid UTF-8/);
    expect(() => parseForm(Buffer.from([0x65, 0x3d, 0xe9]))).toThrow(/body: is not valid UTF-8/);
    expect(() => parseForm(Buffer.from('__proto__=x'))).toThrow(/__proto__/);
  });
});
