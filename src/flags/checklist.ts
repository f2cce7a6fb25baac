import type { ChecklistItem, FlagKind, MarketMetrics } from './flag.types';
import { fill, marketName, materialName } from './i18n';
import type { PaperworkApplies, PaperworkEntry } from './paperwork-seed';

export interface ChecklistContext {
  kind: FlagKind;
  market: string;
  metrics: Pick<MarketMetrics, 'materials13w' | 'categories13w' | 'heaviestParcelKg' | 'cnOverLimit13w' | 'wildlifeMaterials'>;
  business: { nib: string | null; hasCustomsAccess: boolean };
}

export function applies(a: PaperworkApplies, ctx: ChecklistContext): boolean {
  const m = ctx.metrics;
  if (a.kinds && !a.kinds.includes(ctx.kind)) return false;
  if (a.markets && !a.markets.includes(ctx.market)) return false;
  if (a.materials && !a.materials.some((x) => m.materials13w.includes(x))) return false;
  if (a.categories && !a.categories.some((x) => m.categories13w.includes(x))) return false;
  if (a.minHeaviestKg !== undefined && !(m.heaviestParcelKg !== null && m.heaviestParcelKg > a.minHeaviestKg)) return false;
  if (a.maxHeaviestKg !== undefined && m.heaviestParcelKg !== null && m.heaviestParcelKg > a.maxHeaviestKg) return false;
  if (a.cnOverLimit && !(m.cnOverLimit13w > 0)) return false;
  if (a.unlessCustomsAccess && ctx.business.nib && ctx.business.hasCustomsAccess) return false;
  return true;
}

/** The paperwork a flag needs: every active catalog entry that applies, in catalog order, with its reason filled in. */
export function buildChecklist(catalog: PaperworkEntry[], ctx: ChecklistContext): ChecklistItem[] {
  const mk = marketName(ctx.market);
  const mats = (ctx.metrics.wildlifeMaterials.length ? ctx.metrics.wildlifeMaterials : ctx.metrics.materials13w).map(materialName);
  const vars = (lang: 'id' | 'en') => ({
    market: mk[lang],
    materials: mats.map((x) => x[lang]).join(', '),
    kg: ctx.metrics.heaviestParcelKg ?? 0,
    count: ctx.metrics.cnOverLimit13w,
  });
  return [...catalog]
    .sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code))
    .filter((e) => applies(e.applies, ctx))
    .map((e) => ({ code: e.code, title: e.title, reason: { id: fill(e.reason.id, vars('id')), en: fill(e.reason.en, vars('en')) } }));
}
