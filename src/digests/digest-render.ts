import { qpPiece, QpBody } from '../mail/mail.service';
import { Snapshot, SnapshotItem, SUGGESTED_ACTION_TEXT } from '../reports/report.types';

export type Locale = 'id' | 'en';

export interface DigestFilters {
  districts: string[];
  markets: string[];
  materials: string[];
  kinds: string[];
}

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

const T = {
  id: {
    subject: (w: string, n: number, c: number, r: number) => `Daftar mingguan Siap Ekspor ${w}: ${n} baru, ${c} berlanjut, ${r} selesai`,
    subjectQuiet: (w: string) => `Daftar mingguan Siap Ekspor ${w}: tidak ada perubahan`,
    subjectRepeat: (w: string) => `Siap Ekspor: belum ada daftar mingguan baru (terakhir ${w})`,
    hello: (name: string | null) => (name ? `Halo ${name},` : 'Halo,'),
    intro: (w: string, a: string, b: string, at: string) => `Berikut daftar mingguan UMKM binaan yang perlu ditindaklanjuti untuk minggu ${w} (${a} s.d. ${b}), diterbitkan ${at}.`,
    quiet: 'Tidak ada usaha baru maupun yang selesai minggu ini untuk filter Anda.',
    repeat: (w: string) => `Belum ada daftar mingguan baru sejak ${w}; ringkasan di bawah masih berlaku.`,
    headline: 'Angka utama',
    flagged: 'Usaha dalam daftar',
    orders13: 'Pesanan luar negeri (13 minggu)',
    value13: 'Nilai (13 minggu)',
    sections: { new: 'Baru', continuing: 'Berlanjut', resolved: 'Selesai' },
    none: 'Tidak ada.',
    market: 'Negara tujuan',
    kind: { readiness: 'kesiapan ekspor formal', compliance: 'kepatuhan (izin satwa)' },
    why: 'Alasan',
    paperwork: 'Dokumen yang perlu disiapkan',
    action: 'Tindak lanjut',
    chart: 'Pesanan per minggu (13 minggu)',
    ordersThisWeek: 'Pesanan minggu ini',
    repeatBuyers: 'Pembeli berulang',
    dashboard: 'Buka daftar di dasbor',
    csv: 'Unduh CSV',
    unsubscribe: 'Berhenti berlangganan',
    footer: 'Anda menerima email ini karena berlangganan ringkasan Siap Ekspor (Dinas Koperasi UKM Kabupaten Rembang).',
    filters: 'Filter',
    all: 'semua',
    more: (n: number) => `… dan ${n.toLocaleString('id-ID')} usaha lainnya.`,
  },
  en: {
    subject: (w: string, n: number, c: number, r: number) => `Siap Ekspor weekly list ${w}: ${n} new, ${c} continuing, ${r} resolved`,
    subjectQuiet: (w: string) => `Siap Ekspor weekly list ${w}: no changes`,
    subjectRepeat: (w: string) => `Siap Ekspor: no new weekly list yet (latest ${w})`,
    hello: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    intro: (w: string, a: string, b: string, at: string) => `Here is the weekly list of businesses to follow up for week ${w} (${a} to ${b}), published ${at}.`,
    quiet: 'No new or resolved businesses this week for your filters.',
    repeat: (w: string) => `No new weekly list since ${w}; the summary below still stands.`,
    headline: 'Headline numbers',
    flagged: 'Businesses on the list',
    orders13: 'Overseas orders (13 weeks)',
    value13: 'Value (13 weeks)',
    sections: { new: 'New', continuing: 'Continuing', resolved: 'Resolved' },
    none: 'None.',
    market: 'Market',
    kind: { readiness: 'formal-export readiness', compliance: 'compliance (wildlife permits)' },
    why: 'Why',
    paperwork: 'Paperwork to prepare',
    action: 'Suggested action',
    chart: 'Orders per week (13 weeks)',
    ordersThisWeek: 'Orders this week',
    repeatBuyers: 'Repeat buyers',
    dashboard: 'Open the list on the dashboard',
    csv: 'Download CSV',
    unsubscribe: 'Unsubscribe',
    footer: 'You receive this email because you subscribed to Siap Ekspor digests (SME department, Rembang regency).',
    filters: 'Filters',
    all: 'all',
    more: (n: number) => `… and ${n.toLocaleString('en-US')} more.`,
  },
} as const;

