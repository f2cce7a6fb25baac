import { daysBetween } from '../common/time';
import { BLOCKING_STATUSES, FlagKind, FlagStatus, MarketMetrics, SignalMap, Text } from './flag.types';
import { formatIdr, marketName, materialName } from './i18n';
import { checkReadinessV2, ReadinessCheckV2, readinessReasonsV2, readinessScoreV2 } from './readiness-v2';
import { ReadinessThresholds, RuleSetParams, usesRhythm } from './rule-set';

/**
 * The flagging policy as one pure function: metrics of one business × market + a rule set + the
 * current episode (if any) → decision, score, signals (value / threshold / hit) and reasons.
 * No Nest, no database, no clock: everything it needs is in the input.
 */
export type Decision =
  /** No episode and the enter thresholds hold: raise a new flag. */
  | 'raise'
  /** An active episode continues (possibly with a growing exit streak). */
  | 'keep'
  /** The episode ends: stay thresholds failed long enough after the minimum dwell (or a dismissal expired). */
  | 'resolve'
  /** No episode and nothing to raise. */
  | 'none'
  /** formal_exporter / dismissed hold the slot: never re-raised, never resolved by the engine. */
  | 'blocked';

export interface CurrentEpisode {
  status: FlagStatus;
  raisedOn: string;
  /** Consecutive evaluations that failed the stay thresholds so far. */
  exitStreak: number;
  /** WIB date of the last status change (for dismissal expiry). */
  statusChangedOn: string;
}

export interface PolicyInput {
  kind: FlagKind;
  market: string;
  asOf: string;
  metrics: MarketMetrics;
  rules: RuleSetParams;
  current?: CurrentEpisode | null;
}

export interface PolicyResult {
  decision: Decision;
  /** 0–100, always against the enter thresholds so scores compare across weeks. */
  score: number;
  signals: SignalMap;
  reasons: Text[];
  exitStreak: number;
  meetsEnter: boolean;
  meetsStay: boolean;
}

export function weeksSinceLastOrder(m: MarketMetrics, asOf: string): number | null {
  return m.lastOrderOn ? Math.floor(daysBetween(m.lastOrderOn, asOf) / 7) : null;
}

function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

interface ReadinessCheck {
  signals: SignalMap;
  continuity: boolean;
  quality: boolean;
  quantity: boolean;
  steadiness: boolean;
  recency: boolean;
  all: boolean;
}

/** Evaluates the readiness groups against one side of the hysteresis (enter or stay). */
export function checkReadiness(m: MarketMetrics, asOf: string, t: ReadinessThresholds, rules: RuleSetParams): ReadinessCheck {
  const peakShare = m.orders13w > 0 ? round(m.peakWeekOrders / m.orders13w, 3) : null;
  const quiet = weeksSinceLastOrder(m, asOf);
  const growth = m.valuePrev13wIdr > 0 ? round(m.value13wIdr / m.valuePrev13wIdr, 2) : null;
  const repeatShare = m.orders13w > 0 ? round(m.repeatOrders13w / m.orders13w, 3) : null;
  const signals: SignalMap = {
    activeMonths: { value: m.activeMonths4, threshold: t.minActiveMonths, hit: m.activeMonths4 >= t.minActiveMonths },
    activeWeeks: { value: m.activeWeeks13, threshold: t.minActiveWeeks, hit: m.activeWeeks13 >= t.minActiveWeeks },
    repeatBuyers: { value: m.repeatBuyers, threshold: t.minRepeatBuyers, hit: m.repeatBuyers >= t.minRepeatBuyers },
    value13wIdr: { value: m.value13wIdr, threshold: t.minValue13wIdr, hit: m.value13wIdr >= t.minValue13wIdr },
    heaviestParcelKg: {
      value: m.heaviestParcelKg,
      threshold: t.minHeaviestParcelKg,
      hit: m.heaviestParcelKg !== null && m.heaviestParcelKg >= t.minHeaviestParcelKg,
    },
    peakWeekShare: { value: peakShare, threshold: t.maxPeakWeekShare, hit: peakShare !== null && peakShare <= t.maxPeakWeekShare },
    weeksSinceLastOrder: { value: quiet, threshold: t.maxWeeksSinceLastOrder, hit: quiet !== null && quiet <= t.maxWeeksSinceLastOrder },
    orders13w: { value: m.orders13w, threshold: null, hit: m.orders13w > 0 },
    repeatOrderShare: { value: repeatShare, threshold: null, hit: repeatShare !== null && repeatShare > 0 },
    growth: { value: growth, threshold: rules.growthRatio, hit: growth !== null && growth >= rules.growthRatio },
    heavyParcel: { value: m.heaviestParcelKg, threshold: rules.heavyParcelKg, hit: m.heaviestParcelKg !== null && m.heaviestParcelKg > rules.heavyParcelKg },
  };
  if (m.cnOverLimit13w > 0) {
    signals.cnParcelsOverLimit = { value: m.cnOverLimit13w, threshold: 1, hit: m.cnOverLimit13w >= 1 };
  }
  const continuity = signals.activeMonths.hit && signals.activeWeeks.hit;
  const quality = signals.repeatBuyers.hit;
  const quantity = signals.value13wIdr.hit || signals.heaviestParcelKg.hit;
  const steadiness = signals.peakWeekShare.hit;
  const recency = signals.weeksSinceLastOrder.hit;
  return { signals, continuity, quality, quantity, steadiness, recency, all: continuity && quality && quantity && steadiness && recency };
}

