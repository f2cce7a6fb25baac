import type { MarketMetrics, SignalMap, Text } from './flag.types';
import { formatIdr, marketName } from './i18n';
import { averageLot, demandQuality, DemandQuality, peakLimit, quantityValue, quietAllowance, Rhythm, rhythmOf, routineBuyer } from './rhythm';
import type { ReadinessThresholds, RhythmParams, RuleSetParams } from './rule-set';

/**
 * Readiness under rule sets with `rhythm` (v2): the same five groups as v1 (continuity, quality,
 * quantity, steadiness, recency), each judged against the business × market's own order intervals,
 * and quality counting one routine buyer in volume as repeat demand.
 */
export interface ReadinessCheckV2 {
  signals: SignalMap;
  rhythm: Rhythm;
  quality: DemandQuality | null;
  allowance: number;
  projected: boolean;
  groups: { continuity: boolean; quality: boolean; quantity: boolean; steadiness: boolean; recency: boolean };
  all: boolean;
}

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

export function checkReadinessV2(
  m: MarketMetrics,
  asOf: string,
  t: ReadinessThresholds,
  side: 'enter' | 'stay',
  rules: RuleSetParams & { rhythm: RhythmParams },
  quiet: number | null,
): ReadinessCheckV2 {
  const quality = demandQuality(m, t);
  // a routine buyer in volume sets the rhythm whichever label the demand gets (on the stay side one returning buyer suffices)
  const r = rhythmOf(m, asOf, rules.rhythm, routineBuyer(m, t) ? round(26 / m.topBuyerWeeks26w, 1) : 0);
  const allowance = quietAllowance(r, t, rules.rhythm, side);
  const peak = peakLimit(r, t, m.activeWeeks13);
  const qv = quantityValue(m, r, Number(rules.readiness.enter.minPatternDays));
  const peakShare = m.orders13w > 0 ? round(m.peakWeekOrders / m.orders13w, 3) : null;
  const growth = m.valuePrev13wIdr > 0 ? round(m.value13wIdr / m.valuePrev13wIdr, 2) : null;
  const repeatShare = m.orders13w > 0 ? round(m.repeatOrders13w / m.orders13w, 3) : null;
  const lot = averageLot(m);
  const minDays = Number(t.minPatternDays);
  const signals: SignalMap = {
    activeMonths: { value: m.activeMonths4, threshold: t.minActiveMonths, hit: m.activeMonths4 >= t.minActiveMonths },
    activeWeeks: { value: m.activeWeeks13, threshold: t.minActiveWeeks, hit: m.activeWeeks13 >= t.minActiveWeeks },
    rhythmGapWeeks: { value: r.gapWeeks, threshold: rules.rhythm.minGaps, hit: r.learned },
    patternDays: { value: m.patternStartOn ? r.spanDays : null, threshold: minDays, hit: m.patternStartOn !== null && r.spanDays >= minDays },
    rhythmCoverage: { value: r.coverage, threshold: t.minCoverage ?? null, hit: r.coverage !== null && r.coverage >= Number(t.minCoverage) },
    repeatBuyers: { value: m.repeatBuyers, threshold: t.minRepeatBuyers, hit: m.repeatBuyers >= t.minRepeatBuyers },
    routineBuyerWeeks: { value: m.topBuyerWeeks26w, threshold: t.minRoutineBuyerWeeks ?? null, hit: quality === 'routine_buyer' },
    routineBuyerLotUnits: {
      value: m.topBuyerOrders26w ? lot.units : null,
      threshold: t.minRoutineLotUnits ?? null,
      hit: m.topBuyerOrders26w > 0 && lot.units >= Number(t.minRoutineLotUnits),
    },
    routineBuyerLotIdr: {
      value: m.topBuyerOrders26w ? lot.idr : null,
      threshold: t.minRoutineLotIdr ?? null,
      hit: m.topBuyerOrders26w > 0 && lot.idr >= Number(t.minRoutineLotIdr),
    },
    value13wIdr: { value: m.value13wIdr, threshold: t.minValue13wIdr, hit: m.value13wIdr >= t.minValue13wIdr },
    quantityValueIdr: { value: qv.value, threshold: t.minValue13wIdr, hit: qv.value >= t.minValue13wIdr },
    heaviestParcelKg: {
      value: m.heaviestParcelKg,
      threshold: t.minHeaviestParcelKg,
      hit: m.heaviestParcelKg !== null && m.heaviestParcelKg >= t.minHeaviestParcelKg,
    },
    peakWeekShare: { value: peakShare, threshold: peak, hit: peakShare !== null && peakShare <= peak },
    weeksSinceLastOrder: { value: quiet, threshold: allowance, hit: quiet !== null && quiet <= allowance },
    orders13w: { value: m.orders13w, threshold: null, hit: m.orders13w > 0 },
    repeatOrderShare: {
      value: repeatShare,
      threshold: t.minRepeatOrderShare ?? null,
      hit: repeatShare !== null && repeatShare >= Number(t.minRepeatOrderShare),
    },
    growth: { value: growth, threshold: rules.growthRatio, hit: growth !== null && growth >= rules.growthRatio },
    heavyParcel: { value: m.heaviestParcelKg, threshold: rules.heavyParcelKg, hit: m.heaviestParcelKg !== null && m.heaviestParcelKg > rules.heavyParcelKg },
  };
  if (m.cnOverLimit13w > 0) signals.cnParcelsOverLimit = { value: m.cnOverLimit13w, threshold: 1, hit: true };
  const s = signals;
  const groups = {
    continuity: s.activeMonths.hit && s.activeWeeks.hit && s.patternDays.hit && s.rhythmCoverage.hit,
    quality: quality !== null,
    quantity: s.quantityValueIdr.hit || s.heaviestParcelKg.hit,
    steadiness: s.peakWeekShare.hit,
    recency: s.weeksSinceLastOrder.hit,
  };
  const all = groups.continuity && groups.quality && groups.quantity && groups.steadiness && groups.recency;
  return { signals, rhythm: r, quality, allowance, projected: qv.projected, groups, all };
}

