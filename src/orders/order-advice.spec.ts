import { ADVICE_LIMITS, AdviceFacts, orderWarnings, valueInCny } from './order-advice';

const facts = (over: Partial<AdviceFacts> = {}): AdviceFacts => ({
  destinationCountry: 'MY',
  material: 'cowhide',
  declaration: 'cn',
  weightKg: '2.000',
  valueCny: null,
  validPermits: new Set(),
  ...over,
});
const codes = (over: Partial<AdviceFacts>) => orderWarnings(facts(over)).map((w) => w.code);

describe('orderWarnings', () => {
  it('says nothing for an ordinary parcel', () => {
    expect(orderWarnings(facts())).toEqual([]);
  });

  it('asks for a PEB above 30 kg on a CN, not at exactly 30 kg nor on a PEB', () => {
    expect(codes({ weightKg: '30.001' })).toEqual(['peb_required']);
    expect(codes({ weightKg: '30.000' })).toEqual([]);
    expect(codes({ weightKg: '45.000', declaration: 'peb' })).toEqual([]);
    expect(codes({ weightKg: null })).toEqual([]);
    const [w] = orderWarnings(facts({ weightKg: '31.500' }));
    expect(w).toMatchObject({ field: 'declaration', limitKg: ADVICE_LIMITS.pebAboveKg });
    expect(w.message.id).toContain('31.5 kg');
    expect(w.message.en).toContain('PEB');
  });

  it('flags a parcel to China above the personal-parcel limit, not at it', () => {
    expect(codes({ destinationCountry: 'CN', valueCny: 1000.01 })).toEqual(['cn_personal_limit']);
    expect(codes({ destinationCountry: 'CN', valueCny: 1000 })).toEqual([]);
    expect(codes({ destinationCountry: 'MY', valueCny: 5000 })).toEqual([]);
    expect(codes({ destinationCountry: 'CN', valueCny: null })).toEqual([]);
    expect(orderWarnings(facts({ destinationCountry: 'CN', valueCny: 1234.567 }))[0]).toMatchObject({ field: 'amount', limitCny: 1000, valueCny: 1234.57 });
  });

  it('asks for the permit of a wildlife material unless one is valid', () => {
    expect(orderWarnings(facts({ material: 'snakeskin' }))[0]).toMatchObject({
      code: 'wildlife_permit_missing',
      field: 'material',
      documentType: 'sats_ln_dealer_licence',
    });
    expect(orderWarnings(facts({ material: 'stingray' }))[0]).toMatchObject({ documentType: 'kkp_permit' });
    expect(codes({ material: 'snakeskin', validPermits: new Set(['sats_ln_dealer_licence']) })).toEqual([]);
    // a permit for the other material does not count
    expect(codes({ material: 'stingray', validPermits: new Set(['sats_ln_dealer_licence']) })).toEqual(['wildlife_permit_missing']);
  });

  it('lists every rule that applies, weight first', () => {
    expect(codes({ destinationCountry: 'CN', material: 'stingray', weightKg: '40.000', valueCny: 9000 })).toEqual([
      'peb_required',
      'cn_personal_limit',
      'wildlife_permit_missing',
    ]);
  });
});

describe('valueInCny', () => {
  it('converts through IDR at the two rates, and takes CNY as it is', () => {
    expect(valueInCny(100, 'MYR', 3600, 2250)).toBeCloseTo(160);
    expect(valueInCny(999, 'CNY', null, null)).toBe(999);
    expect(valueInCny(100, 'MYR', 3600, null)).toBeNull();
  });
});
