import { WILDLIFE_MATERIALS } from '../common/reference-data';
import type { ChecklistItem, FlagKind, MarketMetrics } from './flag.types';
import { fill, marketName, materialName } from './i18n';
import type { Rung } from '../pathway/pathway.types';
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

/** A wildlife permit: an entry of every rung (no `rung`) that is about materials (SATS-LN, KH-12, KKP-RAY, CITES-IMPORT). */
export function isPermit(e: PaperworkEntry): boolean {
  return !e.rung && (e.applies.materials?.length ?? 0) > 0;
}

/**
 * The paperwork a flag needs, by the export ladder: a readiness flag gets the entries of its market's
 * next rung plus every entry of all rungs that applies (the permits its materials need, the market's
 * own rules); a compliance flag only the latter. On the top rung (`nextRung` null) only the latter.
 */
export function flagChecklist(catalog: PaperworkEntry[], ctx: ChecklistContext, nextRung: Rung | null): ChecklistItem[] {
  return buildChecklist(
    catalog.filter((e) => !e.rung || (ctx.kind === 'readiness' && e.rung === nextRung)),
    ctx,
  );
}

/** Every given catalog entry that applies, in catalog order, with its reason filled in. */
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
