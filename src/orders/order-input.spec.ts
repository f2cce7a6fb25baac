import { buyerKey, formatAmount, normaliseBuyer, parseAmount, validateOrder, ValidationContext } from './order-input';

const currencies = new Map([
  ['IDR', { minorUnits: 2, earliest: '2000-01-01' }],
  ['MYR', { minorUnits: 2, earliest: '2020-01-01' }],
  ['JPY', { minorUnits: 0, earliest: '2020-01-01' }],
  ['XYZ', { minorUnits: 2, earliest: null }],
]);
const ctx = (over: Partial<ValidationContext> = {}): ValidationContext => ({ now: new Date('2026-11-25T03:00:00Z'), currencies, source: 'json', ...over });
const valid = {
  externalRef: 'R-1',
  orderedAt: '2026-11-20',
  destinationCountry: 'my',
  buyerRef: '  Kedai  Kulit ',
  productCategory: 'bag',
  material: 'snakeskin',
  quantity: 3,
  amount: '1450.5',
  currency: 'myr',
  shippingChannel: 'post',
  weightKg: 1.25,
  hsCode: '4202.21',
};
const fieldsOf = (errors: string[]) => errors.map((e) => e.slice(0, e.indexOf(':')));

describe('validateOrder', () => {
  it('accepts a valid order and normalises it', () => {
    const r = validateOrder(valid, ctx());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.order).toMatchObject({
      externalRef: 'R-1',
      orderedOn: '2026-11-20',
      destinationCountry: 'MY',
      buyerRef: 'Kedai  Kulit',
      buyerNorm: 'kedai kulit',
      amountMinor: '145050',
      currency: 'MYR',
      minorUnits: 2,
      weightKg: '1.250',
      hsCode: '420221',
      quantity: 3,
    });
    expect(r.order.orderedAt.toISOString()).toBe('2026-11-19T17:00:00.000Z');
  });

  it.each([
    ['orderedAt', { orderedAt: '2026-11-26' }, /future/],
    ['orderedAt', { orderedAt: 'last week' }, /ISO date/],
    ['orderedAt', { orderedAt: 20261120 }, /ISO date/],
    ['destinationCountry', { destinationCountry: 'ID' }, /other than ID/],
    ['destinationCountry', { destinationCountry: 'XX' }, /alpha-2/],
    ['buyerRef', { buyerRef: '   ' }, /1 to 200/],
    ['buyerRef', { buyerRef: 'x'.repeat(201) }, /1 to 200/],
    ['productCategory', { productCategory: 'hat' }, /one of bag, wallet/],
    ['material', { material: 'gold' }, /one of snakeskin/],
    ['quantity', { quantity: 0 }, /1 to 100000/],
    ['quantity', { quantity: 100001 }, /1 to 100000/],
    ['quantity', { quantity: 1.5 }, /whole number/],
    ['quantity', { quantity: '3' }, /whole number/],
    ['amount', { amount: 0 }, /greater than 0/],
    ['amount', { amount: '-5' }, /greater than 0/],
    ['amount', { amount: 'NaN' }, /decimal/],
    ['amount', { amount: Infinity }, /finite/],
    ['amount', { amount: '1.005' }, /at most 2 decimal places for MYR/],
    ['amount', { amount: '1e5' }, /decimal/],
    ['amount', { amount: '1234567890123' }, /12 integer digits/],
    ['currency', { currency: 'ABC' }, /no exchange rate/],
    ['currency', { currency: 'XYZ' }, /no exchange rate/],
    ['currency', { orderedAt: '2019-06-01' }, /no MYR rate in force on 2019-06-01/],
    ['shippingChannel', { shippingChannel: 'pigeon' }, /one of post, courier/],
    ['weightKg', { weightKg: 0 }, /greater than 0/],
    ['weightKg', { weightKg: 10000.5 }, /at most 10000/],
    ['weightKg', { weightKg: '2' }, /number/],
    ['hsCode', { hsCode: '42' }, /4 to 10 digits/],
    ['hsCode', { hsCode: '42022112345' }, /4 to 10 digits/],
    ['externalRef', { externalRef: 'x'.repeat(101) }, /1 to 100/],
    ['externalRef', { externalRef: 12 }, /string/],
    ['colour', { colour: 'red' }, /unknown field/],
  ])('rejects a bad %s and names it', (field, patch, rule) => {
    const r = validateOrder({ ...valid, ...patch }, ctx());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(fieldsOf(r.errors)).toEqual([field]);
    expect(r.errors[0]).toMatch(rule);
  });

  it('reports every missing required field at once', () => {
    const r = validateOrder({}, ctx());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(fieldsOf(r.errors).sort()).toEqual(
      ['amount', 'buyerRef', 'currency', 'destinationCountry', 'material', 'orderedAt', 'productCategory', 'quantity', 'shippingChannel'].sort(),
    );
  });

  it('treats empty CSV cells as absent and accepts numeric strings there', () => {
    const row = { ...valid, quantity: '3', weightKg: '', hsCode: '', externalRef: '' };
    const r = validateOrder(row, ctx({ source: 'csv' }));
    expect(r.ok && r.order).toMatchObject({ quantity: 3, weightKg: null, hsCode: null, externalRef: null });
  });

  it('tolerates five minutes of clock skew but no more', () => {
    expect(validateOrder({ ...valid, orderedAt: '2026-11-25T03:04:00Z' }, ctx()).ok).toBe(true);
    expect(validateOrder({ ...valid, orderedAt: '2026-11-25T03:06:00Z' }, ctx()).ok).toBe(false);
  });

  it('rejects non-objects', () => {
    for (const bad of [null, 3, 'x', [valid]]) expect(validateOrder(bad, ctx())).toEqual({ ok: false, errors: ['order: must be a JSON object'] });
  });
});