/** Rupiah: "Rp 12.500.000" (id) or "IDR 12,500,000" (en). */
export function formatIdr(v: number, locale: Locale): string {
  const n = Math.round(v);
  return locale === 'id' ? `Rp ${n.toLocaleString('id-ID')}` : `IDR ${n.toLocaleString('en-US')}`;
}

/** A date 'YYYY-MM-DD' (a WIB day) written out: "23 November 2026" / "23 November 2026". */
export function formatWibDate(date: string, locale: Locale): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(locale === 'id' ? 'id-ID' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** An instant in WIB: "23 November 2026 06:15 WIB". */
export function formatWibInstant(at: Date, locale: Locale): string {
  const wib = new Date(at.getTime() + 7 * 3600_000).toISOString();
  return `${formatWibDate(wib.slice(0, 10), locale)} ${wib.slice(11, 16)} WIB`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const BLOCKS = '▁▂▃▄▅▆▇█';
/** Plain-text sparkline of weekly orders. */
export function sparkline(values: number[]): string {
  const max = Math.max(1, ...values);
  return values.map((v) => (v <= 0 ? '·' : BLOCKS[Math.min(7, Math.round((v / max) * 7))])).join('');
}

/**
 * A bar chart as nested tables with bgcolor/height attributes: no JavaScript, no images, no CSS
 * the big mail clients strip (Outlook and Gmail keep table attributes).
 */
export function htmlBarChart(series: Array<{ week: string; orders: number }>, label: string): string {
  const max = Math.max(1, ...series.map((s) => s.orders));
  const cells = series
    .map((s) => {
      const h = s.orders > 0 ? Math.max(2, Math.round((s.orders / max) * 40)) : 1;
      const color = s.orders > 0 ? '#2f7d4a' : '#d0d7de';
      return `<td valign="bottom" align="center" style="padding:0 1px"><table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr><td width="10" height="${h}" bgcolor="${color}" style="font-size:0;line-height:0" title="${esc(s.week)}: ${s.orders}">&nbsp;</td></tr></table></td>`;
    })
    .join('');
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" aria-label="${esc(label)}" style="margin:4px 0"><tr height="42">${cells}</tr><tr><td colspan="${series.length}" style="font-size:11px;color:#57606a">${esc(label)}: ${series.map((s) => s.orders).join(' · ')}</td></tr></table>`;
}

export interface DigestInput {
  snapshot: Snapshot;
  items: SnapshotItem[];
  locale: Locale;
  name: string | null;
  filters: DigestFilters;
  /** The subscriber already had this week's list (a daily digest without a new list). */
  repeat: boolean;
  links: { dashboard: string; unsubscribe: string };
  /** Businesses listed in full per section (default DIGEST_SECTION_LIMIT); the rest are counted, with the dashboard link. */
  sectionLimit?: number;
}

export interface RenderedDigest {
  subject: string;
  html: string;
  text: string;
}

/**
 * Businesses listed in full per section (new / continuing / resolved). Each costs ~5 kB of HTML
 * (its 13-week chart); past the limit the section says how many more the dashboard shows. Keeps a
 * digest of a list of thousands at a few hundred kB instead of tens of MB (which mail servers
 * refuse: Gmail's limit is 25 MB) and 1,000 digests deliverable in seconds.
 */
export const DIGEST_SECTION_LIMIT = 20;

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

export function renderDigestBody(d: Omit<DigestInput, 'name' | 'links'> & { links: { dashboard: string } }): DigestBody {
  const t = T[d.locale];
  const s = d.snapshot;
  const limit = d.sectionLimit ?? DIGEST_SECTION_LIMIT;
  const counts = { new: 0, continuing: 0, resolved: 0 };
  for (const i of d.items) counts[i.change]++;
  const quiet = !hasChanges(d.items);
  const subject = d.repeat ? t.subjectRepeat(s.week) : quiet ? t.subjectQuiet(s.week) : t.subject(s.week, counts.new, counts.continuing, counts.resolved);
  const active = d.items.filter((i) => i.change !== 'resolved');
  const orders13 = active.reduce((a, i) => a + i.orders13w, 0);
  const value13 = active.reduce((a, i) => a + i.value13wIdr, 0);
  const publishedAt = formatWibInstant(new Date(s.publishedAt), d.locale);
  const intro = t.intro(s.week, formatWibDate(s.weekStart, d.locale), formatWibDate(s.weekEnd, d.locale), publishedAt);
  const filterText = (['districts', 'markets', 'materials', 'kinds'] as const).map((k) => `${k}: ${d.filters[k].length ? d.filters[k].join(', ') : t.all}`).join('; ');
  const note = d.repeat ? t.repeat(s.week) : quiet ? t.quiet : null;
  // a quiet week or a repeat is the short digest: headline numbers only, no per-business sections
  const short = d.repeat || quiet;

  const txt: string[] = ['', intro, `${t.filters}: ${filterText}`, ''];
  if (note) txt.push(note, '');
  txt.push(`${t.headline}:`, `- ${t.flagged}: ${active.length} (${t.sections.new} ${counts.new}, ${t.sections.continuing} ${counts.continuing}, ${t.sections.resolved} ${counts.resolved})`, `- ${t.orders13}: ${orders13}`, `- ${t.value13}: ${formatIdr(value13, d.locale)}`, '');

  const head = `<!doctype html><html lang="${d.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(subject)}</title></head>`
    + `<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;color:#1f2328;background:#ffffff"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:680px">`
    + `<tr><td><h1 style="font-size:20px;margin:0 0 8px">${esc(subject)}</h1>`;
  const html: string[] = [`<p>${esc(intro)}</p><p style="font-size:12px;color:#57606a">${esc(t.filters)}: ${esc(filterText)}</p>`];
  if (note) html.push(`<p><strong>${esc(note)}</strong></p>`);
  html.push(`<h2 style="font-size:16px">${esc(t.headline)}</h2><table role="presentation" cellpadding="4" cellspacing="0" border="0">`);
  html.push(`<tr><td>${esc(t.flagged)}</td><td><strong>${active.length}</strong> (${esc(t.sections.new)} ${counts.new}, ${esc(t.sections.continuing)} ${counts.continuing}, ${esc(t.sections.resolved)} ${counts.resolved})</td></tr>`);
  html.push(`<tr><td>${esc(t.orders13)}</td><td><strong>${orders13}</strong></td></tr><tr><td>${esc(t.value13)}</td><td><strong>${esc(formatIdr(value13, d.locale))}</strong></td></tr></table>`);

  if (!short) {
    for (const change of ['new', 'continuing', 'resolved'] as const) {
      const rows = d.items.filter((i) => i.change === change);
      txt.push(`== ${t.sections[change]} (${rows.length}) ==`);
      html.push(`<h2 style="font-size:16px;border-bottom:1px solid #d0d7de">${esc(t.sections[change])} (${rows.length})</h2>`);
      if (!rows.length) {
        txt.push(t.none, '');
        html.push(`<p>${esc(t.none)}</p>`);
        continue;
      }
      for (const i of rows.length > limit ? rows.slice(0, limit) : rows) {
        const head = `${i.businessName} — ${i.district}, ${t.market} ${i.market}, ${t.kind[i.kind]}`;
        const reasons = i.reasons.map((r) => r[d.locale]);
        const paperwork = i.checklist.map((c) => `${c.code}: ${c.title[d.locale]} — ${c.reason[d.locale]}`);
        const action = SUGGESTED_ACTION_TEXT[i.suggestedAction][d.locale];
        txt.push(`* ${head}`, `  ${t.ordersThisWeek}: ${i.ordersThisWeek}; ${t.orders13}: ${i.orders13w}; ${t.value13}: ${formatIdr(i.value13wIdr, d.locale)}; ${t.repeatBuyers}: ${i.repeatBuyers}`);
        if (reasons.length) txt.push(`  ${t.why}: ${reasons.join('; ')}`);
        if (paperwork.length) txt.push(`  ${t.paperwork}:`, ...paperwork.map((p) => `    - ${p}`));
        txt.push(`  ${t.action}: ${action}`);
        if (i.series.length) txt.push(`  ${t.chart}: ${sparkline(i.series.map((p) => p.orders))} (${i.series.map((p) => p.orders).join(' ')})`);
        txt.push('');
        let h = `<table role="presentation" width="100%" cellpadding="6" cellspacing="0" border="0" style="border:1px solid #d0d7de;margin:8px 0"><tr><td>`;
        h += `<strong>${esc(i.businessName)}</strong> — ${esc(i.district)}, ${esc(t.market)} ${esc(i.market)}, ${esc(t.kind[i.kind])}<br>`;
        h += `<span style="font-size:13px">${esc(t.ordersThisWeek)}: ${i.ordersThisWeek} · ${esc(t.orders13)}: ${i.orders13w} · ${esc(t.value13)}: ${esc(formatIdr(i.value13wIdr, d.locale))} · ${esc(t.repeatBuyers)}: ${i.repeatBuyers}</span>`;
        if (i.series.length) h += htmlBarChart(i.series, t.chart);
        if (reasons.length) h += `<p style="margin:4px 0"><em>${esc(t.why)}:</em></p><ul style="margin:0">${reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`;
        if (paperwork.length) h += `<p style="margin:4px 0"><em>${esc(t.paperwork)}:</em></p><ul style="margin:0">${i.checklist.map((c) => `<li><strong>${esc(c.code)}</strong>: ${esc(c.title[d.locale])} — ${esc(c.reason[d.locale])}</li>`).join('')}</ul>`;
        h += `<p style="margin:4px 0"><em>${esc(t.action)}:</em> ${esc(action)}</p></td></tr></table>`;
        html.push(h);
      }
      if (rows.length > limit) {
        const more = t.more(rows.length - limit);
        txt.push(`${more} ${t.dashboard}: ${d.links.dashboard}`, '');
        html.push(`<p><em>${esc(more)}</em> <a href="${esc(d.links.dashboard)}">${esc(t.dashboard)}</a></p>`);
      }
    }
  }
  txt.push(`${t.dashboard}: ${d.links.dashboard}`, '', '--', t.footer, `${t.unsubscribe}: `);
  html.push(`<p><a href="${esc(d.links.dashboard)}">${esc(t.dashboard)}</a></p>`);
  html.push(`<hr><p style="font-size:12px;color:#57606a">${esc(t.footer)} <a href="`);
  return { locale: d.locale, subject, html: [head, html.join(''), `">${esc(t.unsubscribe)}</a></p></td></tr></table></body></html>`], text: txt.join('\n') };
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
  const subject = `Usaha Anda mungkin siap naik kelas ke ekspor formal (${i.market})`;
  const paperwork = i.checklist.map((c) => `- ${c.code}: ${c.title.id} — ${c.reason.id}`);
  const lines = [
    `Halo ${i.businessName},`,
    '',
    `Dinas Koperasi UKM Kabupaten Rembang mencatat pesanan luar negeri berulang ke ${i.market} (${i.orders13w} pesanan dalam 13 minggu, ${formatIdr(i.value13wIdr, 'id')}). Usaha Anda mungkin siap untuk ekspor formal (daftar mingguan ${week}).`,
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
