/**
 * Frozen copy of the v1 rule set and the paperwork catalog as first seeded. A migration must not
 * change when the application's defaults evolve, so it reads this file, never src/.
 */
export const RULE_SET_V1 = {
  readiness: {
    enter: {
      minActiveMonths: 3,
      minActiveWeeks: 6,
      minRepeatBuyers: 2,
      minValue13wIdr: 50000000,
      minHeaviestParcelKg: 25,
      maxPeakWeekShare: 0.35,
      maxWeeksSinceLastOrder: 3,
    },
    stay: {
      minActiveMonths: 2,
      minActiveWeeks: 3,
      minRepeatBuyers: 1,
      minValue13wIdr: 25000000,
      minHeaviestParcelKg: 25,
      maxPeakWeekShare: 0.6,
      maxWeeksSinceLastOrder: 4,
    },
  },
  compliance: {
    enterMinWildlifeOrders13w: 2,
    stayMinWildlifeOrders13w: 1,
  },
  repeatMinOrders: 2,
  growthRatio: 1.5,
  heavyParcelKg: 30,
  minDwellWeeks: 4,
  exitAfterFailedEvaluations: 2,
  dismissalExpiresAfterWeeks: null,
} as const;

export const PAPERWORK_V1 = [
  {
    code: 'NIB',
    issuer: 'OSS / DJBC',
    sortOrder: 10,
    title: {
      id: 'NIB dengan akses kepabeanan',
      en: 'NIB with customs access',
    },
    reason: {
      id: 'Ekspor formal ke {market} memerlukan NIB yang terdaftar di kepabeanan (REC CEISA)',
      en: 'Formal export to {market} needs an NIB registered with customs (REC CEISA)',
    },
    applies: {
      kinds: ['readiness'],
      unlessCustomsAccess: true,
    },
  },
  {
    code: 'PEB',
    issuer: 'Eksportir / PPJK → DJBC',
    sortOrder: 20,
    title: {
      id: 'Pemberitahuan Ekspor Barang (PEB, BC 3.0)',
      en: 'Export declaration (PEB, BC 3.0)',
    },
    reason: {
      id: 'Volume rutin ke {market} layak dicatat sebagai ekspor sendiri; PEB juga syarat SKA',
      en: 'Routine volume to {market} justifies an own export record; a PEB is also needed for a certificate of origin',
    },
    applies: {
      kinds: ['readiness'],
    },
  },
  {
    code: 'PEB-30KG',
    issuer: 'Eksportir / PPJK → DJBC',
    sortOrder: 21,
    title: {
      id: 'PEB wajib untuk kiriman di atas 30 kg',
      en: 'PEB required for consignments over 30 kg',
    },
    reason: {
      id: 'Kiriman terberat {kg} kg melewati batas 30 kg barang kiriman',
      en: 'The heaviest consignment, {kg} kg, is over the 30 kg consignment line',
    },
    applies: {
      minHeaviestKg: 30,
    },
  },
  {
    code: 'CN',
    issuer: 'Pos / kurir → DJBC',
    sortOrder: 30,
    title: {
      id: 'Consignment note (CN) atas nama sendiri',
      en: 'Consignment note (CN) in your own name',
    },
    reason: {
      id: 'Selama masih pengiriman langsung (≤ 30 kg), pastikan CN mencantumkan usaha Anda sebagai pengirim',
      en: 'While still shipping directly (≤ 30 kg), make sure the CN names your business as the sender',
    },
    applies: {
      kinds: ['readiness'],
      maxHeaviestKg: 30,
    },
  },
  {
    code: 'SKA-D',
    issuer: 'IPSKA (e-SKA)',
    sortOrder: 40,
    title: {
      id: 'Surat Keterangan Asal Form D (ATIGA)',
      en: 'Certificate of origin Form D (ATIGA)',
    },
    reason: {
      id: 'Pembeli di Malaysia bisa mendapat bea masuk hingga 0 % dengan Form D',
      en: 'Buyers in Malaysia can get import duty down to 0 % with Form D',
    },
    applies: {
      kinds: ['readiness'],
      markets: ['MY'],
    },
  },
  {
    code: 'SKA-E',
    issuer: 'IPSKA (e-SKA)',
    sortOrder: 41,
    title: {
      id: 'Surat Keterangan Asal Form E (ACFTA)',
      en: 'Certificate of origin Form E (ACFTA)',
    },
    reason: {
      id: 'Form E menurunkan bea masuk pembeli di Tiongkok',
      en: 'Form E cuts the import duty of buyers in China',
    },
    applies: {
      kinds: ['readiness'],
      markets: ['CN'],
    },
  },
  {
    code: 'SATS-LN',
    issuer: 'KSDAE / BKSDA',
    sortOrder: 50,
    title: {
      id: 'SATS-LN, izin pengedar satwa liar dan kuota',
      en: 'SATS-LN wildlife export permit, trader licence and quota',
    },
    reason: {
      id: 'Kulit ular (CITES Apendiks II) dikirim ke {market}: izin berlaku baik lewat CN maupun PEB',
      en: 'Snakeskin (CITES Appendix II) shipped to {market}: permits apply whether by CN or PEB',
    },
    applies: {
      kinds: ['compliance'],
      materials: ['snakeskin'],
    },
  },
  {
    code: 'KKP-RAY',
    issuer: 'KKP',
    sortOrder: 51,
    title: {
      id: 'SIPJI + SAJI atau Surat Rekomendasi (e-SAJI) untuk pari',
      en: 'SIPJI + SAJI or recommendation letter (e-SAJI) for stingray',
    },
    reason: {
      id: 'Kulit pari dikirim ke {market}: periksa spesies terhadap daftar terbaru KKP/CITES',
      en: 'Stingray leather shipped to {market}: check the species against the latest KKP/CITES listings',
    },
    applies: {
      kinds: ['compliance'],
      materials: ['stingray'],
    },
  },
  {
    code: 'CITES-IMPORT',
    issuer: 'PERHILITAN / China CITES office',
    sortOrder: 52,
    title: {
      id: 'Izin impor CITES negara tujuan',
      en: 'Importing-country CITES permit',
    },
    reason: {
      id: '{market} mewajibkan izin CITES bahkan untuk produk jadi dari bahan satwa liar',
      en: '{market} requires CITES permits even for finished wildlife products',
    },
    applies: {
      kinds: ['compliance'],
      markets: ['MY', 'CN'],
      materials: ['snakeskin', 'stingray'],
    },
  },
  {
    code: 'CN-COMMERCIAL',
    issuer: 'China Customs',
    sortOrder: 60,
    title: {
      id: 'Kepabeanan Tiongkok sebagai barang komersial',
      en: 'Clearance as commercial goods in China',
    },
    reason: {
      id: '{count} paket ke Tiongkok bernilai di atas CNY 1.000 (batas paket pribadi)',
      en: '{count} parcels to China were worth over CNY 1,000 (the personal-parcel limit)',
    },
    applies: {
      markets: ['CN'],
      cnOverLimit: true,
    },
  },
  {
    code: 'MY-LVG',
    issuer: 'Kastam Malaysia',
    sortOrder: 70,
    title: {
      id: 'Pajak penjualan 10 % barang bernilai rendah (LVG)',
      en: '10 % low-value goods sales tax (LVG)',
    },
    reason: {
      id: 'Penjualan daring ke Malaysia senilai RM 500 atau kurang dikenai pajak 10 %',
      en: 'Online sales to Malaysia of RM 500 or less carry 10 % sales tax',
    },
    applies: {
      kinds: ['readiness'],
      markets: ['MY'],
    },
  },
];
