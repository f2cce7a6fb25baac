import { capacityReason, capacityUseSignal, capacityWindow, fullMonthsEnd } from './capacity-use';

describe('capacityUse', () => {
  it('averages the three full months against the declared monthly capacity; above the line it hits', () => {
    expect(capacityUseSignal(237, 100, 0.8)).toEqual({ value: 0.79, threshold: 0.8, hit: false });
    expect(capacityUseSignal(240, 100, 0.8)).toEqual({ value: 0.8, threshold: 0.8, hit: false }); // at the line is not above it
    expect(capacityUseSignal(243, 100, 0.8)).toEqual({ value: 0.81, threshold: 0.8, hit: true });
  });

  it('has no value without a declared capacity (none, or zero)', () => {
    expect(capacityUseSignal(50, null, 0.8)).toEqual({ value: null, threshold: 0.8, hit: false });
    expect(capacityUseSignal(50, 0, 0.8)).toEqual({ value: null, threshold: 0.8, hit: false });
    expect(capacityReason({ value: null, threshold: 0.8, hit: false })).toBeNull();
  });

  it('full months end before asOf’s month, except on its last day', () => {
    expect(fullMonthsEnd('2026-11-15')).toBe('2026-11-01');
    expect(fullMonthsEnd('2026-11-01')).toBe('2026-11-01');
    expect(fullMonthsEnd('2026-11-30')).toBe('2026-12-01');
    expect(capacityWindow('2026-03-10')).toEqual({ from: '2025-12-01', to: '2026-03-01' });
    expect(capacityWindow('2026-02-28')).toEqual({ from: '2025-12-01', to: '2026-03-01' });
  });

  it('says why in both languages, naming the share and the line', () => {
    expect(capacityReason({ value: 0.863, threshold: 0.8, hit: true })).toEqual({
      id: 'Produksi 3 bulan terakhir rata-rata 86 % dari kapasitas bulanan yang dinyatakan (batas 80 %): pendampingan produktivitas dulu, dokumen sesudahnya',
      en: 'The last 3 months averaged 86 % of the declared monthly capacity (line 80 %): productivity coaching first, paperwork after',
    });
  });
});
