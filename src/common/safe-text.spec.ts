import { textProblem, unsafeTextMessages, UNDECODABLE } from './safe-text';

describe('textProblem', () => {
  it.each([
    ['plain text', 'Kedai Kulit KL', undefined],
    ['an emoji (a surrogate pair)', 'tas 👜', undefined],
    ['a real U+FFFD', 'a \ufffd b', undefined],
    ['a NUL', 'a\u0000b', 'must not contain a NUL character (\\u0000)'],
    ['a lone high surrogate', 'a\ud800', 'contains an unpaired UTF-16 surrogate (not valid text)'],
    ['a lone low surrogate', '\udc00a', 'contains an unpaired UTF-16 surrogate (not valid text)'],
    ['two high surrogates', '\ud800\ud800\udc00', 'contains an unpaired UTF-16 surrogate (not valid text)'],
    ['the mark for bytes that are not UTF-8', `Caf${UNDECODABLE}`, 'is not valid UTF-8 text (holds bytes that are not UTF-8)'],
  ])('%s', (_what, s, expected) => {
    expect(textProblem(s)).toBe(expected);
  });
});

describe('unsafeTextMessages', () => {
  it('names every bad string and key by its path, in document order', () => {
    const body = {
      name: 'ok',
      orders: [{ buyerRef: 'fine' }, { buyerRef: 'x\u0000', note: ['a', '\ud800'] }],
      'k\u0000': 1,
      nested: { deep: { deeper: 'z\udc00' } },
    };
    expect(unsafeTextMessages(body)).toEqual([
      'orders[1].buyerRef: must not contain a NUL character (\\u0000)',
      'orders[1].note[1]: contains an unpaired UTF-16 surrogate (not valid text)',
      '"k\\u0000": the field name must not contain a NUL character (\\u0000)',
      'nested.deep.deeper: contains an unpaired UTF-16 surrogate (not valid text)',
    ]);
  });

  it('names a single string by the argument it was taken as, and the body as "body"', () => {
    expect(unsafeTextMessages('a\u0000', 'lanjut')).toEqual(['lanjut: must not contain a NUL character (\\u0000)']);
    expect(unsafeTextMessages('a\u0000')).toEqual(['body: must not contain a NUL character (\\u0000)']);
  });

  it('walks query objects with a bare prototype, but not streams or class instances', () => {
    class Bare {}
    Object.setPrototypeOf(Bare.prototype, null);
    expect(unsafeTextMessages(Object.assign(new Bare(), { q: 'a\u0000' }))).toEqual(['q: must not contain a NUL character (\\u0000)']);
    class Other {
      s = 'a\u0000';
    }
    expect(unsafeTextMessages(new Other())).toEqual([]);
  });

  it('does not overflow on a deeply nested body', () => {
    let v: unknown = 'x\u0000';
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(unsafeTextMessages(v)).toHaveLength(1);
  });
});