/** 0–100 against the enter thresholds: continuity 30, quality 25, quantity 30, steadiness 10, growth 5. */
export function readinessScore(m: MarketMetrics, asOf: string, rules: RuleSetParams): number {
  const t = rules.readiness.enter;
  const frac = (v: number, min: number) => (min <= 0 ? 1 : Math.min(1, v / min));
  const continuity = (frac(m.activeMonths4, t.minActiveMonths) + frac(m.activeWeeks13, t.minActiveWeeks)) / 2;
  const quality = frac(m.repeatBuyers, t.minRepeatBuyers);
  const quantity = Math.max(frac(m.value13wIdr, t.minValue13wIdr), frac(m.heaviestParcelKg ?? 0, t.minHeaviestParcelKg));
  const share = m.orders13w > 0 ? m.peakWeekOrders / m.orders13w : 1;
  const steadiness = m.orders13w === 0 ? 0 : share <= t.maxPeakWeekShare ? 1 : t.maxPeakWeekShare / share;
  const growth = m.valuePrev13wIdr > 0 ? Math.min(1, m.value13wIdr / m.valuePrev13wIdr / rules.growthRatio) : m.value13wIdr > 0 ? 1 : 0;
  const quiet = weeksSinceLastOrder(m, asOf);
  const recencyFactor = quiet === null ? 0 : quiet <= t.maxWeeksSinceLastOrder ? 1 : Math.max(0, 1 - (quiet - t.maxWeeksSinceLastOrder) / 8);
  return round((30 * continuity + 25 * quality + 30 * quantity + 10 * steadiness + 5 * growth) * recencyFactor);
}

