import type { Rung } from '../pathway/pathway.types';
import type { FlagKind } from './flag.types';

/** When a catalog entry applies. Every present condition must hold. */
export interface PaperworkApplies {
  /** Flag kinds whose checklist carries the entry. */
  kinds?: FlagKind[];
  /** Destination markets (ISO alpha-2). */
  markets?: string[];
  /** At least one of these materials shipped to the market in the last 13 weeks. */
  materials?: string[];
  /** At least one of these product categories shipped. */
  categories?: string[];
  /** Heaviest consignment above this (kg). */
  minHeaviestKg?: number;
  /** Heaviest consignment at or below this (kg). */
  maxHeaviestKg?: number;
  /** Parcels to the market above the personal-parcel value (China: CNY 1,000). */
  cnOverLimit?: boolean;
  /** Left out when the business already has an NIB with customs access. */
  unlessCustomsAccess?: boolean;
}

export interface PaperworkEntry {
  code: string;
  title: { id: string; en: string };
  issuer: string;
  /** Why it applies; placeholders {market} {materials} {kg} {count}. */
  reason: { id: string; en: string };
  applies: PaperworkApplies;
  sortOrder: number;
  /** The export-ladder rung this step belongs to; null or absent: it applies on every rung (permits, the market's own rules). */
  rung?: Rung | null;
}

/**
 * The editable paperwork catalog as the migrations leave it (DOMAIN.md; the frozen copies are in
 * migrations/seed). Wildlife permits carry no `kinds`: they belong on every plan for those materials,
 * readiness included. Staff edit the catalog through the API.
 */
