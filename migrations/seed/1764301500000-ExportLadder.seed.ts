/**
 * Frozen data of the export-ladder migration: the rung each seeded paperwork entry belongs to, and
 * the entries the ladder adds. A migration must not change when the application's catalog evolves.
 * Entries without a rung (wildlife permits, the importing market's own rules) apply on every rung.
 */
export const PAPERWORK_RUNGS: Record<string, string> = {
  CN: 'own_cn',
  PEB: 'agent_peb',
  'PEB-30KG': 'agent_peb',
  NIB: 'own_peb',
  'SKA-D': 'origin_certified',
  'SKA-E': 'origin_certified',
};

export const LADDER_PAPERWORK = [
  {
    code: 'PKBK',
    rung: 'consolidated',
    title: {
      id: 'Ikut pemberitahuan konsolidasi (PKBK) atau lewat koperasi/agregator',
      en: 'Join a consolidated declaration (PKBK) or ship through a cooperative/aggregator',
    },
    issuer: 'Penyelenggara pos / koperasi → DJBC',
    reason: {
      id: 'Sejak PMK 4/2025 operator pos boleh menggabungkan banyak CN dalam satu PKBK; kiriman bersama menekan ongkos per paket dan membangun catatan ekspor.',
      en: 'Since PMK 4/2025 postal operators may combine many CNs into one PKBK; shipping together lowers the cost per parcel and builds an export record.',
    },
    applies: {},
    sortOrder: 31,
  },
  {
    code: 'CERTIFIED-EXPORTER',
    rung: 'certified_exporter',
    title: { id: 'Status eksportir bersertifikat (self-certification asal barang)', en: 'Certified exporter status (origin self-certification)' },
    issuer: 'Kementerian Perdagangan',
    reason: {
      id: 'Eksportir terdaftar yang juga produsen, dengan dua tahun tanpa catatan buruk dan pembukuan rapi, boleh menyatakan asal barang sendiri tanpa mengurus SKA tiap kiriman.',
      en: 'A registered exporter that is the producer, with two clean years and good bookkeeping, may declare origin itself instead of applying for an SKA per shipment.',
    },
    applies: {},
    sortOrder: 42,
  },
] as const;