/** 0–100 against the enter side: continuity 30, quality 25, quantity 30, steadiness 10, growth 5; fades with quiet beyond the allowance. */
export function readinessScoreV2(m: MarketMetrics, c: ReadinessCheckV2, t: ReadinessThresholds, rules: RuleSetParams): number {
  const frac = (v: number | null, min: number) => (min <= 0 ? 1 : Math.max(0, Math.min(1, (v ?? 0) / min)));
  const s = c.signals;
  const continuity =
    (frac(m.activeMonths4, t.minActiveMonths) +
      frac(m.activeWeeks13, t.minActiveWeeks) +
      frac(c.rhythm.spanDays, Number(t.minPatternDays)) +
      frac(c.rhythm.coverage, Number(t.minCoverage))) /
    4;
  const quality = c.quality ? 1 : Math.max(frac(m.repeatBuyers, t.minRepeatBuyers), 0.5 * frac(m.topBuyerWeeks26w, Number(t.minRoutineBuyerWeeks)));
  const quantity = Math.max(frac(Number(s.quantityValueIdr.value), t.minValue13wIdr), frac(m.heaviestParcelKg, t.minHeaviestParcelKg));
  const share = Number(s.peakWeekShare.value ?? 1);
  const limit = Number(s.peakWeekShare.threshold);
  const steadiness = m.orders13w === 0 ? 0 : share <= limit ? 1 : limit / share;
  const growth = m.valuePrev13wIdr > 0 ? Math.min(1, m.value13wIdr / m.valuePrev13wIdr / rules.growthRatio) : m.value13wIdr > 0 ? 1 : 0;
  const quiet = s.weeksSinceLastOrder.value as number | null;
  const recency = quiet === null ? 0 : quiet <= c.allowance ? 1 : Math.max(0, 1 - (quiet - c.allowance) / 8);
  return round((30 * continuity + 25 * quality + 30 * quantity + 10 * steadiness + 5 * growth) * recency);
}

