import { Injectable } from '@nestjs/common';
import { Db, Queryable } from '../database/db';
import type { FlagKind, MarketMetrics, SeriesPoint, SignalMap } from '../flags/flag.types';
import { addDays } from '../common/time';
import { windows } from './signals.sql';

/** What an incremental run starts from: the previous completed run. */
export interface IncrementalBasis {
  prevAsOf: string;
  /** ISO instant: orders created or voided from here on may not have been seen by the previous run. */
  changesFrom: string;
}

/** The evaluation row that stands for a business × market × kind (its latest). */
export interface PriorEvaluation {
  businessId: string;
  market: string;
  kind: FlagKind;
  asOf: string;
  decision: string;
  score: number;
  signals: SignalMap;
  metrics: MarketMetrics;
}

/**
 * What changed for a chunk of businesses between two as-ofs: the queries an incremental run uses to
 * decide which business × market pairs it must recompute, and the evaluation rows that stand for
 * the rest.
 */
@Injectable()
export class ChangesRepository {
  constructor(private readonly db: Db) {}

  /** The previous completed run before this one, when it ran on the same rule set. */
  basis(runId: string, q: Queryable): Promise<(IncrementalBasis & { sameRules: boolean }) | undefined> {
    return this.db
      .one<{ prev_as_of: string; changes_from: Date | null; same_rules: boolean }>(
        `SELECT to_char(p.as_of, 'YYYY-MM-DD') AS prev_as_of, p.changes_from, p.rule_set_version = r.rule_set_version AS same_rules
           FROM watch_runs r
           JOIN LATERAL (SELECT as_of, changes_from, rule_set_version FROM watch_runs p
                          WHERE p.status = 'completed' AND p.as_of < r.as_of ORDER BY p.as_of DESC LIMIT 1) p ON true
          WHERE r.id = $1`,
        [runId],
        q,
      )
      .then((r) => (r && r.changes_from ? { prevAsOf: r.prev_as_of, changesFrom: r.changes_from.toISOString(), sameRules: r.same_rules } : undefined));
  }

  /**
   * Business × market pairs (`business|market`) whose signals may differ between `prevAsOf` and
   * `asOf`: a live order in a span a window slid over (entering days, the week leaving the 13 and
   * the 26 weeks, the week that stopped being "this week", the month leaving the 4 months); an order
   * created, voided or re-valued (the rates job) since `changesFrom`; a yuan rate saved since then
   * (China's parcel limit is read from the rates when the signals are computed). Businesses the previous run did not finish
   * come back whole (as `business|*`).
   */
  async touchedPairs(ids: string[], basis: IncrementalBasis, asOf: string, q: Queryable): Promise<Set<string>> {
    const p = windows(basis.prevAsOf);
    const n = windows(asOf);
    // [lo, hi) spans; empty spans (hi <= lo) match nothing
    const spans: Array<[string, string]> = [
      [addDays(basis.prevAsOf, 1), addDays(asOf, 1)],
      [p.w0, n.w0],
      [p.from13, n.from13],
      [p.from26, n.from26],
      [p.months4, n.months4],
    ];
    const rows = await this.db.many<{ k: string }>(
      `WITH b AS (SELECT unnest($1::uuid[]) AS id)
       -- per business and span, a range of the (business_id, ordered_on) index (LATERAL: never a scan of every business's span)
       SELECT DISTINCT b.id || '|' || x.market AS k
         FROM b CROSS JOIN unnest($2::date[], $3::date[]) AS s(lo, hi)
         CROSS JOIN LATERAL (SELECT DISTINCT o.destination_country AS market FROM orders o
                              WHERE o.business_id = b.id AND o.ordered_on >= s.lo AND o.ordered_on < s.hi AND o.voided_at IS NULL) x
        WHERE s.hi > s.lo
       UNION
       SELECT o.business_id || '|' || o.destination_country FROM orders o
        WHERE o.business_id = ANY($1) AND o.ordered_on >= $4 AND o.ordered_on <= $5 AND o.created_at >= $6
       UNION
       SELECT o.business_id || '|' || o.destination_country FROM orders o
        WHERE o.business_id = ANY($1) AND o.ordered_on >= $4 AND o.ordered_on <= $5 AND (o.voided_at >= $6 OR o.revalued_at >= $6)
       UNION
       SELECT DISTINCT o.business_id || '|' || o.destination_country
         FROM exchange_rates er
         JOIN orders o ON o.business_id = ANY($1) AND o.destination_country = 'CN' AND o.ordered_on >= greatest(er.valid_from, $4::date) AND o.ordered_on <= $5
        WHERE er.currency = 'CNY' AND er.created_at >= $6
       UNION
       SELECT i.business_id || '|*' FROM watch_run_items i JOIN watch_runs r ON r.id = i.run_id
        WHERE r.as_of = $7 AND r.status = 'completed' AND i.business_id = ANY($1) AND i.status <> 'done'`,
      [ids, spans.map((s) => s[0]), spans.map((s) => s[1]), p.scanFrom, asOf, basis.changesFrom, basis.prevAsOf],
      q,
    );
    return new Set(rows.map((r) => r.k));
  }

  /** The standing (latest) evaluation of every business × market × kind of the businesses. */
  priorEvaluations(ids: string[], q: Queryable): Promise<PriorEvaluation[]> {
    return this.db.many<PriorEvaluation>(
      `SELECT e.business_id AS "businessId", e.market, e.kind, to_char(e.as_of, 'YYYY-MM-DD') AS "asOf", e.decision, e.score::float8 AS score,
              e.signals, e.metrics
         FROM watch_pair_state s
         JOIN flag_evaluations e ON e.business_id = s.business_id AND e.market = s.market AND e.kind = s.kind AND e.as_of = s.as_of
        WHERE s.business_id = ANY($1::uuid[])`,
      [ids],
      q,
    );
  }

  /** Records which evaluation stands for each pair written (never moves back in time). */
  async recordWritten(rows: Array<{ businessId: string; market: string; kind: string }>, asOf: string, q: Queryable): Promise<void> {
    if (!rows.length) return;
    await this.db.exec(
      `INSERT INTO watch_pair_state (business_id, market, kind, as_of)
       SELECT b, m, k, $4::date FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(b, m, k)
       ON CONFLICT (business_id, market, kind) DO UPDATE SET as_of = EXCLUDED.as_of WHERE watch_pair_state.as_of < EXCLUDED.as_of`,
      [rows.map((r) => r.businessId), rows.map((r) => r.market), rows.map((r) => r.kind), asOf],
      q,
    );
  }

  /** The stored 26-week series of episodes (shifted in memory when their orders did not change). */
  flagSeries(flagIds: string[], q: Queryable): Promise<Array<{ id: string; series: SeriesPoint[] }>> {
    if (!flagIds.length) return Promise.resolve([]);
    return this.db.many('SELECT id, series FROM flags WHERE id = ANY($1::uuid[])', [flagIds], q);
  }
}
