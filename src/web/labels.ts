/**
 * Indonesian and English names for the codes the engine and the API emit (signal keys, history
 * events, actors, statuses, document types, ladder rungs, …), so no raw key reaches a page.
 * Every helper takes the language first and returns the key itself for an unknown code.
 * Re-exported by i18n.ts: import them from there.
 */
import { RUNG_TEXT } from '../pathway/ladder';

type Lang = 'id' | 'en';
type Labels = Record<string, [string, string]>;

function pick(map: Labels, lang: Lang, key: string): string {
  const e = Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  return e ? e[lang === 'en' ? 1 : 0] : key;
}

const CATEGORY: Labels = {
  bag: ['Tas', 'Bag'],
  wallet: ['Dompet', 'Wallet'],
  belt: ['Ikat pinggang', 'Belt'],
  footwear: ['Alas kaki / sepatu', 'Footwear'],
  batik_fabric: ['Kain batik', 'Batik fabric'],
  batik_garment: ['Pakaian batik', 'Batik garment'],
  accessory: ['Aksesori', 'Accessory'],
  other: ['Lainnya', 'Other'],
};
const MATERIAL: Labels = {
  snakeskin: ['Kulit ular', 'Snakeskin'],
  stingray: ['Kulit pari', 'Stingray leather'],
  cowhide: ['Kulit sapi', 'Cowhide'],
  goatskin: ['Kulit kambing', 'Goatskin'],
  sheepskin: ['Kulit domba', 'Sheepskin'],
  cotton: ['Katun', 'Cotton'],
  silk: ['Sutra', 'Silk'],
  other: ['Lainnya', 'Other'],
};
const CHANNEL: Labels = {
  post: ['Pos (EMS)', 'Post (EMS)'],
  courier: ['Kurir', 'Courier'],
  marketplace: ['Marketplace', 'Marketplace'],
  forwarder: ['Forwarder / ekspedisi', 'Forwarder'],
  other: ['Lainnya', 'Other'],
};
const STATUS: Labels = {
  open: ['Terbuka', 'Open'],
  in_review: ['Ditinjau', 'In review'],
  paperwork_in_progress: ['Dokumen diproses', 'Paperwork in progress'],
  formal_exporter: ['Eksportir formal', 'Formal exporter'],
  dismissed: ['Ditolak', 'Dismissed'],
  resolved: ['Selesai', 'Resolved'],
};
const KIND: Labels = { readiness: ['Kesiapan ekspor', 'Export readiness'], compliance: ['Kepatuhan (izin)', 'Compliance (permits)'] };
const CHANGE: Labels = { new: ['Baru', 'New'], continuing: ['Berlanjut', 'Continuing'], resolved: ['Selesai', 'Resolved'] };
const ROLE: Labels = { admin: ['Admin', 'Admin'], officer: ['Petugas dinas', 'Officer'], business: ['Pelaku usaha', 'Business'] };

export const categoryLabel = (lang: Lang, k: string) => pick(CATEGORY, lang, k);
export const materialLabel = (lang: Lang, k: string) => pick(MATERIAL, lang, k);
export const channelLabel = (lang: Lang, k: string) => pick(CHANNEL, lang, k);
export const statusLabel = (lang: Lang, k: string) => pick(STATUS, lang, k);
export const kindLabel = (lang: Lang, k: string) => pick(KIND, lang, k);
export const changeLabel = (lang: Lang, k: string) => pick(CHANGE, lang, k);
export const roleLabel = (lang: Lang, k: string) => pick(ROLE, lang, k);