/** "biasanya memesan setiap ±5 minggu" — the learned rhythm in words. */
export function rhythmText(c: ReadinessCheckV2, m: MarketMetrics): Text {
  const r = c.rhythm;
  if (!r.learned || r.gapWeeks === null) {
    return {
      id: `ritme belum terbaca (${m.patternWeeks} minggu berpesanan dalam pola ini)`,
      en: `rhythm not learned yet (${m.patternWeeks} order weeks in this pattern)`,
    };
  }
  if (r.gapWeeks <= 1) return { id: 'biasanya memesan setiap minggu', en: 'usually orders every week' };
  const g = String(round(r.gapWeeks, 1));
  return {
    id: `biasanya memesan setiap ±${g.replace('.', ',')} minggu (jeda terpanjang ${r.gapMaxWeeks} minggu)`,
    en: `usually orders every ~${g} weeks (longest gap ${r.gapMaxWeeks} weeks)`,
  };
}

export function readinessReasonsV2(m: MarketMetrics, c: ReadinessCheckV2, market: string, t: ReadinessThresholds): Text[] {
  const mk = marketName(market);
  const s = c.signals;
  const out: Text[] = [];
  const add = (hit: boolean, id: string, en: string) => out.push({ id: `${hit ? '✓' : '✗'} ${id}`, en: `${hit ? '✓' : '✗'} ${en}` });
  const rt = rhythmText(c, m);
  const pct = (v: unknown) => Math.round(100 * Number(v));
  add(c.rhythm.learned, `Ritme ke ${mk.id}: ${rt.id}`, `Rhythm to ${mk.en}: ${rt.en}`);
  const exp = round(c.rhythm.expectedWeeks, 1);
  add(
    s.rhythmCoverage.hit && s.activeWeeks.hit,
    `Kontinuitas: pesanan di ${m.activeWeeks13} dari 13 minggu terakhir; ritmenya sendiri memperkirakan ±${String(exp).replace('.', ',')} (cakupan ${pct(s.rhythmCoverage.value)} %, ambang ${pct(t.minCoverage)} %; min. ${t.minActiveWeeks} minggu)`,
    `Continuity: orders in ${m.activeWeeks13} of the last 13 weeks; its own rhythm predicts ~${exp} (coverage ${pct(s.rhythmCoverage.value)} %, threshold ${pct(t.minCoverage)} %; min ${t.minActiveWeeks} weeks)`,
  );
  add(
    s.activeMonths.hit,
    `Kontinuitas: pesanan di ${m.activeMonths4} dari 4 bulan terakhir (ambang ${t.minActiveMonths})`,
    `Continuity: orders in ${m.activeMonths4} of the last 4 months (threshold ${t.minActiveMonths})`,
  );
  if (Number(t.minPatternDays) > 0) {
    add(
      s.patternDays.hit,
      `Kontinuitas: pola stabil berjalan ${c.rhythm.spanDays} hari sejak ${m.steadySinceOn ?? m.patternStartOn} (min. ${t.minPatternDays} hari)`,
      `Continuity: the steady pattern has run ${c.rhythm.spanDays} days since ${m.steadySinceOn ?? m.patternStartOn} (min ${t.minPatternDays} days)`,
    );
  }
  const lot = averageLot(m);
  const lotIdr = formatIdr(lot.idr);
  if (c.quality === 'returning_buyers') {
    add(
      true,
      `Kualitas: permintaan berulang dari ${m.repeatBuyers} pembeli yang kembali (ambang ${t.minRepeatBuyers}), ${pct(s.repeatOrderShare.value)} % pesanan dari mereka (min. ${pct(t.minRepeatOrderShare)} %)`,
      `Quality: repeat demand from ${m.repeatBuyers} returning buyers (threshold ${t.minRepeatBuyers}), ${pct(s.repeatOrderShare.value)} % of orders from them (min ${pct(t.minRepeatOrderShare)} %)`,
    );
  } else if (c.quality === 'routine_buyer') {
    add(
      true,
      `Kualitas: permintaan berulang dari satu pembeli rutin partai besar: memesan di ${m.topBuyerWeeks26w} dari 26 minggu, rata-rata ${String(lot.units).replace('.', ',')} unit (${lotIdr.id}) per pesanan`,
      `Quality: repeat demand from one routine buyer in volume: orders in ${m.topBuyerWeeks26w} of 26 weeks, ${lot.units} units (${lotIdr.en}) per order on average`,
    );
  } else {
    const min = formatIdr(Number(t.minRoutineLotIdr));
    add(
      false,
      `Kualitas: ${m.repeatBuyers} pembeli berulang dengan ${pct(s.repeatOrderShare.value)} % pesanan (ambang ${t.minRepeatBuyers} pembeli, ${pct(t.minRepeatOrderShare)} %) dan tidak ada pembeli rutin partai besar (≥ ${t.minRoutineBuyerWeeks} dari 26 minggu, rata-rata ≥ ${t.minRoutineLotUnits} unit atau ≥ ${min.id} per pesanan)`,
      `Quality: ${m.repeatBuyers} repeat buyers with ${pct(s.repeatOrderShare.value)} % of orders (threshold ${t.minRepeatBuyers} buyers, ${pct(t.minRepeatOrderShare)} %) and no routine buyer in volume (≥ ${t.minRoutineBuyerWeeks} of 26 weeks, ≥ ${t.minRoutineLotUnits} units or ≥ ${min.en} per order on average)`,
    );
  }
  const v = formatIdr(m.value13wIdr);
  const q = formatIdr(Number(s.quantityValueIdr.value));
  const vt = formatIdr(t.minValue13wIdr);
  const basis = c.projected
    ? {
        id: `; pola baru berumur ${c.rhythm.weeksSinceStart} minggu, setara ${q.id} per 13 minggu`,
        en: `; a new pattern ${c.rhythm.weeksSinceStart} weeks old, ${q.en} per 13 weeks at this pace`,
      }
    : Number(s.quantityValueIdr.value) > m.value13wIdr
      ? { id: `; rata-rata 26 minggu ${q.id} per 13 minggu`, en: `; 26-week average ${q.en} per 13 weeks` }
      : { id: '', en: '' };
  add(
    s.quantityValueIdr.hit,
    `Kuantitas: ${m.orders13w} pesanan senilai ${v.id} dalam 13 minggu${basis.id} (ambang ${vt.id})`,
    `Quantity: ${m.orders13w} orders worth ${v.en} in 13 weeks${basis.en} (threshold ${vt.en})`,
  );
  if (m.heaviestParcelKg !== null && (s.heaviestParcelKg.hit || !s.quantityValueIdr.hit)) {
    add(
      s.heaviestParcelKg.hit,
      `Kuantitas: kiriman terberat ${m.heaviestParcelKg} kg (ambang ${t.minHeaviestParcelKg} kg)`,
      `Quantity: heaviest consignment ${m.heaviestParcelKg} kg (threshold ${t.minHeaviestParcelKg} kg)`,
    );
  }
  if (m.orders13w > 0) {
    add(
      s.peakWeekShare.hit,
      `Stabil: minggu tersibuk memuat ${pct(s.peakWeekShare.value)} % pesanan 13 minggu (maks. ${pct(s.peakWeekShare.threshold)} % untuk ritme ini)`,
      `Steady: the busiest week holds ${pct(s.peakWeekShare.value)} % of the 13-week orders (max ${pct(s.peakWeekShare.threshold)} % for this rhythm)`,
    );
  }
  const quiet = s.weeksSinceLastOrder.value;
  if (quiet === null) add(false, 'Tidak ada pesanan dalam 26 minggu terakhir', 'No orders in the last 26 weeks');
  else
    add(
      s.weeksSinceLastOrder.hit,
      `Pesanan terakhir ${quiet} minggu lalu (wajar untuk ritme ini: maks. ${c.allowance} minggu)`,
      `Last order ${quiet} weeks ago (normal for this rhythm: max ${c.allowance} weeks)`,
    );
  return out;
}
