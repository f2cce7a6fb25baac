import { KITE_IKM_MIN_VALUE13W_IDR, kgText, RouteInput, suggestRoute } from './route';

const member = (n: number, district = 'Lasem', rung: RouteInput['members'][number]['rung'] = 'own_cn') => ({
  businessId: `b${n}`,
  businessName: `Batik ${n}`,
  district,
  rung,
});
const input = (o: Partial<RouteInput> = {}): RouteInput => ({
  material: 'cotton',
  members: [member(1), member(2, 'Pamotan')],
  heaviestKg: 2,
  value13wIdr: 60_000_000,
  postShare: 1,
  heavyParcelKg: 30,
  ...o,
});

describe('suggestRoute: the first rule that holds', () => {
  it('a member on agent_peb or above → partner exporter, named, before every other rule', () => {
    const r = suggestRoute(input({ material: 'snakeskin', members: [member(1), member(2, 'Lasem', 'own_peb'), member(3, 'Lasem', 'agent_peb')] }));
    expect(r.route).toBe('partner_exporter');
    expect(r.reason.en).toBe('Batik 2 already stands on "Own PEB" in this market: the other members can ship through its exports (PEB)');
    expect(r.reason.id).toBe('Batik 2 sudah di anak tangga "PEB sendiri" untuk pasar ini: anggota lain dapat mengirim lewat ekspornya (PEB)');
    // consolidated (rung 2) is below the line
    expect(suggestRoute(input({ members: [member(1, 'Lasem', 'consolidated'), member(2, 'Pamotan')] })).route).toBe('pkbk');
  });

  it('wildlife material, or a combined value at the KITE IKM line → KITE IKM consortium', () => {
    expect(suggestRoute(input({ material: 'stingray' })).route).toBe('kite_ikm_consortium');
    expect(suggestRoute(input({ value13wIdr: KITE_IKM_MIN_VALUE13W_IDR })).route).toBe('kite_ikm_consortium');
    expect(suggestRoute(input({ value13wIdr: KITE_IKM_MIN_VALUE13W_IDR - 1 })).route).toBe('pkbk');
  });

  it('three or more members in one kecamatan → cooperative; two, or three across kecamatan, are not', () => {
    const three = [member(1), member(2), member(3)];
    const r = suggestRoute(input({ members: three }));
    expect(r.route).toBe('cooperative');
    expect(r.reason.id).toBe('3 anggota di satu kecamatan (Lasem): satu koperasi atau usaha yang ditunjuk sentra dapat mengekspor untuk semuanya');
    expect(suggestRoute(input({ members: [member(1), member(2)] })).route).toBe('pkbk');
    expect(suggestRoute(input({ members: [member(1), member(2), member(3, 'Rembang')] })).route).toBe('pkbk');
  });

  it('PKBK within the consignment line and mostly by post; otherwise a partner exporter, saying why', () => {
    expect(suggestRoute(input({ heaviestKg: 30 })).route).toBe('pkbk');
    const heavy = suggestRoute(input({ heaviestKg: 30.5 }));
    expect(heavy.route).toBe('partner_exporter');
    expect(heavy.reason.id).toBe('Bermitra dengan eksportir terdaftar yang mengurus PEB: kiriman terberat 30,5 kg melewati batas barang kiriman 30 kg');
    const courier = suggestRoute(input({ postShare: 0.4 }));
    expect(courier.route).toBe('partner_exporter');
    expect(courier.reason.en).toBe('Partner with a registered exporter who files the PEB: only 40 % of orders go by post');
    expect(suggestRoute(input({ postShare: 0.5 })).reason.en).toBe(
      'Heaviest consignment 2 kg (within the 30 kg consignment line) and 50 % of orders by post: combine them in one postal PKBK',
    );
  });

  it('kgText writes Indonesian and English decimals', () => {
    expect(kgText(19.5)).toEqual({ id: '19,5 kg', en: '19.5 kg' });
    expect(kgText(0.1 + 0.2)).toEqual({ id: '0,3 kg', en: '0.3 kg' });
  });
});