/** Signal keys of src/flags/policy.ts and readiness-v2.ts, and the market metrics they are read from. */
const SIGNAL: Labels = {
  activeMonths: ['Bulan aktif (dari 4)', 'Active months (of 4)'],
  activeMonths4: ['Bulan aktif (dari 4)', 'Active months (of 4)'],
  activeWeeks: ['Minggu aktif (dari 13)', 'Active weeks (of 13)'],
  activeWeeks13: ['Minggu aktif (dari 13)', 'Active weeks (of 13)'],
  repeatBuyers: ['Pembeli berulang', 'Repeat buyers'],
  capacityUse: ['Pemakaian kapasitas (3 bulan penuh)', 'Capacity use (3 full months)'],
  value13wIdr: ['Nilai 13 minggu', '13-week value'],
  valuePrev13wIdr: ['Nilai 13 minggu sebelumnya', 'Previous 13-week value'],
  quantityValueIdr: ['Nilai untuk ambang (diproyeksikan)', 'Value for the threshold (projected)'],
  heaviestParcelKg: ['Kiriman terberat (kg)', 'Heaviest parcel (kg)'],
  heavyParcel: ['Kiriman di atas batas berat', 'Parcel over the weight line'],
  peakWeekShare: ['Porsi minggu tersibuk', 'Busiest week share'],
  peakWeekOrders: ['Pesanan di minggu tersibuk', 'Orders in the busiest week'],
  weeksSinceLastOrder: ['Minggu sejak pesanan terakhir', 'Weeks since last order'],
  orders13w: ['Pesanan 13 minggu', 'Orders in 13 weeks'],
  repeatOrderShare: ['Porsi pesanan pembeli berulang', "Repeat buyers' share of orders"],
  repeatOrders13w: ['Pesanan pembeli berulang', "Repeat buyers' orders"],
  growth: ['Pertumbuhan nilai', 'Value growth'],
  cnParcelsOverLimit: ['Kiriman ke Tiongkok di atas CNY 1.000', 'Parcels to China above CNY 1,000'],
  cnOverLimit13w: ['Kiriman ke Tiongkok di atas CNY 1.000', 'Parcels to China above CNY 1,000'],
  wildlifeOrders13w: ['Pesanan bahan satwa liar', 'Wildlife-material orders'],
  wildlifeMaterials: ['Bahan satwa liar', 'Wildlife materials'],
  rhythmGapWeeks: ['Jeda ritme (minggu)', 'Rhythm gap (weeks)'],
  patternDays: ['Lama pola (hari)', 'Pattern length (days)'],
  rhythmCoverage: ['Cakupan ritme', 'Rhythm coverage'],
  routineBuyerWeeks: ['Minggu pesanan pembeli rutin (dari 26)', "Routine buyer's order weeks (of 26)"],
  routineBuyerLotUnits: ['Unit rata-rata per pesanan pembeli rutin', "Routine buyer's average units per order"],
  routineBuyerLotIdr: ['Nilai rata-rata per pesanan pembeli rutin', "Routine buyer's average value per order"],
  topBuyerShare: ['Porsi pembeli terbesar', "Top buyer's share"],
  topBuyerOrders26w: ['Pesanan pembeli utama (26 minggu)', "Top buyer's orders (26 weeks)"],
  topBuyerWeeks26w: ['Minggu pesanan pembeli utama (26 minggu)', "Top buyer's order weeks (26 weeks)"],
  topBuyerUnits26w: ['Unit pembeli utama (26 minggu)', "Top buyer's units (26 weeks)"],
  topBuyerValue26wIdr: ['Nilai pembeli utama (26 minggu)', "Top buyer's value (26 weeks)"],
  gapMedianWeeks: ['Median jeda (minggu)', 'Median gap (weeks)'],
  gapMaxWeeks: ['Jeda terpanjang (minggu)', 'Longest gap (weeks)'],
  patternWeeks: ['Minggu berpesanan sejak pola mulai', 'Order weeks since the pattern began'],
  lastOrderOn: ['Pesanan terakhir', 'Last order'],
  patternStartOn: ['Pola mulai', 'Pattern began'],
  steadySinceOn: ['Stabil sejak', 'Steady since'],
  gapCount: ['Jumlah jeda', 'Gaps counted'],
  ordersThisWeek: ['Pesanan minggu ini', 'Orders this week'],
  ordersPrev13w: ['Pesanan 13 minggu sebelumnya', 'Orders in the previous 13 weeks'],
  buyers13w: ['Pembeli (13 minggu)', 'Buyers (13 weeks)'],
  materials13w: ['Bahan (13 minggu)', 'Materials (13 weeks)'],
  categories13w: ['Kategori (13 minggu)', 'Categories (13 weeks)'],
};
const EVENT: Labels = {
  raised: ['Bendera dinaikkan', 'Flag raised'],
  evaluated: ['Dievaluasi', 'Evaluated'],
  resolved: ['Selesai (pola berakhir)', 'Resolved (pattern ended)'],
  status_changed: ['Status diubah', 'Status changed'],
  snoozed: ['Ditunda', 'Snoozed'],
  unsnoozed: ['Penundaan berakhir', 'Snooze ended'],
  reopened: ['Dibuka lagi', 'Reopened'],
  note: ['Catatan', 'Note'],
};
/** Fixed actors (the same names as src/auth/actor-directory.ts). */
const ACTOR: Labels = {
  'system:watch': ['Sistem (pemantauan mingguan)', 'System (weekly watch)'],
  'system:scheduler': ['Sistem (jadwal mingguan)', 'System (weekly schedule)'],
  system: ['Sistem', 'System'],
  'admin:env': ['Admin (kunci bootstrap)', 'Admin (bootstrap key)'],
};
const RUN_STATUS: Labels = { queued: ['Antre', 'Queued'], running: ['Berjalan', 'Running'], completed: ['Selesai', 'Completed'], failed: ['Gagal', 'Failed'] };
const JOB_STATE: Labels = {
  succeeded: ['Berhasil', 'Succeeded'],
  completed: ['Selesai', 'Completed'],
  active: ['Berjalan', 'Active'],
  failed: ['Gagal', 'Failed'],
  waiting: ['Menunggu', 'Waiting'],
  delayed: ['Ditunda', 'Delayed'],
  prioritized: ['Menunggu (prioritas)', 'Waiting (prioritised)'],
  'waiting-children': ['Menunggu sub-tugas', 'Waiting for sub-jobs'],
  queued: ['Antre', 'Queued'],
  unknown: ['Tidak diketahui', 'Unknown'],
};
const CADENCE: Labels = { weekly: ['Mingguan', 'Weekly'], daily: ['Harian', 'Daily'] };
const DELIVERY: Labels = {
  pending: ['Menunggu', 'Pending'],
  sent: ['Terkirim', 'Sent'],
  succeeded: ['Terkirim', 'Delivered'],
  failed: ['Gagal', 'Failed'],
  active: ['Aktif', 'Active'],
  disabled: ['Nonaktif', 'Disabled'],
};
const WEBHOOK_EVENT: Labels = {
  'report.published': ['Daftar mingguan terbit', 'Weekly list published'],
  'flag.raised': ['Bendera dinaikkan', 'Flag raised'],
  'flag.resolved': ['Bendera selesai', 'Flag resolved'],
  'flag.status_changed': ['Status bendera diubah', 'Flag status changed'],
};
const DOCUMENT: Labels = {
  nib_customs_access: ['NIB dengan akses kepabeanan', 'NIB with customs access'],
  sats_ln_dealer_licence: ['Izin edar SATS-LN (pengedar satwa liar)', 'SATS-LN wildlife dealer licence'],
  kkp_permit: ['Izin KKP (hasil perikanan)', 'KKP permit (fishery products)'],
  quarantine_kh12: ['Sertifikat karantina KH-12', 'Quarantine certificate KH-12'],
  certified_exporter: ['Status eksportir bersertifikat', 'Certified exporter status'],
  kite_ikm: ['Fasilitas KITE IKM', 'KITE IKM facility'],
};
/** The ladder's rung names come from the ladder itself (src/pathway/ladder.ts), one source for pages, lists and digests. */
const RUNG: Labels = Object.fromEntries(Object.entries(RUNG_TEXT).map(([k, v]) => [k, [v.name.id, v.name.en]]));
const DECLARATION: Labels = {
  cn: ['CN (barang kiriman)', 'CN (consignment note)'],
  pkbk: ['PKBK (pemberitahuan gabungan)', 'PKBK (consolidated notice)'],
  peb: ['PEB (pemberitahuan ekspor)', 'PEB (export declaration)'],
  unknown: ['Belum diketahui', 'Not known'],
};
const DECLARED_BY: Labels = {
  self: ['Sendiri', 'Self'],
  postal_operator: ['Operator pos', 'Postal operator'],
  aggregator: ['Agregator / koperasi', 'Aggregator / co-operative'],
  customs_broker: ['PPJK (kuasa kepabeanan)', 'Customs broker'],
  unknown: ['Belum diketahui', 'Not known'],
};
const ORIGIN_CERTIFICATE: Labels = {
  none: ['Tidak ada', 'None'],
  form_d: ['Form D (ATIGA)', 'Form D (ATIGA)'],
  form_e: ['Form E (ACFTA)', 'Form E (ACFTA)'],
  other: ['SKA lain', 'Other certificate'],
  self_certified: ['Deklarasi asal sendiri', 'Self-certified origin'],
};
const ACTIVITY: Labels = {
  visit: ['Kunjungan', 'Visit'],
  call: ['Telepon', 'Call'],
  referral: ['Rujukan', 'Referral'],
  training: ['Pelatihan', 'Training'],
  curation: ['Kurasi produk', 'Product curation'],
  note: ['Catatan', 'Note'],
};
const PROGRAMME: Labels = {
  ecp: ['Export Coaching Program (ECP)', 'Export Coaching Programme (ECP)'],
  desa_devisa: ['Desa Devisa', 'Desa Devisa (export village)'],
  klinik_ekspor: ['Klinik Ekspor', 'Export clinic'],
  rumah_kurasi: ['Rumah Kurasi', 'Curation house'],
  other: ['Lainnya', 'Other'],
};