describe('money', () => {
  it('parses decimals exactly into minor units', () => {
    expect(parseAmount('350.50', 2, 'MYR')).toEqual({ minor: '35050' });
    expect(parseAmount(350.5, 2, 'MYR')).toEqual({ minor: '35050' });
    expect(parseAmount('0.01', 2, 'MYR')).toEqual({ minor: '1' });
    expect(parseAmount('999999999999.99', 2, 'USD')).toEqual({ minor: '99999999999999' });
    expect(parseAmount('1500', 0, 'JPY')).toEqual({ minor: '1500' });
    expect(parseAmount('1500.00', 0, 'JPY')).toEqual({ minor: '1500' });
    expect(parseAmount('1500.5', 0, 'JPY')).toBe('amount: JPY has no decimal places');
    expect(parseAmount(0.1 + 0.2, 2, 'USD')).toBe('amount: at most 2 decimal places for USD');
    expect(parseAmount('0.00', 2, 'USD')).toBe('amount: must be greater than 0');
  });

  it('formats minor units back', () => {
    expect(formatAmount('35050', 2)).toBe('350.50');
    expect(formatAmount('5', 2)).toBe('0.05');
    expect(formatAmount(1500n, 0)).toBe('1500');
  });
});

describe('buyer identity', () => {
  it('ignores case, surrounding and repeated spaces, and width variants', () => {
    expect(normaliseBuyer('  Kedai   KULIT kl ')).toBe('kedai kulit kl');
    expect(normaliseBuyer('ＫＥＤＡＩ')).toBe('kedai');
    expect(buyerKey('s3cret', normaliseBuyer(' A  b '))).toBe(buyerKey('s3cret', normaliseBuyer('a B')));
    expect(buyerKey('s3cret', 'a b')).not.toBe(buyerKey('other', 'a b'));
  });
});

describe('validateOrder: the text rule, per field', () => {
  it.each([
    ['buyerRef', { buyerRef: 'Kedai\u0000KL' }, /NUL/],
    ['externalRef', { externalRef: 'R-\ud800' }, /unpaired UTF-16 surrogate/],
    ['hsCode', { hsCode: '4202\udc21' }, /unpaired UTF-16 surrogate/],
    ['buyerRef', { buyerRef: 'Caf\u0000\ufffd' }, /not valid UTF-8/], // the CSV decoder's mark for bytes that are not UTF-8
  ])('%s holding bad text is rejected by name, in JSON and CSV alike', (field, patch, rule) => {
    for (const source of ['json', 'csv'] as const) {
      const r = validateOrder({ ...valid, ...patch }, ctx({ source }));
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.errors).toEqual([expect.stringMatching(new RegExp(`^${field}: `))]);
      expect(r.errors[0]).toMatch(rule);
    }
  });

  it('a real U+FFFD or an emoji is text like any other', () => {
    const r = validateOrder({ ...valid, buyerRef: 'Pasar \ufffd 😀' }, ctx());
    expect(r.ok && r.order.buyerRef).toBe('Pasar \ufffd 😀');
  });

  it('a field name holding bad text is named quoted', () => {
    const r = validateOrder({ ...valid, 'x\u0000': 1 }, ctx());
    expect(!r.ok && r.errors).toEqual(['"x\\u0000": the field name must not contain a NUL character (\\u0000)']);
  });
});

it('validateOrder quotes an unknown field name that is not a plain identifier', () => {
  const r = validateOrder({ ...valid, 'a:b': 1, extra: 2 }, ctx());
  expect(!r.ok && r.errors).toEqual(['"a:b": unknown field (not allowed)', 'extra: unknown field (not allowed)']);
});
