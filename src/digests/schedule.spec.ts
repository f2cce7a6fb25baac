import { latestOccurrence, zonedTimeToInstant } from './schedule';
import { formatIdr, htmlBarChart, sparkline } from './digest-render';
import { buildSnapshotItems, suggestAction } from '../reports/snapshot-builder';
import { neutraliseFormula } from '../reports/weekly-list.view';

describe('digest schedule', () => {
  const weekly = { cadence: 'weekly' as const, sendAt: '07:00', timeZone: 'Asia/Jakarta' };
  it('is due Monday 07:00 WIB for the week that ended the day before', () => {
    expect(latestOccurrence(new Date('2026-11-23T00:00:00Z'), weekly)).toEqual({
      at: new Date('2026-11-23T00:00:00Z'),
      localDate: '2026-11-23',
      period: '2026-W47',
    });
    expect(latestOccurrence(new Date('2026-11-22T23:59:59Z'), weekly).period).toBe('2026-W46');
    expect(latestOccurrence(new Date('2026-11-26T10:00:00Z'), weekly).period).toBe('2026-W47'); // catch-up covers only the latest
  });
  it('works in other zones, across DST, and daily', () => {
    expect(zonedTimeToInstant('2026-11-30', '08:00', 'America/New_York').toISOString()).toBe('2026-11-30T13:00:00.000Z');
    expect(zonedTimeToInstant('2026-07-06', '08:00', 'America/New_York').toISOString()).toBe('2026-07-06T12:00:00.000Z');
    expect(latestOccurrence(new Date('2026-11-25T01:00:00Z'), { cadence: 'daily', sendAt: '07:00', timeZone: 'Asia/Jakarta' })).toMatchObject({
      period: '2026-11-25',
    });
    expect(latestOccurrence(new Date('2026-11-24T23:00:00Z'), { cadence: 'daily', sendAt: '07:00', timeZone: 'Asia/Jakarta' })).toMatchObject({
      period: '2026-11-24',
    });
  });
});

describe('rendering helpers', () => {
  it('formats rupiah per locale and draws charts without scripts or images', () => {
    expect(formatIdr(48_250_000, 'id')).toBe('Rp 48.250.000');
    expect(formatIdr(48_250_000, 'en')).toBe('IDR 48,250,000');
    expect(sparkline([0, 1, 4])).toBe('·▃█');
    const html = htmlBarChart(
      [
        { week: '2026-W46', orders: 0 },
        { week: '2026-W47', orders: 4 },
      ],
      'x',
    );
    expect(html).toContain('height="40"');
    expect(html).not.toMatch(/<img|<script|<svg/);
  });
  it('neutralises spreadsheet formulas in text cells', () => {
    expect(neutraliseFormula('=1+1')).toBe("'=1+1");
    expect(neutraliseFormula('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutraliseFormula('Lasem')).toBe('Lasem');
  });
});

describe('weekly list policy', () => {
  const base = {
    id: 'f',
    business_id: 'b',
    business_name: 'U',
    district: 'Lasem',
    materials: [],
    nib: null,
    has_customs_access: false,
    market: 'MY',
    kind: 'readiness' as const,
    score: '1',
    reasons: [],
    signals: {},
    checklist: [],
    series: [],
    metrics: null,
    resolved_on: null,
  };
  const week = { weekStart: '2026-11-16', weekEnd: '2026-11-22' };
  it('marks changes against the previous list and keeps resolved flags for their week only', () => {
    const rows = buildSnapshotItems(
      [
        { ...base, id: 'a', status: 'open', raised_on: '2026-11-01' },
        { ...base, id: 'b', status: 'open', raised_on: '2026-11-20' },
        { ...base, id: 'c', status: 'resolved', raised_on: '2026-10-01', resolved_on: '2026-11-22' },
        { ...base, id: 'd', status: 'resolved', raised_on: '2026-10-01', resolved_on: '2026-11-08' },
        { ...base, id: 'e', status: 'open', raised_on: '2026-11-23' },
      ],
      week,
      new Set(['a', 'c']),
    );
    expect(rows.map((r) => [r.flagId, r.change])).toEqual([
      ['b', 'new'],
      ['a', 'continuing'],
      ['c', 'resolved'],
    ]);
  });
  it('suggests wildlife checks first, then a visit, an NIB fix or coaching', () => {
    const s = (o: Partial<Parameters<typeof suggestAction>[0]>) =>
      suggestAction({ change: 'continuing', kind: 'readiness', wildlifeMaterials: [], checklist: [], nib: '1', hasCustomsAccess: true, ...o });
    expect(s({ kind: 'compliance', wildlifeMaterials: ['snakeskin'] })).toBe('sats_ln_check');
    expect(s({ kind: 'compliance', wildlifeMaterials: ['stingray'] })).toBe('kkp_check');
    expect(s({ change: 'new' })).toBe('visit');
    expect(s({ nib: null })).toBe('nib_customs_fix');
    expect(s({})).toBe('export_coaching_referral');
    expect(s({ change: 'resolved' })).toBe('monitor');
    // near capacity: productivity coaching before a visit or any paperwork, but after the wildlife permits
    expect(s({ nearCapacity: true, change: 'new' })).toBe('productivity_coaching');
    expect(s({ nearCapacity: true, nib: null })).toBe('productivity_coaching');
    expect(s({ nearCapacity: true, kind: 'compliance', wildlifeMaterials: ['snakeskin'] })).toBe('sats_ln_check');
    expect(s({ nearCapacity: true, change: 'resolved' })).toBe('monitor');
  });
});