/** A flag signal key (activeWeeks, value13wIdr, wildlifeMaterials, …) or market metric name. */
export const signalLabel = (lang: Lang, key: string) => pick(SIGNAL, lang, key);
/** A flag history event type (raised, evaluated, resolved, status_changed, snoozed). */
export const historyEventLabel = (lang: Lang, type: string) => pick(EVENT, lang, type);
/** @deprecated name kept for existing callers: use historyEventLabel. */
export const eventLabel = historyEventLabel;
export const runStatusLabel = (lang: Lang, status: string) => pick(RUN_STATUS, lang, status);
/** A BullMQ job state or a job run's outcome. */
export const jobStateLabel = (lang: Lang, state: string) => pick(JOB_STATE, lang, state);
export const cadenceLabel = (lang: Lang, cadence: string) => pick(CADENCE, lang, cadence);
/** A digest or webhook delivery status (pending, sent, succeeded, failed), or a webhook endpoint's (active, disabled). */
export const deliveryStatusLabel = (lang: Lang, status: string) => pick(DELIVERY, lang, status);
export const webhookEventLabel = (lang: Lang, type: string) => pick(WEBHOOK_EVENT, lang, type);
export const documentTypeLabel = (lang: Lang, type: string) => pick(DOCUMENT, lang, type);
export const rungLabel = (lang: Lang, rung: string) => pick(RUNG, lang, rung);
const JOINT_ROUTE: Labels = {
  pkbk: ['Kiriman pos gabungan (PKBK)', 'Postal consolidation (PKBK)'],
  cooperative: ['Ekspor lewat koperasi / sentra', 'Cooperative / cluster export'],
  kite_ikm_consortium: ['Konsorsium KITE IKM', 'KITE IKM consortium'],
  partner_exporter: ['Bermitra dengan eksportir', 'Partner exporter'],
};
/** A joint-export route (pkbk, cooperative, kite_ikm_consortium, partner_exporter). */
export const jointRouteLabel = (lang: Lang, route: string) => pick(JOINT_ROUTE, lang, route);
export const declarationLabel = (lang: Lang, d: string) => pick(DECLARATION, lang, d);
export const declaredByLabel = (lang: Lang, d: string) => pick(DECLARED_BY, lang, d);
export const originCertificateLabel = (lang: Lang, c: string) => pick(ORIGIN_CERTIFICATE, lang, c);
export const activityTypeLabel = (lang: Lang, t: string) => pick(ACTIVITY, lang, t);
export const programmeLabel = (lang: Lang, p: string) => pick(PROGRAMME, lang, p);

/**
 * Who did something, for a history or audit row: the resolved name when one is given (ActorDirectory),
 * else a fixed name for the engine and the bootstrap key, else the role of a `<role>:…` label.
 */
export function actorLabel(lang: Lang, actor: string | null | undefined, actorName?: string | null): string {
  if (actorName && actorName !== actor) return actorName;
  if (!actor) return lang === 'en' ? 'Unknown' : 'Tidak diketahui';
  if (ACTOR[actor]) return pick(ACTOR, lang, actor);
  if (actor.startsWith('system:')) return pick(ACTOR, lang, 'system');
  const role = actor.split(':')[0];
  return ROLE[role] && role !== actor ? pick(ROLE, lang, role) : actor;
}
