import { Injectable } from '@nestjs/common';
import { InvalidInput } from '../common/errors';
import type { Queryable } from '../database/db';
import type { Lang } from '../flags/i18n';
import { PaperworkRepository } from '../flags/paperwork.repository';
import { RuleSetsRepository } from '../flags/rule-sets.repository';
import { PathwayService } from '../pathway/pathway.service';
import { RUNGS, Rung } from '../pathway/pathway.types';
import { buildCandidate, judgeTogether } from './candidate';
import { CandidatesRepository, MemberRow } from './candidates.repository';
import { candidateKey, CandidatesResult, localizeCandidate, StoredCandidate } from './consolidation.types';

/**
 * Joint-export candidates as of a date: businesses that together, not alone, meet readiness for one
 * material to one market (API.md "Joint export"). Set-wise statements: the eligible members with what
 * their combined signals need of their orders and their rungs, the members' buyer figures, and every
 * group's combined signals from those two; the rest is pure.
 */
@Injectable()
export class CandidatesService {
  constructor(
    private readonly repo: CandidatesRepository,
    private readonly ruleSets: RuleSetsRepository,
    private readonly paperwork: PaperworkRepository,
    private readonly pathwayService: PathwayService,
  ) {}

  /** The as-of a request asks for (default yesterday, WIB; 400 naming `asOf` otherwise). */
  asOf(input: string | undefined): string {
    return this.pathwayService.asOf(input);
  }

  /** The market filter of a request: an ISO alpha-2 code (upper-cased) or none. */
  market(input: string | undefined): string | null {
    if (input === undefined || input === '') return null;
    const m = input.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(m)) throw new InvalidInput('market: must be an ISO 3166-1 alpha-2 code');
    return m;
  }

  /** GET /consolidation/candidates: computed as of the date (not read from the weekly run's rows). */
  async candidates(asOf: string, market: string | null = null, lang: Lang = 'id'): Promise<CandidatesResult> {
    const items = await this.compute(asOf, market);
    return { asOf, items: items.map((c) => localizeCandidate(c, lang)) };
  }

  /**
   * Every candidate as of asOf (one market when given), in key order, every text in both languages;
   * the current rule set unless a version is given. The members statement decides their rungs too
   * (the ladder's days hold the signals' 26 weeks: one pass over the orders for both).
   */
  async compute(asOf: string, market: string | null, q?: Queryable, ruleSetVersion?: number | null): Promise<StoredCandidate[]> {
    const rs = (ruleSetVersion ? await this.ruleSets.get(ruleSetVersion, q) : undefined) ?? (await this.ruleSets.current(q));
    const members = await this.repo.members(asOf, market, q);
    if (!members.length) return [];
    const byKey = new Map<string, MemberRow[]>();
    for (const m of members) {
      const k = candidateKey(m.market, m.material);
      (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(m);
    }
    const signals = await this.repo.groupSignals(members, asOf, rs.params.repeatMinOrders, q);
    const listed = signals.flatMap((s) => {
      const group = byKey.get(s.businessId);
      return group && judgeTogether(s, group[0].market, asOf, rs.params).decision === 'raise' ? [{ s, group }] : [];
    });
    if (!listed.length) return [];
    const catalog = await this.paperwork.list(true, q);
    const out: StoredCandidate[] = [];
    for (const { s, group } of listed) {
      const { market: mk, material } = group[0];
      const rungOf = new Map<string, Rung>(group.map((g) => [g.businessId, RUNGS[g.rungIndex] ?? 'unrecorded']));
      const c = buildCandidate({ asOf, market: mk, material, members: group, combined: s, rungs: rungOf, rules: rs.params, catalog });
      if (c) out.push(c);
    }
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  /**
   * The weekly run's pass, in two steps: `compute` reads the candidates as of the run's date under the
   * rule set it is pinned to (before the finish's transaction, on the pool: the buyer reads run at once),
   * then `storeForRun` replaces the stored ones inside it (idempotent: a retried finish computes and
   * writes the same rows).
   */
  async storeForRun(asOf: string, runId: string, items: StoredCandidate[], q: Queryable): Promise<number> {
    await this.repo.replace(asOf, runId, items, q);
    return items.length;
  }

  /** What a weekly run stored as of a date, localised (readers: weekly list, digests, group pages). */
  async stored(asOf: string, lang: Lang): Promise<CandidatesResult> {
    return { asOf, items: (await this.repo.storedFor(asOf)).map((c) => localizeCandidate(c, lang)) };
  }
}
