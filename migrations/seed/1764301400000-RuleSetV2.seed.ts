/**
 * Frozen copy of rule set v2 and the catalog rows it adds, as the RuleSetV2 migration publishes them.
 * A migration must not change when the application's defaults evolve, so it reads this file, never src/.
 */
export const RULE_SET_V2 = {
  readiness: {
    enter: {
      minActiveMonths: 2,
      minActiveWeeks: 3,
      minRepeatBuyers: 2,
      minValue13wIdr: 50000000,
      minHeaviestParcelKg: 25,
      maxPeakWeekShare: 0.35,
      maxWeeksSinceLastOrder: 3,
      minRepeatOrderShare: 0.4,
      minPatternDays: 35,
      minCoverage: 0.7,
      quietGapFactor: 1.5,
      peakShareSlack: 1.5,
      minRoutineBuyerWeeks: 4,
      minRoutineLotUnits: 10,
      minRoutineLotIdr: 10000000,
    },
    stay: {
      minActiveMonths: 1,
      minActiveWeeks: 2,
      minRepeatBuyers: 1,
      minValue13wIdr: 25000000,
      minHeaviestParcelKg: 25,
      maxPeakWeekShare: 0.6,
      maxWeeksSinceLastOrder: 4,
      minRepeatOrderShare: 0.2,
      minPatternDays: 0,
      minCoverage: 0.3,
      quietGapFactor: 1.5,
      peakShareSlack: 2,
      minRoutineBuyerWeeks: 2,
      minRoutineLotUnits: 5,
      minRoutineLotIdr: 5000000,
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
  rhythm: {
    minGaps: 3,
    maxQuietWeeks: 8,
  },
};

/** The animal-product quarantine certificate, which every snakeskin plan needs (DOMAIN.md). */
export const KH12 = {
  code: 'KH-12',
  issuer: 'Barantin',
  sortOrder: 53,
  title: { id: 'Sertifikat karantina hewan (KH-12)', en: 'Animal-product quarantine certificate (KH-12)' },
  reason: {
    id: 'Produk {materials} ke {market} memerlukan sertifikat karantina KH-12 dari Barantin, baik lewat pengiriman langsung maupun ekspor formal',
    en: '{materials} products to {market} need a KH-12 quarantine certificate from Barantin, whether shipped directly or exported formally',
  },
  applies: { materials: ['snakeskin'] },
};

/** The importing country's CITES permit applies on every route and to every market, not only on compliance flags. */
export const CITES_IMPORT_REASON = {
  id: 'Siapkan izin impor CITES {market} untuk produk {materials}; Malaysia dan Tiongkok mewajibkannya bahkan untuk produk jadi',
  en: 'Arrange the {market} CITES import permit for {materials} products; Malaysia and China require it even for finished products',
};
