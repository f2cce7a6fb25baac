import type { FlagDto } from '../../flags/dto/flag.dto';

/** A staff-visible flag for view tests: a readiness flag to Malaysia with money, materials and counts among its signals. */
export const flag = (over: Partial<FlagDto> = {}): FlagDto => ({
  id: 'f1',
  businessId: 'b1',
  businessName: 'Ulla Leather',
  district: 'Lasem',
  market: 'MY',
  kind: 'readiness',
  status: 'open',
  raisedOn: '2026-11-22',
  resolvedOn: null,
  lastEvaluatedOn: '2026-11-22',
  score: 72,
  ruleSetVersion: 2,
  rung: 'own_cn',
  nextRung: 'consolidated',
  reasons: ['Kontinuitas: pesanan di 13 dari 13 minggu terakhir'],
  signals: {
    value13wIdr: { value: 7379832, threshold: 50_000_000, hit: false },
    wildlifeMaterials: { value: ['snakeskin'], threshold: null, hit: true },
    activeWeeks: { value: 13, threshold: 8, hit: true },
  },
  checklist: [{ code: 'SATS-LN', title: 'Izin SATS-LN', reason: 'Bahan kulit ular' }],
  series: [],
  evidenceOrderIds: [],
  snoozedUntil: null,
  createdAt: '2026-11-23T00:00:00Z',
  updatedAt: '2026-11-23T00:00:00Z',
  ...over,
});
