import { buildChecklist } from '../flags/checklist';
import { formatIdr, marketName, materialName } from '../flags/i18n';
import type { PaperworkEntry } from '../flags/paperwork-seed';
import { evaluatePolicy } from '../flags/policy';
import type { RuleSetParams } from '../flags/rule-set';
import { Rung, rungIndex } from '../pathway/pathway.types';
import type { MarketSignals } from '../watch/signals.repository';
import type { MemberRow } from './candidates.repository';
import { candidateKey, JointText, StoredCandidate } from './consolidation.types';
import { kgText, ROUTE_RUNGS, suggestRoute } from './route';

export interface CandidateInput {
  asOf: string;
  market: string;
  material: string;
  members: MemberRow[];
  /** The members' orders taken as one business's (signals keyed "<market>:<material>"). */
  combined: MarketSignals;
  /** Each member's rung in the market as of asOf (absent: unrecorded). */
  rungs: Map<string, Rung>;
  rules: RuleSetParams;
  catalog: PaperworkEntry[];
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((100 * part) / whole) : 0);

/**
 * The coordinator: the member furthest up the export ladder in the market; ties → most active weeks
 * of 13, then most orders in 13 weeks, then the name (stable).
 */
export function pickCoordinator<M extends { businessId: string; businessName: string; activeWeeks13: number; orders13w: number }>(
  members: M[],
  rungOf: (id: string) => Rung,
): M {
  return [...members].sort(
    (a, b) =>
      rungIndex(rungOf(b.businessId)) - rungIndex(rungOf(a.businessId)) ||
      b.activeWeeks13 - a.activeWeeks13 ||
      b.orders13w - a.orders13w ||
      a.businessName.localeCompare(b.businessName) ||
      a.businessId.localeCompare(b.businessId),
  )[0];
}

/** The readiness policy on the members' combined orders, as for a business without a flag there. */
export function judgeTogether(combined: MarketSignals, market: string, asOf: string, rules: RuleSetParams) {
  return evaluatePolicy({ kind: 'readiness', market, asOf, metrics: combined.metrics, rules, current: null });
}

/**
 * One market × material's candidate, or null when the members' combined orders would not raise a
 * readiness flag under the rule set (evaluatePolicy with no current episode: `raise`).
 */
export function buildCandidate(i: CandidateInput): StoredCandidate | null {
  const m = i.combined.metrics;
  const policy = judgeTogether(i.combined, i.market, i.asOf, i.rules);
  if (policy.decision !== 'raise') return null;
  const rungOf = (id: string): Rung => i.rungs.get(id) ?? 'unrecorded';
  const weight = Math.round(i.members.reduce((s, x) => s + x.weight13wKg, 0) * 1000) / 1000;
  const posted = i.members.reduce((s, x) => s + x.postOrders13w, 0);
  const members = i.members.map((x) => ({
    businessId: x.businessId,
    businessName: x.businessName,
    orders13w: x.orders13w,
    value13wIdr: x.value13wIdr,
    weight13wKg: x.weight13wKg,
    district: x.district,
    rung: rungOf(x.businessId),
    activeWeeks13: x.activeWeeks13,
    valueShare: m.value13wIdr > 0 ? Math.round((1000 * x.value13wIdr) / m.value13wIdr) / 1000 : 0,
  }));
  const route = suggestRoute({
    material: i.material,
    members: members.map((x) => ({ businessId: x.businessId, businessName: x.businessName, district: x.district, rung: x.rung })),
    heaviestKg: m.heaviestParcelKg,
    value13wIdr: m.value13wIdr,
    postShare: m.orders13w > 0 ? posted / m.orders13w : 0,
    heavyParcelKg: i.rules.heavyParcelKg,
  });
  const coordinator = pickCoordinator(i.members, rungOf);
  const catalog = i.catalog.filter((e) => !e.rung || ROUTE_RUNGS[route.route].includes(e.rung));
  const checklist = buildChecklist(catalog, {
    kind: 'readiness',
    market: i.market,
    metrics: m,
    business: { nib: coordinator.nib, hasCustomsAccess: coordinator.hasCustomsAccess, materials: [i.material] },
  });
  const combined = { orders13w: m.orders13w, value13wIdr: m.value13wIdr, weight13wKg: weight, activeWeeks13: m.activeWeeks13, repeatBuyers: m.repeatBuyers };
  return {
    key: candidateKey(i.market, i.material),
    market: i.market,
    material: i.material,
    businesses: members,
    combined,
    meetsReadiness: true,
    suggestedRoute: route.route,
    suggestedCoordinatorId: coordinator.businessId,
    suggestedRouteReason: route.reason,
    reasons: [
      ...summary(i, combined, members.length),
      ...members.map((x) => share(x, combined)),
      route.reason,
      coordinatorReason(coordinator, rungOf),
      ...policy.reasons,
    ],
    checklist,
  };
}

function summary(i: CandidateInput, c: StoredCandidate['combined'], n: number): JointText[] {
  const mk = marketName(i.market);
  const mat = materialName(i.material);
  const v = formatIdr(c.value13wIdr);
  const w = kgText(c.weight13wKg);
  return [
    {
      id: `${n} usaha bersama mengirim ${mat.id} ke ${mk.id}: ${c.orders13w} pesanan senilai ${v.id}, ${w.id} dalam 13 minggu; aktif ${c.activeWeeks13} dari 13 minggu; ${c.repeatBuyers} pembeli berulang`,
      en: `${n} businesses together ship ${mat.en} to ${mk.en}: ${c.orders13w} orders worth ${v.en}, ${w.en} in 13 weeks; active in ${c.activeWeeks13} of 13 weeks; ${c.repeatBuyers} repeat buyers`,
    },
    {
      id: 'Tidak satu pun memegang tanda kesiapan aktif untuk pasar ini; gabungan pesanannya, dinilai sebagai satu usaha, memenuhi ambang aturan yang berlaku',
      en: 'None holds an active readiness flag for this market; their combined orders, judged as one business, meet the current rule set',
    },
  ];
}

function share(x: { businessName: string; orders13w: number; value13wIdr: number; weight13wKg: number }, c: StoredCandidate['combined']): JointText {
  const v = formatIdr(x.value13wIdr);
  const w = kgText(x.weight13wKg);
  const [po, pv, pw] = [pct(x.orders13w, c.orders13w), pct(x.value13wIdr, c.value13wIdr), pct(x.weight13wKg, c.weight13wKg)];
  return {
    id: `${x.businessName}: ${x.orders13w} pesanan (${po} %), ${v.id} (${pv} %), ${w.id} (${pw} %)`,
    en: `${x.businessName}: ${x.orders13w} orders (${po} %), ${v.en} (${pv} %), ${w.en} (${pw} %)`,
  };
}

function coordinatorReason(c: MemberRow, rungOf: (id: string) => Rung): JointText {
  return {
    id: `Koordinator usulan: ${c.businessName} (anak tangga ${rungIndex(rungOf(c.businessId))}, aktif ${c.activeWeeks13} dari 13 minggu, ${c.orders13w} pesanan)`,
    en: `Suggested coordinator: ${c.businessName} (rung ${rungIndex(rungOf(c.businessId))}, active in ${c.activeWeeks13} of 13 weeks, ${c.orders13w} orders)`,
  };
}