function readinessReasons(m: MarketMetrics, asOf: string, c: ReadinessCheck, market: string, decision: Decision, streak: number, rules: RuleSetParams): Text[] {
  const mk = marketName(market);
  const s = c.signals;
  const out: Text[] = [];
  const add = (hit: boolean, id: string, en: string) => out.push({ id: `${hit ? '✓' : '✗'} ${id}`, en: `${hit ? '✓' : '✗'} ${en}` });
  add(
    s.activeMonths.hit,
    `Kontinuitas: pesanan ke ${mk.id} di ${m.activeMonths4} dari 4 bulan terakhir (ambang ${s.activeMonths.threshold})`,
    `Continuity: orders to ${mk.en} in ${m.activeMonths4} of the last 4 months (threshold ${s.activeMonths.threshold})`,
  );
  add(
    s.activeWeeks.hit,
    `Kontinuitas: pesanan di ${m.activeWeeks13} dari 13 minggu terakhir (ambang ${s.activeWeeks.threshold})`,
    `Continuity: orders in ${m.activeWeeks13} of the last 13 weeks (threshold ${s.activeWeeks.threshold})`,
  );
  const rs = m.orders13w > 0 ? Math.round((100 * m.repeatOrders13w) / m.orders13w) : 0;
  add(
    s.repeatBuyers.hit,
    `Kualitas: ${m.repeatBuyers} pembeli berulang (≥ ${rules.repeatMinOrders} pesanan dalam 13 minggu; ambang ${s.repeatBuyers.threshold}), ${rs} % pesanan dari pembeli berulang`,
    `Quality: ${m.repeatBuyers} repeat buyers (≥ ${rules.repeatMinOrders} orders in 13 weeks; threshold ${s.repeatBuyers.threshold}), ${rs} % of orders from repeat buyers`,
  );
  const v = formatIdr(m.value13wIdr);
  const vt = formatIdr(Number(s.value13wIdr.threshold));
  add(
    s.value13wIdr.hit,
    `Kuantitas: ${m.orders13w} pesanan senilai ${v.id} dalam 13 minggu (ambang ${vt.id})`,
    `Quantity: ${m.orders13w} orders worth ${v.en} in 13 weeks (threshold ${vt.en})`,
  );
  if (m.heaviestParcelKg !== null && (s.heaviestParcelKg.hit || !s.value13wIdr.hit)) {
    add(
      s.heaviestParcelKg.hit,
      `Kuantitas: kiriman terberat ${m.heaviestParcelKg} kg (ambang ${s.heaviestParcelKg.threshold} kg; batas barang kiriman ${rules.heavyParcelKg} kg)`,
      `Quantity: heaviest consignment ${m.heaviestParcelKg} kg (threshold ${s.heaviestParcelKg.threshold} kg; consignment line ${rules.heavyParcelKg} kg)`,
    );
  }
  if (m.orders13w > 0) {
    const pct = Math.round(100 * Number(s.peakWeekShare.value));
    add(
      s.peakWeekShare.hit,
      `Stabil: minggu tersibuk memuat ${pct} % pesanan 13 minggu (maks. ${Math.round(100 * Number(s.peakWeekShare.threshold))} %)`,
      `Steady: the busiest week holds ${pct} % of the 13-week orders (max ${Math.round(100 * Number(s.peakWeekShare.threshold))} %)`,
    );
  }
  const quiet = s.weeksSinceLastOrder.value;
  if (quiet === null) add(false, 'Tidak ada pesanan dalam 26 minggu terakhir', 'No orders in the last 26 weeks');
  else
    add(
      s.weeksSinceLastOrder.hit,
      `Pesanan terakhir ${quiet} minggu lalu (maks. ${s.weeksSinceLastOrder.threshold})`,
      `Last order ${quiet} weeks ago (max ${s.weeksSinceLastOrder.threshold})`,
    );
  return withOutcome(out, m, s, decision, streak, rules);
}

/** What both rule-set generations add after the groups: growth, China's parcel limit, the exit streak, the end of a pattern. */
function withOutcome(out: Text[], m: MarketMetrics, s: SignalMap, decision: Decision, streak: number, rules: RuleSetParams): Text[] {
  if (s.growth.hit) {
    out.push({
      id: `✓ Pertumbuhan: nilai 13 minggu ${s.growth.value}× dari 13 minggu sebelumnya`,
      en: `✓ Growth: 13-week value ${s.growth.value}× the 13 weeks before`,
    });
  }
  if (m.cnOverLimit13w > 0) {
    out.push({
      id: `✓ ${m.cnOverLimit13w} paket ke Tiongkok di atas CNY 1.000 (batas paket pribadi)`,
      en: `✓ ${m.cnOverLimit13w} parcels to China above CNY 1,000 (personal-parcel limit)`,
    });
  }
  if (decision === 'keep' && streak > 0) {
    out.push({
      id: `Ambang bertahan tidak terpenuhi ${streak}× berturut-turut (selesai setelah ${rules.exitAfterFailedEvaluations}×)`,
      en: `Stay thresholds missed ${streak}× in a row (resolves after ${rules.exitAfterFailedEvaluations}×)`,
    });
  }
  if (decision === 'resolve')
    out.unshift({
      id: 'Pola pesanan rutin berakhir: ambang bertahan tidak lagi terpenuhi',
      en: 'The steady order pattern has ended: the stay thresholds no longer hold',
    });
  return out;
}

