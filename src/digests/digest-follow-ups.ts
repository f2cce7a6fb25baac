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

/** A verified document of a listed business that runs out soon. */
export interface DigestExpiring {
  businessId: string;
  businessName: string;
  district: string;
  type: string;
  expiresOn: string;
}

const DOC: Record<string, { id: string; en: string }> = {
  nib_customs_access: { id: 'NIB dengan akses kepabeanan', en: 'NIB with customs access' },
  sats_ln_dealer_licence: { id: 'izin pengedar SATS-LN', en: 'SATS-LN dealer licence' },
  kkp_permit: { id: 'izin KKP', en: 'KKP permit' },
  quarantine_kh12: { id: 'sertifikat karantina KH-12', en: 'KH-12 quarantine certificate' },
  certified_exporter: { id: 'status eksportir bersertifikat', en: 'certified exporter status' },
  kite_ikm: { id: 'fasilitas KITE IKM', en: 'KITE IKM facility' },
};
const E = {
  id: { title: 'Dokumen akan habis (60 hari)', until: 'berlaku sampai' },
  en: { title: 'Documents expiring (60 days)', until: 'valid until' },
};

/** The digest's section of documents about to expire (soonest first), or null when none. */
export function expiringSection(items: DigestExpiring[], L: Locale, base: string): { h: string; t: string[] } | null {
  if (!items.length) return null;
  const t = E[L];
  const url = (i: DigestExpiring) => `${trimBase(base)}/dinas/usaha/${encodeURIComponent(i.businessId)}/dokumen`;
  const what = (i: DigestExpiring) => `${DOC[i.type]?.[L] ?? i.type}, ${t.until} ${formatWibDate(i.expiresOn, L)}`;
  const h =
    `<h2 style="font-size:16px;border-bottom:1px solid #d0d7de;margin:20px 0 8px">${esc(t.title)} (${items.length})</h2><ul style="margin:0;padding-left:18px">` +
    items
      .map((i) => `<li style="margin-bottom:6px"><a href="${esc(url(i))}"><b>${esc(i.businessName)}</b></a> — ${esc(i.district)} · ${esc(what(i))}</li>`)
      .join('') +
    '</ul>';
  const txt = ['', `== ${t.title} (${items.length}) ==`, ...items.flatMap((i) => [`* ${i.businessName} — ${i.district} · ${what(i)}`, `  ${url(i)}`])];
  return { h, t: txt };
}
