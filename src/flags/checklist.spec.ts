import type { Rung } from '../pathway/pathway.types';
import { buildChecklist, ChecklistContext, flagChecklist } from './checklist';
import type { PaperworkEntry } from './paperwork-seed';
import { PAPERWORK_V1 } from '../../migrations/seed/1764300200000-VolumeWatch.seed';
import { CITES_IMPORT_REASON, KH12 } from '../../migrations/seed/1764301400000-RuleSetV2.seed';
import { LADDER_PAPERWORK, PAPERWORK_RUNGS } from '../../migrations/seed/1764301500000-ExportLadder.seed';

/**
 * The catalog the volume-watch, rule-set-v2 and export-ladder migrations leave, replayed from their
 * frozen seeds: every entry with the rung it belongs to (none: a permit or market rule for every rung).
 */
function migratedCatalog(): PaperworkEntry[] {
  const permits = ['SATS-LN', 'KKP-RAY', 'CITES-IMPORT'];
  const v1: PaperworkEntry[] = PAPERWORK_V1.map((p) => {
    const { kinds, markets, ...applies } = p.applies as PaperworkEntry['applies'];
    const compliancePermit = permits.includes(p.code) && kinds?.join() === 'compliance';
    const cites = p.code === 'CITES-IMPORT' && markets?.join() === 'MY,CN';
    return {
      ...p,
      reason: cites ? CITES_IMPORT_REASON : p.reason,
      applies: { ...applies, ...(kinds && !compliancePermit ? { kinds } : {}), ...(markets && !cites ? { markets } : {}) },
    };
  });
  const ladder = LADDER_PAPERWORK.map((p) => ({ ...p, applies: { ...p.applies } }) as unknown as PaperworkEntry);
  return [...v1, KH12 as PaperworkEntry, ...ladder].map((p) => ({ ...p, rung: (PAPERWORK_RUNGS[p.code] ?? p.rung ?? null) as Rung | null }));
}
const CATALOG = migratedCatalog();

const ctx = (over: Partial<ChecklistContext> & { materials13w?: string[]; declared?: string[] } = {}): ChecklistContext => ({
  kind: over.kind ?? 'readiness',
  market: over.market ?? 'MY',
  metrics: {
    materials13w: over.materials13w ?? ['snakeskin'],
    categories13w: ['bag'],
    heaviestParcelKg: 4,
    cnOverLimit13w: 0,
    wildlifeMaterials: (over.materials13w ?? ['snakeskin']).filter((m) => m === 'snakeskin' || m === 'stingray'),
  },
  business: { nib: null, hasCustomsAccess: false, materials: over.declared ?? [] },
});
const codes = (c: ChecklistContext, next: Rung | null = 'agent_peb') => flagChecklist(CATALOG, c, next).map((i) => i.code);

describe('paperwork checklist: the next rung plus every permit the materials need', () => {
  it('snakeskin to Malaysia: the next rung (a PEB), then SATS-LN, the importing CITES permit, KH-12 and the market rule', () => {
    expect(codes(ctx())).toEqual(['PEB', 'SATS-LN', 'CITES-IMPORT', 'KH-12', 'MY-LVG']);
    const kh12 = buildChecklist(CATALOG, ctx()).find((i) => i.code === 'KH-12')!;
    expect(kh12.reason.id).toBe(
      'Produk kulit ular ke Malaysia memerlukan sertifikat karantina KH-12 dari Barantin, baik lewat pengiriman langsung maupun ekspor formal',
    );
  });

  it('each next rung brings its own paperwork: CN, PKBK, NIB, Form D, certified exporter; the top rung only the permits', () => {
    expect(codes(ctx({ market: 'SG', materials13w: ['cowhide'] }), 'own_cn')).toEqual(['CN']);
    expect(codes(ctx({ market: 'SG', materials13w: ['cowhide'] }), 'consolidated')).toEqual(['PKBK']);
    expect(codes(ctx({ market: 'SG', materials13w: ['cowhide'] }), 'own_peb')).toEqual(['NIB']);
    expect(codes(ctx(), 'origin_certified')).toEqual(['SKA-D', 'SATS-LN', 'CITES-IMPORT', 'KH-12', 'MY-LVG']);
    expect(codes(ctx(), 'certified_exporter')).toEqual(['CERTIFIED-EXPORTER', 'SATS-LN', 'CITES-IMPORT', 'KH-12', 'MY-LVG']);
    expect(codes(ctx(), null)).toEqual(['SATS-LN', 'CITES-IMPORT', 'KH-12', 'MY-LVG']);
  });

  it('stingray to China: the KKP permits and CITES, not the snakeskin ones', () => {
    expect(codes(ctx({ market: 'CN', materials13w: ['stingray'] }), 'origin_certified')).toEqual(['SKA-E', 'KKP-RAY', 'CITES-IMPORT']);
  });

  it('CITES applies to any market; the permits follow declared materials too; none for cowhide alone', () => {
    expect(codes(ctx({ market: 'SG' }))).toEqual(['PEB', 'SATS-LN', 'CITES-IMPORT', 'KH-12']);
    expect(codes(ctx({ market: 'SG', materials13w: ['cowhide'], declared: ['stingray'] }))).toEqual(['PEB', 'KKP-RAY', 'CITES-IMPORT']);
    expect(codes(ctx({ market: 'SG', materials13w: ['cowhide'] }))).toEqual(['PEB']);
  });

  it('compliance flags carry the permits only, whatever the next rung', () => {
    expect(codes(ctx({ kind: 'compliance' }), 'own_cn')).toEqual(['SATS-LN', 'CITES-IMPORT', 'KH-12']);
  });
});