export const PAPERWORK_SEED: PaperworkEntry[] = [
  {
    code: 'NIB', issuer: 'OSS / DJBC', sortOrder: 10, rung: 'own_peb',
    title: { id: 'NIB dengan akses kepabeanan', en: 'NIB with customs access' },
    reason: { id: 'Ekspor formal ke {market} memerlukan NIB yang terdaftar di kepabeanan (REC CEISA)', en: 'Formal export to {market} needs an NIB registered with customs (REC CEISA)' },
    applies: { kinds: ['readiness'], unlessCustomsAccess: true },
  },
  {
    code: 'PEB', issuer: 'Eksportir / PPJK → DJBC', sortOrder: 20, rung: 'agent_peb',
    title: { id: 'Pemberitahuan Ekspor Barang (PEB, BC 3.0)', en: 'Export declaration (PEB, BC 3.0)' },
    reason: { id: 'Volume rutin ke {market} layak dicatat sebagai ekspor sendiri; PEB juga syarat SKA', en: 'Routine volume to {market} justifies an own export record; a PEB is also needed for a certificate of origin' },
    applies: { kinds: ['readiness'] },
  },
  {
    code: 'PEB-30KG', issuer: 'Eksportir / PPJK → DJBC', sortOrder: 21, rung: 'agent_peb',
    title: { id: 'PEB wajib untuk kiriman di atas 30 kg', en: 'PEB required for consignments over 30 kg' },
    reason: { id: 'Kiriman terberat {kg} kg melewati batas 30 kg barang kiriman', en: 'The heaviest consignment, {kg} kg, is over the 30 kg consignment line' },
    applies: { minHeaviestKg: 30 },
  },
  {
    code: 'CN', issuer: 'Pos / kurir → DJBC', sortOrder: 30, rung: 'own_cn',
    title: { id: 'Consignment note (CN) atas nama sendiri', en: 'Consignment note (CN) in your own name' },
    reason: { id: 'Selama masih pengiriman langsung (≤ 30 kg), pastikan CN mencantumkan usaha Anda sebagai pengirim', en: 'While still shipping directly (≤ 30 kg), make sure the CN names your business as the sender' },
    applies: { kinds: ['readiness'], maxHeaviestKg: 30 },
  },
  {
    code: 'SKA-D', issuer: 'IPSKA (e-SKA)', sortOrder: 40, rung: 'origin_certified',
    title: { id: 'Surat Keterangan Asal Form D (ATIGA)', en: 'Certificate of origin Form D (ATIGA)' },
    reason: { id: 'Pembeli di Malaysia bisa mendapat bea masuk hingga 0 % dengan Form D', en: 'Buyers in Malaysia can get import duty down to 0 % with Form D' },
    applies: { kinds: ['readiness'], markets: ['MY'] },
  },
  {
    code: 'SKA-E', issuer: 'IPSKA (e-SKA)', sortOrder: 41, rung: 'origin_certified',
    title: { id: 'Surat Keterangan Asal Form E (ACFTA)', en: 'Certificate of origin Form E (ACFTA)' },
    reason: { id: 'Form E menurunkan bea masuk pembeli di Tiongkok', en: 'Form E cuts the import duty of buyers in China' },
    applies: { kinds: ['readiness'], markets: ['CN'] },
  },
  {
    code: 'SATS-LN', issuer: 'KSDAE / BKSDA', sortOrder: 50,
    title: { id: 'SATS-LN, izin pengedar satwa liar dan kuota', en: 'SATS-LN wildlife export permit, trader licence and quota' },
    reason: { id: 'Kulit ular (CITES Apendiks II) dikirim ke {market}: izin berlaku baik lewat CN maupun PEB', en: 'Snakeskin (CITES Appendix II) shipped to {market}: permits apply whether by CN or PEB' },
    applies: { materials: ['snakeskin'] },
  },
  {
    code: 'KH-12', issuer: 'Barantin', sortOrder: 53,
    title: { id: 'Sertifikat karantina hewan (KH-12)', en: 'Animal-product quarantine certificate (KH-12)' },
    reason: { id: 'Produk {materials} ke {market} memerlukan sertifikat karantina KH-12 dari Barantin, baik lewat pengiriman langsung maupun ekspor formal', en: '{materials} products to {market} need a KH-12 quarantine certificate from Barantin, whether shipped directly or exported formally' },
    applies: { materials: ['snakeskin'] },
  },
  {
    code: 'KKP-RAY', issuer: 'KKP', sortOrder: 51,
    title: { id: 'SIPJI + SAJI atau Surat Rekomendasi (e-SAJI) untuk pari', en: 'SIPJI + SAJI or recommendation letter (e-SAJI) for stingray' },
    reason: { id: 'Kulit pari dikirim ke {market}: periksa spesies terhadap daftar terbaru KKP/CITES', en: 'Stingray leather shipped to {market}: check the species against the latest KKP/CITES listings' },
    applies: { materials: ['stingray'] },
  },
  {
    code: 'CITES-IMPORT', issuer: 'PERHILITAN / China CITES office', sortOrder: 52,
    title: { id: 'Izin impor CITES negara tujuan', en: 'Importing-country CITES permit' },
    reason: { id: 'Siapkan izin impor CITES {market} untuk produk {materials}; Malaysia dan Tiongkok mewajibkannya bahkan untuk produk jadi', en: 'Arrange the {market} CITES import permit for {materials} products; Malaysia and China require it even for finished products' },
    applies: { materials: ['snakeskin', 'stingray'] },
  },
  {
    code: 'CN-COMMERCIAL', issuer: 'China Customs', sortOrder: 60,
    title: { id: 'Kepabeanan Tiongkok sebagai barang komersial', en: 'Clearance as commercial goods in China' },
    reason: { id: '{count} paket ke Tiongkok bernilai di atas CNY 1.000 (batas paket pribadi)', en: '{count} parcels to China were worth over CNY 1,000 (the personal-parcel limit)' },
    applies: { markets: ['CN'], cnOverLimit: true },
  },
  {
    code: 'MY-LVG', issuer: 'Kastam Malaysia', sortOrder: 70,
    title: { id: 'Pajak penjualan 10 % barang bernilai rendah (LVG)', en: '10 % low-value goods sales tax (LVG)' },
    reason: { id: 'Penjualan daring ke Malaysia senilai RM 500 atau kurang dikenai pajak 10 %', en: 'Online sales to Malaysia of RM 500 or less carry 10 % sales tax' },
    applies: { kinds: ['readiness'], markets: ['MY'] },
  },
  {
    code: 'PKBK', issuer: 'Penyelenggara pos / koperasi → DJBC', sortOrder: 31, rung: 'consolidated',
    title: {
      id: 'Ikut pemberitahuan konsolidasi (PKBK) atau lewat koperasi/agregator',
      en: 'Join a consolidated declaration (PKBK) or ship through a cooperative/aggregator',
    },
    reason: {
      id: 'Sejak PMK 4/2025 operator pos boleh menggabungkan banyak CN dalam satu PKBK; kiriman bersama menekan ongkos per paket dan membangun catatan ekspor.',
      en: 'Since PMK 4/2025 postal operators may combine many CNs into one PKBK; shipping together lowers the cost per parcel and builds an export record.',
    },
    applies: {},
  },
  {
    code: 'CERTIFIED-EXPORTER', issuer: 'Kementerian Perdagangan', sortOrder: 42, rung: 'certified_exporter',
    title: { id: 'Status eksportir bersertifikat (self-certification asal barang)', en: 'Certified exporter status (origin self-certification)' },
    reason: {
      id: 'Eksportir terdaftar yang juga produsen, dengan dua tahun tanpa catatan buruk dan pembukuan rapi, boleh menyatakan asal barang sendiri '
        + 'tanpa mengurus SKA tiap kiriman.',
      en: 'A registered exporter that is the producer, with two clean years and good bookkeeping, may declare origin itself '
        + 'instead of applying for an SKA per shipment.',
    },
    applies: {},
  },
];
