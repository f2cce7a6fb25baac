import { JOINT_PAGES, JointExportWeek } from '../consolidation/consolidation.types';
import { jointRouteLabel, materialLabel } from '../web/labels';
import { trimBase } from './digest-links';
import { esc, type Part } from './digest-sections';
import { DigestFilters, formatIdr, Locale, marketLabel } from './digest-text';

const J = {
  id: {
    title: 'Ekspor bersama',
    candidate: 'Kandidat baru',
    newGroup: 'Kelompok baru',
    changed: 'Kelompok diperbarui',
    members: (n: number) => `${n} usaha`,
    combined: (orders: number, value: string) => `gabungan 13 minggu: ${orders} pesanan, ${value}`,
    coordinator: 'koordinator',
    more: (n: number) => `${n} lagi di dasbor`,
  },
  en: {
    title: 'Joint export',
    candidate: 'New candidate',
    newGroup: 'New group',
    changed: 'Group updated',
    members: (n: number) => `${n} businesses`,
    combined: (orders: number, value: string) => `combined 13 weeks: ${orders} orders, ${value}`,
    coordinator: 'coordinator',
    more: (n: number) => `${n} more on the dashboard`,
  },
};

/** At most this many candidates and groups in a digest; the rest are one link away (the HTML part stays small). */
export const DIGEST_JOINT_ROWS = 10;

/** A candidate or group is the subscriber's when its market, material and one member's kecamatan pass their filters. */
function theirs(f: DigestFilters) {
  return (x: { market: string; material: string; members: Array<{ district: string }> }) =>
    (!f.markets.length || f.markets.includes(x.market)) &&
    (!f.materials.length || f.materials.includes(x.material)) &&
    (!f.districts.length || x.members.some((m) => f.districts.includes(m.district)));
}

/**
 * The digest's joint-export section from the frozen list: the week's new candidates (members and
 * combined 13 weeks) and the groups formed or updated, each with its dashboard link; null when none
 * is the subscriber's.
 */
export function jointExportSection(je: JointExportWeek | null | undefined, L: Locale, base: string, f: DigestFilters): Part | null {
  const keep = theirs(f);
  const cands = (je?.newCandidates ?? []).filter(keep);
  const groups = (je?.groups ?? []).filter(keep);
  if (!cands.length && !groups.length) return null;
  const t = J[L];
  const root = trimBase(base);
  const pair = (x: { market: string; material: string }) => `${materialLabel(L, x.material)} → ${marketLabel(x.market, L)}`;
  const rows = [
    ...cands.map((c) => ({
      head: `${t.candidate}: ${pair(c)}`,
      detail: `${t.members(c.members.length)} (${c.members.map((m) => m.businessName).join(', ')}) · ${t.combined(c.combined.orders13w, formatIdr(c.combined.value13wIdr, L))}`,
      url: `${root}${JOINT_PAGES.candidates}?market=${encodeURIComponent(c.market)}`,
    })),
    ...groups.map((g) => ({
      head: `${g.change === 'new' ? t.newGroup : t.changed}: ${g.name} — ${pair(g)}`,
      detail: [t.members(g.members.length), g.coordinatorName ? `${t.coordinator} ${g.coordinatorName}` : null, g.route ? jointRouteLabel(L, g.route) : null]
        .filter(Boolean)
        .join(' · '),
      url: `${root}${JOINT_PAGES.group(g.id)}`,
    })),
  ];
  const shown = rows.slice(0, DIGEST_JOINT_ROWS);
  const rest = rows.length - shown.length;
  const all = `${root}${JOINT_PAGES.groups}`;
  const h =
    `<h2 style="font-size:16px;border-bottom:1px solid #d0d7de;margin:20px 0 8px">${esc(t.title)} (${rows.length})</h2><ul style="margin:0;padding-left:18px">` +
    shown.map((r) => `<li style="margin-bottom:6px"><a href="${esc(r.url)}"><b>${esc(r.head)}</b></a><br><small>${esc(r.detail)}</small></li>`).join('') +
    '</ul>' +
    (rest > 0 ? `<p><a href="${esc(all)}">${esc(t.more(rest))}</a></p>` : '');
  const txt = ['', `== ${t.title} (${rows.length}) ==`, ...shown.flatMap((r) => [`* ${r.head}`, `  ${r.detail}`, `  ${r.url}`])];
  if (rest > 0) txt.push(`${t.more(rest)}: ${all}`);
  return { h, t: txt };
}
