import { buildChecklist, ChecklistContext } from './checklist';
import type { PaperworkEntry } from './paperwork-seed';
import { PAPERWORK_V1 } from '../../migrations/seed/1764300200000-VolumeWatch.seed';
import { CITES_IMPORT_REASON, KH12 } from '../../migrations/seed/1764301400000-RuleSetV2.seed';

/**
 * The catalog the volume-watch and rule-set-v2 migrations leave, replayed from their frozen seeds. The
 * export ladder's own entries (its seed) are left out: which of them a plan shows depends on the rung.
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
  return [...v1, KH12];
}
const CATALOG = migratedCatalog();

const ctx = (over: Partial<ChecklistContext> & { materials13w?: string[]; declared?: string[] } = {}): ChecklistContext => ({
  kind: over.kind ?? 'readiness',
  market: over.market ?? 'MY',
  metrics: { materials13w: over.materials13w ?? ['snakeskin'], categories13w: ['bag'], heaviestParcelKg: 4, cnOverLimit13w: 0, wildlifeMaterials: (over.materials13w ?? ['snakeskin']).filter((m) => m === 'snakeskin' || m === 'stingray') },
  business: { nib: null, hasCustomsAccess: false, materials: over.declared ?? [] },
});
const codes = (c: ChecklistContext) => buildChecklist(CATALOG, c).map((i) => i.code);

describe('paperwork checklist: the next step plus every permit the materials need', () => {
  it('snakeskin to Malaysia: formal export, then SATS-LN, the importing CITES permit and KH-12', () => {
    expect(codes(ctx())).toEqual(['NIB', 'PEB', 'CN', 'SKA-D', 'SATS-LN', 'CITES-IMPORT', 'KH-12', 'MY-LVG']);
    const kh12 = buildChecklist(CATALOG, ctx()).find((i) => i.code === 'KH-12')!;
    expect(kh12.reason.id).toBe('Produk kulit ular ke Malaysia memerlukan sertifikat karantina KH-12 dari Barantin, baik lewat pengiriman langsung maupun ekspor formal');
  });

  it('stingray to China: the KKP permits and CITES, not the snakeskin ones', () => {
    expect(codes(ctx({ market: 'CN', materials13w: ['stingray'] }))).toEqual(['NIB', 'PEB', 'CN', 'SKA-E', 'KKP-RAY', 'CITES-IMPORT']);
  });

  it('CITES applies to any market; the permits follow declared materials too; none for cowhide alone', () => {
    expect(codes(ctx({ market: 'SG' }))).toEqual(['NIB', 'PEB', 'CN', 'SATS-LN', 'CITES-IMPORT', 'KH-12']);
    expect(codes(ctx({ market: 'SG', materials13w: ['cowhide'], declared: ['stingray'] }))).toEqual(['NIB', 'PEB', 'CN', 'KKP-RAY', 'CITES-IMPORT']);
    expect(codes(ctx({ market: 'SG', materials13w: ['cowhide'] }))).toEqual(['NIB', 'PEB', 'CN']);
  });

  it('compliance flags carry the permits only', () => {
    expect(codes(ctx({ kind: 'compliance' }))).toEqual(['SATS-LN', 'CITES-IMPORT', 'KH-12']);
  });
});
