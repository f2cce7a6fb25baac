import type { ReplayDiffEntryDto, ReplayOutcomeDto, ReplayResultDto } from '../../watch/dto/watch.dto';
import { Column, dataTable, html, SafeHtml } from '../html';
import { countryName, kindLabel, Lang, num, tr } from '../i18n';
import type { WebCtx } from '../web-context';

/** Rows of the per-business table shown at most (the API has every one). */
export const MAX_PAIR_ROWS = 300;

type Change = 'added' | 'removed' | 'changed';
const CHANGES: Change[] = ['added', 'removed', 'changed'];

export function changeName(l: Lang, c: Change): string {
  return c === 'added' ? tr(l, 'ditambah', 'added') : c === 'removed' ? tr(l, 'dihapus', 'removed') : tr(l, 'berubah', 'changed');
}
const PILL: Record<Change, string> = { added: 'new', removed: 'removed', changed: 'in_review' };

function decisionName(l: Lang, o: ReplayOutcomeDto | null): string {
  if (!o) return tr(l, 'tidak ditandai', 'not flagged');
  const names: Record<string, [string, string]> = {
    raise: ['ditandai (baru)', 'raised'],
    keep: ['tetap ditandai', 'kept'],
    resolve: ['selesai', 'resolved'],
    none: ['tidak ditandai', 'not flagged'],
    blocked: ['ditahan status staf', 'held by a staff status'],
  };
  const [id, en] = names[o.decision] ?? [o.decision, o.decision];
  return `${tr(l, id, en)} · ${tr(l, 'skor', 'score')} ${num(l, o.score)}`;
}

/** Consecutive ISO weeks as ranges: ['2026-W23', '2026-W24', '2026-W26'] → '2026-W23 – 2026-W24, 2026-W26'. */
export function weekRanges(weeks: Array<{ week: string; index: number }>): string {
  const out: string[] = [];
  for (let i = 0; i < weeks.length;) {
    let j = i;
    while (j + 1 < weeks.length && weeks[j + 1].index === weeks[j].index + 1) j++;
    out.push(i === j ? weeks[i].week : `${weeks[i].week} – ${weeks[j].week}`);
    i = j + 1;
  }
  return out.join(', ');
}

interface PairRow {
  entry: ReplayDiffEntryDto;
  change: Change;
  weeks: Array<{ week: string; index: number }>;
  /** The last week's entry: the numbers shown. */
  last: ReplayDiffEntryDto;
}

/** The comparison grouped per business × market × kind × change, with the weeks it holds. */
export function pairRows(result: Pick<ReplayResultDto, 'weeks'>): PairRow[] {
  const rows = new Map<string, PairRow>();
  result.weeks.forEach((w, index) => {
    for (const change of CHANGES) {
      for (const e of w.diff?.[change] ?? []) {
        const key = `${e.businessId}|${e.market}|${e.kind}|${change}`;
        const row = rows.get(key);
        if (row) {
          row.weeks.push({ week: w.week, index });
          row.last = e;
        } else rows.set(key, { entry: e, change, weeks: [{ week: w.week, index }], last: e });
      }
    }
  });
  return [...rows.values()].sort(
    (a, b) =>
      a.entry.businessName.localeCompare(b.entry.businessName, 'id') ||
      a.entry.market.localeCompare(b.entry.market) ||
      a.entry.kind.localeCompare(b.entry.kind) ||
      CHANGES.indexOf(a.change) - CHANGES.indexOf(b.change),
  );
}

function perWeekTable(l: Lang, s: ReplayResultDto['diffSummary']): SafeHtml {
  const cols: Column<ReplayResultDto['diffSummary']['perWeek'][number]>[] = [
    { label: tr(l, 'Minggu', 'Week'), cell: (w) => w.week },
    ...CHANGES.map((k) => ({ label: changeName(l, k), cell: (w: { added: number; removed: number; changed: number }) => num(l, w[k]), num: true })),
  ];
  return dataTable(
    cols,
    s.perWeek.filter((w) => w.added + w.removed + w.changed > 0),
    { id: 'replay-diff', caption: tr(l, 'Per minggu', 'Per week') },
  );
}

function pairsTable(l: Lang, pairs: PairRow[]): SafeHtml {
  const shown = pairs.slice(0, MAX_PAIR_ROWS);
  const more = pairs.length > shown.length;
  const caption = tr(
    l,
    `Per usaha × pasar × jenis (${pairs.length} baris${more ? `, ${shown.length} pertama ditampilkan` : ''})`,
    `Per business × market × kind (${pairs.length} rows${more ? `, first ${shown.length} shown` : ''})`,
  );
  const cols: Column<PairRow>[] = [
    {
      label: tr(l, 'Usaha', 'Business'),
      cell: (p) => html`<a href="/dinas/usaha/${p.entry.businessId}">${p.entry.businessName}</a>
<span class="muted">· ${p.entry.district}</span>`,
    },
    { label: tr(l, 'Pasar', 'Market'), cell: (p) => countryName(l, p.entry.market) },
    { label: tr(l, 'Jenis', 'Kind'), cell: (p) => kindLabel(l, p.entry.kind) },
    { label: tr(l, 'Perubahan', 'Change'), cell: (p) => html`<span class="pill ${PILL[p.change]}">${changeName(l, p.change)}</span>` },
    { label: tr(l, 'Minggu', 'Weeks'), cell: (p) => html`${weekRanges(p.weeks)} <span class="muted">(${p.weeks.length}×)</span>` },
    { label: tr(l, 'Rancangan', 'Draft'), cell: (p) => decisionName(l, p.last.draft) },
    { label: tr(l, 'Tercatat', 'Recorded'), cell: (p) => decisionName(l, p.last.recorded) },
  ];
  return dataTable(cols, shown, { id: 'replay-pairs', caption });
}

