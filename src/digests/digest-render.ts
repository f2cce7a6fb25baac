import { qpPiece, QpBody } from '../mail/mail.service';
import { DigestExpiring, DigestFollowUp, expiringSection, followUpsSection } from './digest-follow-ups';
import { jointExportSection } from './digest-joint-export';
import { RUNG_TEXT } from '../pathway/ladder';
import { Snapshot, SnapshotItem, SUGGESTED_ACTION_TEXT } from '../reports/report.types';
import { businessUrl, weeklyListUrl } from './digest-links';
import { byScore, digestCounts, esc, hasChanges, htmlBarChart, type Part, sparkline, tally } from './digest-sections';
import { DigestFilters, filterLine, formatIdr, formatWibDate, formatWibInstant, Locale, marketLabel, statusText, T } from './digest-text';

export { formatIdr, formatWibDate, formatWibInstant } from './digest-text';
export type { DigestFilters, Locale } from './digest-text';
export { digestCounts, hasChanges, htmlBarChart, matchingItems, sparkline } from './digest-sections';

/**
 * How much of a list a digest shows. New and resolved flags are what changed: each is listed,
 * the top new ones (by score) as full cards with reasons, paperwork and chart, the others one
 * line each. The continuing flags are summarised (counts by kecamatan, market and status) with the
 * top few by score; the dashboard link has the rest. The byte budgets bound the HTML part even in
 * a week where hundreds of flags are new (the first list): past them, rows are counted, not shown.
 */
export const DIGEST_LIMITS = {
  /** New flags shown as full cards. */
  cards: 5,
  /** Continuing flags listed (highest score first). */
  topContinuing: 10,
  /** HTML bytes of the new and resolved sections after which no more cards are drawn. */
  cardBytes: 22_000,
  /** HTML bytes of the new and resolved sections after which flags are counted instead of listed. */
  listBytes: 50_000,
};
export type DigestLimits = typeof DIGEST_LIMITS;

