import { trimBase } from './digest-links';
import { formatWibDate, Locale } from './digest-text';

/** A follow-up owed to a business, as a digest lists it. */
export interface DigestFollowUp {
  businessId: string;
  businessName: string;
  district: string;
  dueOn: string;
  /** the activity's type (visit, call, …): notes stay on the dashboard, a digest may go outside the department */
  type: string;
  overdue: boolean;
}

const TYPE: Record<string, { id: string; en: string }> = {
  visit: { id: 'kunjungan', en: 'visit' },
  call: { id: 'telepon', en: 'call' },
  referral: { id: 'rujukan program', en: 'programme referral' },
  training: { id: 'pelatihan', en: 'training' },
  curation: { id: 'kurasi', en: 'curation' },
  note: { id: 'catatan', en: 'note' },
};

const T = {
  id: { title: 'Tindak lanjut minggu ini', overdue: 'terlambat, batas', due: 'batas', all: 'Semua tindak lanjut' },
  en: { title: 'Follow-ups this week', overdue: 'overdue, due', due: 'due', all: 'All follow-ups' },
};
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** At most this many follow-ups in a digest; the rest are one link away. */
export const DIGEST_FOLLOW_UPS = 15;

/**
 * The digest's follow-up section (overdue first, then due this week), HTML and text, or null when
 * none is due: the subscriber's kecamatan filter has already been applied to `items`.
 */
export function followUpsSection(items: DigestFollowUp[], L: Locale, base: string): { h: string; t: string[] } | null {
  if (!items.length) return null;
  const t = T[L];
  const shown = items.slice(0, DIGEST_FOLLOW_UPS);
  const url = (i: DigestFollowUp) => `${trimBase(base)}/dinas/usaha/${encodeURIComponent(i.businessId)}#kegiatan`;
  const when = (i: DigestFollowUp) => `${TYPE[i.type]?.[L] ?? i.type}, ${i.overdue ? t.overdue : t.due} ${formatWibDate(i.dueOn, L)}`;
  const all = `${trimBase(base)}/dinas/tindak-lanjut`;
  const h =
    `<h2 style="font-size:16px;border-bottom:1px solid #d0d7de;margin:20px 0 8px">${esc(t.title)} (${items.length})</h2><ul style="margin:0;padding-left:18px">` +
    shown
      .map(
        (i) =>
          `<li style="margin-bottom:6px"><a href="${esc(url(i))}"><b>${esc(i.businessName)}</b></a> — ${esc(i.district)} · ` +
          `<span style="color:${i.overdue ? '#b42318' : '#1f2328'}">${esc(when(i))}</span></li>`,
      )
      .join('') +
    `</ul><p><a href="${esc(all)}">${esc(t.all)}</a></p>`;
  const txt = [
    '',
    `== ${t.title} (${items.length}) ==`,
    ...shown.flatMap((i) => [`* ${i.businessName} — ${i.district} · ${when(i)}`, `  ${url(i)}`]),
    `${t.all}: ${all}`,
  ];
  return { h, t: txt };
}