/**
 * What a draft rule set would have changed, before it is published: per week how many business ×
 * market × kind pairs it adds to, removes from or changes on the list against what the weekly
 * runs recorded, then per business × market × kind which weeks. Pure: (ctx, result) → markup.
 */
export function replayComparison(c: Pick<WebCtx, 'lang'>, result: ReplayResultDto): SafeHtml {
  const l = c.lang;
  const s = result.diffSummary;
  const uncompared = s.perWeek.filter((w) => !w.compared).map((w) => w.week);
  const none = s.added + s.removed + s.changed === 0;
  const intro = tr(
    l,
    `Per minggu, pasangan usaha × pasar × jenis yang rancangan ini tambahkan ke daftar, hapus dari daftar, atau ubah (keputusan atau skor) ` +
      `dibanding evaluasi pemantauan mingguan yang tercatat. ${s.weeksCompared} dari ${s.perWeek.length} minggu punya catatan.`,
    `Per week, the business × market × kind pairs this draft adds to the list, removes from it, or changes (decision or score) against the recorded ` +
      `weekly-run evaluations. ${s.weeksCompared} of ${s.perWeek.length} weeks have a record.`,
  );
  const same = tr(
    l,
    'Tidak ada perbedaan: rancangan ini menghasilkan daftar yang sama dengan yang tercatat.',
    'No difference: this draft gives the same lists as those recorded.',
  );
  const notCompared = tr(l, 'Tanpa catatan pemantauan (tidak dibandingkan):', 'No recorded run (not compared):');
  const total = (k: Change) => html`<div><b>${s[k]}</b>${changeName(l, k)}</div>`;
  return html`<section aria-labelledby="cmp-h" id="replay-comparison">
<h2 id="cmp-h">${tr(l, 'Dibandingkan dengan yang tercatat', 'Compared with what was recorded')}</h2>
<p class="muted">${intro}</p>
<div class="stats" id="diff-totals">${CHANGES.map(total)}</div>
${uncompared.length ? html`<p class="muted" id="diff-uncompared">${notCompared} ${uncompared.join(', ')}</p>` : ''}
${
  none
    ? html`<div class="alert ok" role="status" id="diff-none">${same}</div>`
    : html`${perWeekTable(l, s)}
${pairsTable(l, pairRows(result))}`
}
</section>`;
}

type WeekPair = ReplayResultDto['weeks'][number]['raised'][number];
const pairLine = (l: Lang, x: WeekPair) =>
  html`<div><a href="/dinas/usaha/${x.businessId}">${x.businessName}</a> · ${countryName(l, x.market)} · ${kindLabel(l, x.kind)}</div>`;

/** Which flags the draft would raise and resolve, per week (weeks with neither are left out), with the totals. */
export function replayWeeks(c: Pick<WebCtx, 'lang'>, result: Pick<ReplayResultDto, 'weeks'>): SafeHtml {
  const l = c.lang;
  const raised = result.weeks.reduce((s, w) => s + w.raised.length, 0);
  const resolved = result.weeks.reduce((s, w) => s + w.resolved.length, 0);
  const moving = result.weeks.filter((w) => w.raised.length || w.resolved.length);
  const cols: Column<ReplayResultDto['weeks'][number]>[] = [
    { label: tr(l, 'Minggu', 'Week'), cell: (w) => w.week },
    { label: tr(l, 'Ditandai', 'Raised'), cell: (w) => w.raised.map((x) => pairLine(l, x)) },
    { label: tr(l, 'Selesai', 'Resolved'), cell: (w) => w.resolved.map((x) => pairLine(l, x)) },
    { label: tr(l, 'Terbuka', 'Open'), cell: (w) => num(l, w.open), num: true },
  ];
  const quiet = tr(l, 'Tidak ada bendera yang akan naik atau selesai dalam minggu-minggu ini.', 'No flag would be raised or resolved in these weeks.');
  return html`<div class="stats" id="replay-totals"><div><b>${num(l, raised)}</b>${tr(l, 'akan ditandai', 'would be raised')}</div>
<div><b>${num(l, resolved)}</b>${tr(l, 'akan selesai', 'would resolve')}</div></div>
<h2>${tr(l, 'Yang akan ditandai dan selesai, per minggu', 'What would be raised and resolved, per week')}</h2>
${moving.length ? dataTable(cols, moving, { id: 'replay-weeks' }) : html`<p class="card" id="replay-quiet">${quiet}</p>`}`;
}