export interface DigestInput {
  snapshot: Snapshot;
  items: SnapshotItem[];
  locale: Locale;
  name: string | null;
  filters: DigestFilters;
  /** The subscriber already had this week's list (a daily digest without a new list). */
  repeat: boolean;
  /** `base`: PUBLIC_BASE_URL, under which every dashboard link is built; `unsubscribe`: the signed link. */
  links: { base: string; unsubscribe: string };
  limits?: Partial<DigestLimits>;
  /** follow-ups overdue or due this week in the subscriber's kecamatan (officers' casework) */
  followUps?: DigestFollowUp[];
  /** verified documents of the listed businesses that run out within 60 days */
  expiring?: DigestExpiring[];
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

/**
 * Everything of a digest that does not depend on who receives it: the same for every subscriber
 * with the same week, language and filters, so a send batch renders it once. `personalise`
 * adds the greeting and the signed unsubscribe link.
 */
export interface DigestBody {
  locale: Locale;
  subject: string;
  /** HTML before the greeting, between the greeting and the unsubscribe URL, after it. */
  html: [string, string, string];
  /** Text between the greeting line and the unsubscribe URL. */
  text: string;
}

export function renderDigestBody(d: Omit<DigestInput, 'name' | 'links'> & { links: { base: string } }): DigestBody {
  const t = T[d.locale];
  const L = d.locale;
  const s = d.snapshot;
  const lim = { ...DIGEST_LIMITS, ...d.limits };
  const base = d.links.base;
  const n = digestCounts(d.items);
  const quiet = !hasChanges(d.items);
  const subject = d.repeat ? t.subjectRepeat(s.week) : quiet ? t.subjectQuiet(s.week) : t.subject(s.week, n.new, n.continuing, n.resolved);
  const intro = t.intro(s.week, formatWibDate(s.weekStart, L), formatWibDate(s.weekEnd, L), formatWibInstant(new Date(s.publishedAt), L));
  const filters = `${t.filters}: ${filterLine(d.filters, L)}`;
  const note = d.repeat ? t.repeat(s.week) : quiet ? t.quiet : null;
  const listUrl = weeklyListUrl(base, s.week, d.filters);

  const where = (i: SnapshotItem) => `${i.district} · ${marketLabel(i.market, L)} · ${t.kind[i.kind]}`;
  const link = (i: SnapshotItem) => businessUrl(base, i.businessId, i.flagId);
  const nameLink = (i: SnapshotItem) => `<a href="${esc(link(i))}"><b>${esc(i.businessName)}</b></a>`;
  const num = (v: number) => v.toLocaleString(L === 'id' ? 'id-ID' : 'en-US', { maximumFractionDigits: 1 });
  // a resolved flag has no score or follow-up status any more: when it ended instead
  const figures = (i: SnapshotItem) =>
    `${t.in13(num(i.orders13w), formatIdr(i.value13wIdr, L))} · ${i.change === 'resolved' ? t.resolvedOn(formatWibDate(i.resolvedOn ?? s.weekEnd, L)) : `${t.score} ${num(i.score)} · ${statusText(i.status, L)}`}`;

  /** One business on one line (two on a phone): what it is, its numbers and, when given, a note. */
  const line = (i: SnapshotItem, extra?: string): Part => ({
    h: `<li style="margin-bottom:6px">${nameLink(i)} — ${esc(where(i))}<br><small>${esc(figures(i))}${extra ? `<br>${esc(extra)}` : ''}</small></li>`,
    t: [`* ${i.businessName} — ${where(i)}`, `  ${figures(i)}`, ...(extra ? [`  ${extra}`] : []), `  ${link(i)}`],
  });
  /** The short form of a new flag: its paperwork codes and the suggested action. */
  const todo = (i: SnapshotItem) =>
    [
      i.checklist.length ? `${t.paperworkShort}: ${i.checklist.map((c) => c.code).join(', ')}` : '',
      `${t.action}: ${SUGGESTED_ACTION_TEXT[i.suggestedAction][L]}`,
    ]
      .filter(Boolean)
      .join(' · ');
  /** A new flag in full: why, the paperwork, the suggested action and its weekly orders. */
  const card = (i: SnapshotItem): Part => {
    const reasons = i.reasons.map((r) => r[L]);
    const action = SUGGESTED_ACTION_TEXT[i.suggestedAction][L];
    const nums = `${t.ordersThisWeek}: ${i.ordersThisWeek} · ${t.orders13short}: ${i.orders13w} · ${t.value13short}: ${formatIdr(i.value13wIdr, L)} · ${t.repeatBuyers}: ${i.repeatBuyers} · ${t.score} ${num(i.score)}`;
    let h = `<table role="presentation" width="100%" cellpadding="6" cellspacing="0" border="0" style="border:1px solid #d0d7de;margin:8px 0"><tr><td>${nameLink(i)} — ${esc(where(i))}<br><span style="font-size:13px">${esc(nums)}</span>`;
    const txt = [`* ${i.businessName} — ${where(i)}`, `  ${nums}`];
    if (i.series.length) {
      h += htmlBarChart(i.series, t.chart);
      txt.push(`  ${t.chart}: ${sparkline(i.series.map((p) => p.orders))} (${i.series.map((p) => p.orders).join(' ')})`);
    }
    if (reasons.length) {
      h += `<p style="margin:4px 0"><em>${esc(t.why)}:</em></p><ul style="margin:0">${reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`;
      txt.push(`  ${t.why}:`, ...reasons.map((r) => `    - ${r}`));
    }
    if (i.checklist.length) {
      h += `<p style="margin:4px 0"><em>${esc(t.paperwork)}:</em></p><ul style="margin:0">${i.checklist.map((c) => `<li><strong>${esc(c.code)}</strong>: ${esc(c.title[L])} — ${esc(c.reason[L])}</li>`).join('')}</ul>`;
      txt.push(`  ${t.paperwork}:`, ...i.checklist.map((c) => `    - ${c.code}: ${c.title[L]} — ${c.reason[L]}`));
    }
    h += `<p style="margin:4px 0"><em>${esc(t.action)}:</em> ${esc(action)}</p></td></tr></table>`;
    txt.push(`  ${t.action}: ${action}`, `  ${link(i)}`);
    return { h, t: txt };
  };

  const parts: Part[] = [];
  let bytes = 0;
  const add = (p: Part) => {
    parts.push(p);
    bytes += Buffer.byteLength(p.h);
  };
  const heading = (title: string, count: number) =>
    add({
      h: `<h2 style="font-size:16px;border-bottom:1px solid #d0d7de;margin:20px 0 8px">${esc(title)} (${count})</h2>`,
      t: ['', `== ${title} (${count}) ==`],
    });
  const moreLink = (left: number, url: string, label: string) =>
    add({ h: `<p><em>${esc(t.more(left))}</em> <a href="${esc(url)}">${esc(label)}</a></p>`, t: [`${t.more(left)} ${label}: ${url}`] });
  /**
   * One line per flag. With `more` (the new and resolved sections) only while the byte budget
   * lasts, then a count of the rest linking to `more`; the top continuing flags are few and always shown.
   */
  const lines = (rows: SnapshotItem[], extra: (i: SnapshotItem) => string | undefined, more?: string): number => {
    let shown = 0;
    const out: Part = { h: '<ul style="margin:0;padding-left:18px">', t: [] };
    for (const i of rows) {
      if (more && bytes + Buffer.byteLength(out.h) >= lim.listBytes) break;
      const p = line(i, extra(i));
      out.h += p.h;
      out.t.push(...p.t);
      shown++;
    }
    if (shown) add({ h: `${out.h}</ul>`, t: out.t });
    if (more && shown < rows.length) moreLink(rows.length - shown, more, t.seeSection);
    return shown;
  };

  const headline: Part = {
    h:
      `<h2 style="font-size:16px">${esc(t.headline)}</h2><table role="presentation" cellpadding="4" cellspacing="0" border="0">` +
      `<tr><td>${esc(t.active)}</td><td><strong>${n.active}</strong> — ${esc(t.activeSplit(n.new, n.continuing))}</td></tr>` +
      `<tr><td>${esc(t.resolvedCount)}</td><td><strong>${n.resolved}</strong></td></tr>` +
      `<tr><td>${esc(t.orders13)}</td><td><strong>${num(n.orders13w)}</strong></td></tr><tr><td>${esc(t.value13)}</td><td><strong>${esc(formatIdr(n.value13wIdr, L))}</strong></td></tr></table>`,
    t: [
      `${t.headline}:`,
      `- ${t.active}: ${n.active} — ${t.activeSplit(n.new, n.continuing)}`,
      `- ${t.resolvedCount}: ${n.resolved}`,
      `- ${t.orders13}: ${num(n.orders13w)}`,
      `- ${t.value13}: ${formatIdr(n.value13wIdr, L)}`,
    ],
  };

  const due = d.followUps?.length ? followUpsSection(d.followUps, L, base) : null;
  if (due) add(due);
  const soon = d.expiring?.length ? expiringSection(d.expiring, L, base) : null;
  if (soon) add(soon);

  if (!d.repeat) {
    if (!quiet) {
      const fresh = d.items.filter((i) => i.change === 'new').sort(byScore);
      heading(t.sections.new, fresh.length);
      if (!fresh.length) add({ h: `<p>${esc(t.none)}</p>`, t: [t.none] });
      let cards = 0;
      while (cards < fresh.length && cards < lim.cards && bytes < lim.cardBytes) add(card(fresh[cards++]));
      lines(fresh.slice(cards), todo, weeklyListUrl(base, s.week, d.filters, 'new'));

      const resolved = d.items.filter((i) => i.change === 'resolved');
      heading(t.sections.resolved, resolved.length);
      if (!resolved.length) add({ h: `<p>${esc(t.none)}</p>`, t: [t.none] });
      lines(resolved, (i) => (i.reasons[0] ? `${t.why}: ${i.reasons[0][L]}` : undefined), weeklyListUrl(base, s.week, d.filters, 'resolved'));
    }
    // "naik kelas": the climbs of the week among the subscriber's districts and markets, flagged or not
    const f = d.filters;
    const ups = (s.rungUps ?? []).filter(
      (u) => (!f.districts.length || f.districts.includes(u.district)) && (!f.markets.length || f.markets.includes(u.market)),
    );
    if (ups.length) {
      heading(t.sections.rungUps, ups.length);
      const up = ups.map((u) => ({
        who: `${u.businessName} — ${u.district} · ${marketLabel(u.market, L)}`,
        how: `${RUNG_TEXT[u.from].name[L]} → ${RUNG_TEXT[u.to].name[L]}`,
        url: businessUrl(base, u.businessId),
      }));
      const li = (x: (typeof up)[number]) => `<li><a href="${esc(x.url)}"><b>${esc(x.who)}</b></a><br><small>${esc(x.how)}</small></li>`;
      add({ h: `<ul style="margin:0;padding-left:18px">${up.map(li).join('')}</ul>`, t: up.flatMap((x) => [`* ${x.who}`, `  ${x.how}`, `  ${x.url}`]) });
    }
    const joint = jointExportSection(s.jointExport, L, base, f);
    if (joint) add(joint);
    const going = d.items.filter((i) => i.change === 'continuing');
    heading(t.sections.continuing, going.length);
    if (!going.length) add({ h: `<p>${esc(t.none)}</p>`, t: [t.none] });
    else {
      const rows: Array<[string, string]> = [
        [t.byDistrict, tally(going, (i) => i.district)],
        [t.byMarket, tally(going, (i) => marketLabel(i.market, L))],
        [t.byKind, tally(going, (i) => t.kind[i.kind])],
        [t.byStatus, tally(going, (i) => statusText(i.status, L))],
      ];
      add({ h: rows.map(([k, v]) => `<p style="margin:4px 0"><em>${esc(k)}:</em> ${esc(v)}</p>`).join(''), t: rows.map(([k, v]) => `${k}: ${v}`) });
      const top = going.slice().sort(byScore).slice(0, lim.topContinuing);
      add({ h: `<p style="margin:8px 0 4px"><strong>${esc(t.top(top.length, going.length))}</strong></p>`, t: ['', `${t.top(top.length, going.length)}:`] });
      const all = weeklyListUrl(base, s.week, d.filters, 'continuing');
      if (lines(top, () => undefined) < going.length)
        add({ h: `<p><a href="${esc(all)}">${esc(t.seeAllContinuing(going.length))}</a></p>`, t: [`${t.seeAllContinuing(going.length)}: ${all}`] });
    }
  }

  const head =
    `<!doctype html><html lang="${L}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(subject)}</title></head>` +
    `<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;color:#1f2328;background:#ffffff"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:680px">` +
    `<tr><td><h1 style="font-size:20px;margin:0 0 8px">${esc(subject)}</h1>`;
  const html = [`<p>${esc(intro)}</p><p style="font-size:12px;color:#57606a">${esc(filters)}</p>`];
  const txt = ['', intro, filters, ''];
  if (note) {
    html.push(`<p><strong>${esc(note)}</strong></p>`);
    txt.push(note, '');
  }
  for (const p of [headline, ...parts]) {
    html.push(p.h);
    txt.push(...p.t);
  }
  html.push(
    `<p style="margin:20px 0 4px"><a href="${esc(listUrl)}" style="color:#0b5cad"><strong>${esc(t.dashboard(s.week))}</strong></a></p><p style="font-size:12px;color:#57606a;margin:0">${esc(t.dashboardNote)}</p>`,
  );
  txt.push('', `${t.dashboard(s.week)}: ${listUrl}`, t.dashboardNote, '', '--', t.footer, `${t.unsubscribe}: `);
  html.push(`<hr><p style="font-size:12px;color:#57606a">${esc(t.footer)} <a href="`);
  return { locale: L, subject, html: [head, html.join(''), `">${esc(t.unsubscribe)}</a></p></td></tr></table></body></html>`], text: txt.join('\n') };
}

/** The whole message for one subscriber: the shared body with their greeting and unsubscribe link. */
export function personalise(b: DigestBody, name: string | null, unsubscribe: string): RenderedDigest {
  const t = T[b.locale];
  return {
    subject: b.subject,
    html: `${b.html[0]}<p>${esc(t.hello(name))}</p>${b.html[1]}${esc(unsubscribe)}${b.html[2]}`,
    text: `${t.hello(name)}\n${b.text}${unsubscribe}`,
  };
}

/** The body's shared pieces in quoted-printable, encoded once (`withQp`), for `personaliseQp`. */
export interface DigestBodyQp extends DigestBody {
  qp: { html: [string, string, string]; text: string };
}

export function withQp(b: DigestBody): DigestBodyQp {
  return { ...b, qp: { html: [qpPiece(b.html[0]), qpPiece(b.html[1]), qpPiece(b.html[2])], text: qpPiece(b.text) } };
}

/** `personalise`, already encoded: only the greeting and the link are encoded per subscriber. */
export function personaliseQp(b: DigestBodyQp, name: string | null, unsubscribe: string): { subject: string; html: QpBody; text: QpBody } {
  const t = T[b.locale];
  return {
    subject: b.subject,
    html: { qp: b.qp.html[0] + qpPiece(`<p>${esc(t.hello(name))}</p>`) + b.qp.html[1] + qpPiece(esc(unsubscribe)) + b.qp.html[2] },
    text: { qp: qpPiece(`${t.hello(name)}\n`) + b.qp.text + qpPiece(unsubscribe) },
  };
}

export function renderDigest(d: DigestInput): RenderedDigest {
  return personalise(renderDigestBody(d), d.name, d.links.unsubscribe);
}

/** The optional notice to a flagged business itself (Indonesian). */
export function renderBusinessNotice(i: SnapshotItem, week: string): RenderedDigest {
  const market = marketLabel(i.market, 'id');
  const subject = `Usaha Anda mungkin siap naik kelas ke ekspor formal (${market})`;
  const paperwork = i.checklist.map((c) => `- ${c.code}: ${c.title.id} — ${c.reason.id}`);
  const lines = [
    `Halo ${i.businessName},`,
    '',
    `Dinas Koperasi UKM Kabupaten Rembang mencatat pesanan luar negeri berulang ke ${market} (${i.orders13w} pesanan dalam 13 minggu, ${formatIdr(i.value13wIdr, 'id')}). Usaha Anda mungkin siap untuk ekspor formal (daftar mingguan ${week}).`,
    '',
    'Dokumen yang perlu disiapkan:',
    ...(paperwork.length ? paperwork : ['- (petugas akan menghubungi Anda)']),
    '',
    'Petugas pendampingan kami akan menghubungi Anda. Email ini hanya pemberitahuan; tidak perlu dibalas.',
  ];
  const html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${esc(subject)}</title></head><body style="font-family:Arial,Helvetica,sans-serif">${lines
    .map((l) => (l ? `<p style="margin:4px 0">${esc(l)}</p>` : ''))
    .join('')}</body></html>`;
  return { subject, html, text: lines.join('\n') };
}
