/** The pure pieces of a digest: which rows a subscriber sees, the headline counts, and the small HTML and text helpers. */
import { SnapshotItem } from '../reports/report.types';
import { DigestFilters } from './digest-text';

/** A subscriber sees the rows of the frozen list that match every filter they set. */
export function matchingItems(items: SnapshotItem[], f: DigestFilters): SnapshotItem[] {
  return items.filter(
    (i) =>
      (!f.districts.length || f.districts.includes(i.district)) &&
      (!f.markets.length || f.markets.includes(i.market)) &&
      (!f.kinds.length || f.kinds.includes(i.kind)) &&
      (!f.materials.length || f.materials.some((m) => i.materials.includes(m) || i.wildlifeMaterials.includes(m))),
  );
}

/** "No changes": nothing new and nothing resolved for this subscriber this period. */
export function hasChanges(items: SnapshotItem[]): boolean {
  return items.some((i) => i.change !== 'continuing');
}

/**
 * The headline numbers. Active flags = new + continuing; resolved flags are no longer active and
 * are counted apart. Orders and value are those of the active flags' business × market pairs,
 * each pair once (a readiness and a compliance flag on the same pair share their orders).
 */
export function digestCounts(items: SnapshotItem[]): {
  new: number;
  continuing: number;
  resolved: number;
  active: number;
  orders13w: number;
  value13wIdr: number;
} {
  const c = { new: 0, continuing: 0, resolved: 0, active: 0, orders13w: 0, value13wIdr: 0 };
  const pairs = new Set<string>();
  for (const i of items) {
    c[i.change]++;
    if (i.change === 'resolved') continue;
    c.active++;
    const pair = `${i.businessId}|${i.market}`;
    if (pairs.has(pair)) continue;
    pairs.add(pair);
    c.orders13w += i.orders13w;
    c.value13wIdr += i.value13wIdr;
  }
  return c;
}

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const BLOCKS = '▁▂▃▄▅▆▇█';
/** Plain-text sparkline of weekly orders. */
export function sparkline(values: number[]): string {
  const max = Math.max(1, ...values);
  return values.map((v) => (v <= 0 ? '·' : BLOCKS[Math.min(7, Math.round((v / max) * 7))])).join('');
}

/**
 * A bar chart as nested tables with bgcolor/height attributes: no JavaScript, no images, no CSS
 * the big mail clients strip (Outlook and Gmail keep table attributes). Kept lean (~2 kB for 13
 * weeks): the whole HTML part must stay well under Gmail's ~102 kB clipping point.
 */
export function htmlBarChart(series: Array<{ week: string; orders: number }>, label: string): string {
  const max = Math.max(1, ...series.map((s) => s.orders));
  const cells = series
    .map((s) => {
      const h = s.orders > 0 ? Math.max(2, Math.round((s.orders / max) * 40)) : 1;
      return `<td valign="bottom"><table cellpadding="0" cellspacing="0"><tr><td width="9" height="${h}" bgcolor="${s.orders > 0 ? '#2f7d4a' : '#d0d7de'}"></td></tr></table></td>`;
    })
    .join('');
  return `<table role="presentation" cellpadding="0" cellspacing="2" border="0" aria-label="${esc(label)}" style="margin:4px 0"><tr height="42">${cells}</tr><tr><td colspan="${series.length}" style="font-size:11px;color:#57606a">${esc(label)}: ${series.map((s) => s.orders).join(' · ')}</td></tr></table>`;
}

/** One block of the message in both parts. */
export interface Part {
  h: string;
  t: string[];
}

/** Highest score first; among equal scores (compliance flags often all score 100) the larger 13-week value. */
export const byScore = (a: SnapshotItem, b: SnapshotItem) =>
  b.score - a.score || b.value13wIdr - a.value13wIdr || a.businessName.localeCompare(b.businessName) || a.flagId.localeCompare(b.flagId);

/** "Lasem 12 · Sluke 8 · Kragan 3": largest first. */
export function tally(items: SnapshotItem[], key: (i: SnapshotItem) => string): string {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return [...m]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} ${n}`)
    .join(' · ');
}