function complianceResult(input: PolicyInput): Omit<PolicyResult, 'decision' | 'exitStreak' | 'reasons'> & { reasons: Text[] } {
  const { metrics: m, rules, current } = input;
  const flagged = !!current && !BLOCKING_STATUSES.includes(current.status);
  const threshold = flagged ? rules.compliance.stayMinWildlifeOrders13w : rules.compliance.enterMinWildlifeOrders13w;
  const signals: SignalMap = {
    wildlifeOrders13w: { value: m.wildlifeOrders13w, threshold, hit: m.wildlifeOrders13w >= threshold },
    wildlifeMaterials: { value: m.wildlifeMaterials, threshold: null, hit: m.wildlifeMaterials.length > 0 },
  };
  const mk = marketName(input.market);
  const mats = m.wildlifeMaterials.map(materialName);
  const reasons: Text[] = m.wildlifeMaterials.length
    ? [
        {
          id: `Bahan satwa liar (${mats.map((x) => x.id).join(', ')}) dalam ${m.wildlifeOrders13w} pesanan ke ${mk.id} selama 13 minggu (ambang ${threshold}); izin berlaku baik lewat pengiriman langsung maupun ekspor formal`,
          en: `Wildlife material (${mats.map((x) => x.en).join(', ')}) in ${m.wildlifeOrders13w} orders to ${mk.en} over 13 weeks (threshold ${threshold}); permits apply to direct shipment and formal export alike`,
        },
      ]
    : [{ id: `Tidak ada bahan satwa liar ke ${mk.id} dalam 13 minggu terakhir`, en: `No wildlife material shipped to ${mk.en} in the last 13 weeks` }];
  const enter = rules.compliance.enterMinWildlifeOrders13w;
  return {
    score: round(Math.min(100, (100 * m.wildlifeOrders13w) / Math.max(1, 2 * enter))),
    signals,
    reasons,
    meetsEnter: m.wildlifeOrders13w >= enter,
    meetsStay: m.wildlifeOrders13w >= rules.compliance.stayMinWildlifeOrders13w,
  };
}

/** The policy. See the Decision type for what each outcome means. */
export function evaluatePolicy(input: PolicyInput): PolicyResult {
  const { kind, metrics: m, asOf, rules, current } = input;
  let base: Omit<PolicyResult, 'decision' | 'exitStreak' | 'reasons'>;
  let readiness: ReadinessCheck | undefined;
  let readinessV2: ReadinessCheckV2 | undefined;
  let compliance: ReturnType<typeof complianceResult> | undefined;
  if (kind === 'readiness') {
    const flagged = !!current && !BLOCKING_STATUSES.includes(current.status);
    if (usesRhythm(rules)) {
      const quiet = weeksSinceLastOrder(m, asOf);
      const enter = checkReadinessV2(m, asOf, rules.readiness.enter, 'enter', rules, quiet);
      const stay = checkReadinessV2(m, asOf, rules.readiness.stay, 'stay', rules, quiet);
      readinessV2 = flagged ? stay : enter;
      base = { score: readinessScoreV2(m, enter, rules.readiness.enter, rules), signals: readinessV2.signals, meetsEnter: enter.all, meetsStay: stay.all };
    } else {
      const enter = checkReadiness(m, asOf, rules.readiness.enter, rules);
      const stay = checkReadiness(m, asOf, rules.readiness.stay, rules);
      readiness = flagged ? stay : enter;
      base = { score: readinessScore(m, asOf, rules), signals: readiness.signals, meetsEnter: enter.all, meetsStay: stay.all };
    }
  } else {
    compliance = complianceResult(input);
    base = compliance;
  }

  let decision: Decision;
  let exitStreak = 0;
  if (!current) {
    decision = base.meetsEnter ? 'raise' : 'none';
  } else if (BLOCKING_STATUSES.includes(current.status)) {
    const expiry = rules.dismissalExpiresAfterWeeks;
    const expired = current.status === 'dismissed' && expiry !== null && daysBetween(current.statusChangedOn, asOf) >= expiry * 7;
    decision = expired ? 'resolve' : 'blocked';
  } else if (base.meetsStay) {
    decision = 'keep';
  } else {
    exitStreak = current.exitStreak + 1;
    const dwellWeeks = Math.floor(daysBetween(current.raisedOn, asOf) / 7);
    decision = exitStreak >= rules.exitAfterFailedEvaluations && dwellWeeks >= rules.minDwellWeeks ? 'resolve' : 'keep';
  }

  const flaggedSide = current && !BLOCKING_STATUSES.includes(current.status) ? rules.readiness.stay : rules.readiness.enter;
  const reasons = readiness
    ? readinessReasons(m, asOf, readiness, input.market, decision, exitStreak, rules)
    : readinessV2
      ? withOutcome(readinessReasonsV2(m, readinessV2, input.market, flaggedSide), m, readinessV2.signals, decision, exitStreak, rules)
      : decision === 'resolve'
        ? [{ id: 'Pengiriman bahan satwa liar berhenti', en: 'Wildlife-material shipments have stopped' }, ...compliance!.reasons]
        : compliance!.reasons;
  return { ...base, decision, exitStreak, reasons };
}
