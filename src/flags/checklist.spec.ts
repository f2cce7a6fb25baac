import { buildChecklist, ChecklistContext } from './checklist';
import { PAPERWORK_SEED } from './paperwork-seed';

const ctx = (over: Partial<ChecklistContext> & { materials13w?: string[]; declared?: string[] } = {}): ChecklistContext => ({
  kind: over.kind ?? 'readiness',
  market: over.market ?? 'MY',
  metrics: { materials13w: over.materials13w ?? ['snakeskin'], categories13w: ['bag'], heaviestParcelKg: 4, cnOverLimit13w: 0, wildlifeMaterials: (over.materials13w ?? ['snakeskin']).filter((m) => m === 'snakeskin' || m === 'stingray') },
  business: { nib: null, hasCustomsAccess: false, materials: over.declared ?? [] },
});
const codes = (c: ChecklistContext) => buildChecklist(PAPERWORK_SEED, c).map((i) => i.code);

describe('paperwork checklist: the next step plus every permit the materials need', () => {
  it('snakeskin to Malaysia: formal export, then SATS-LN, the importing CITES permit and KH-12', () => {
    expect(codes(ctx())).toEqual(['NIB', 'PEB', 'CN', 'SKA-D', 'SATS-LN', 'CITES-IMPORT', 'KH-12', 'MY-LVG']);
    const kh12 = buildChecklist(PAPERWORK_SEED, ctx()).find((i) => i.code === 'KH-12')!;
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
