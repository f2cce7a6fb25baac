import { WILDLIFE_MATERIALS } from '../common/reference-data';
import type { ChecklistItem, FlagKind, MarketMetrics } from './flag.types';
import { fill, marketName, materialName } from './i18n';
import type { PaperworkApplies, PaperworkEntry } from './paperwork-seed';

export interface ChecklistContext {
  kind: FlagKind;
  market: string;
  metrics: Pick<MarketMetrics, 'materials13w' | 'categories13w' | 'heaviestParcelKg' | 'cnOverLimit13w' | 'wildlifeMaterials'>;
  /** `materials`: the business's declared materials; permits apply to them as to the materials it shipped. */
  business: { nib: string | null; hasCustomsAccess: boolean; materials?: string[] };
}

/** Materials shipped to the market in the 13 weeks plus those the business declares, in a stable order. */
export function materialsOf(ctx: ChecklistContext): string[] {
  return [...new Set([...ctx.metrics.materials13w, ...(ctx.business.materials ?? [])])].sort();
}

export function applies(a: PaperworkApplies, ctx: ChecklistContext): boolean {
  const m = ctx.metrics;
  if (a.kinds && !a.kinds.includes(ctx.kind)) return false;
  if (a.markets && !a.markets.includes(ctx.market)) return false;
  if (a.materials && !a.materials.some((x) => materialsOf(ctx).includes(x))) return false;
  if (a.categories && !a.categories.some((x) => m.categories13w.includes(x))) return false;
  if (a.minHeaviestKg !== undefined && !(m.heaviestParcelKg !== null && m.heaviestParcelKg > a.minHeaviestKg)) return false;
  if (a.maxHeaviestKg !== undefined && m.heaviestParcelKg !== null && m.heaviestParcelKg > a.maxHeaviestKg) return false;
  if (a.cnOverLimit && !(m.cnOverLimit13w > 0)) return false;
  if (a.unlessCustomsAccess && ctx.business.nib && ctx.business.hasCustomsAccess) return false;
  return true;
}

/**
 * The paperwork a flag needs: every active catalog entry that applies, in catalog order, with its
 * reason filled in. For a readiness flag that is the next step (formal export: NIB, PEB, certificate
 * of origin) plus every permit its materials need on any route.
 */
export function buildChecklist(catalog: PaperworkEntry[], ctx: ChecklistContext): ChecklistItem[] {
  const mk = marketName(ctx.market);
  const all = materialsOf(ctx);
  const wild = all.filter((x) => (WILDLIFE_MATERIALS as readonly string[]).includes(x));
  const mats = (wild.length ? wild : all).map(materialName);
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
