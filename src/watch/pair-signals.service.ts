import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { EpisodeRow } from '../flags/flag-rows';
import { ChangesRepository, IncrementalBasis, PriorEvaluation } from './changes.repository';
import { shiftSeries, stillInWindow } from './incremental';
import { MarketSignals, SignalsRepository } from './signals.repository';

/** Where a chunk's signals come from: recomputed from orders, or (incremental runs, nothing changed) the standing evaluations. */
@Injectable()
export class PairSignals {
  constructor(
    private readonly signals: SignalsRepository,
    private readonly changes: ChangesRepository,
  ) {}

  /**
   * Signals per business × market. A full run computes them for every business. An incremental run
   * recomputes only businesses with a pair that changed (ChangesRepository.touchedPairs) or with no
   * standing evaluation; the others' signals are their standing evaluations' metrics (exactly their
   * metrics now, nothing having changed), episodes' series shifted by the weeks that passed.
   */
  async of(
    c: PoolClient,
    ids: string[],
    asOf: string,
    repeatMinOrders: number,
    currentBy: Map<string, EpisodeRow[]>,
    basis: IncrementalBasis | undefined,
  ): Promise<{ marketsBy: Map<string, MarketSignals[]>; prior: Map<string, PriorEvaluation>; reused: Set<string> }> {
    const prior = new Map<string, PriorEvaluation>();
    const reused = new Set<string>();
    if (!basis) return { marketsBy: groupBy(await this.signals.marketSignals(ids, asOf, repeatMinOrders, c), (m) => m.businessId), prior, reused };
    const touched = new Set([...(await this.changes.touchedPairs(ids, basis, asOf, c))].map((k) => k.split('|')[0]));
    const priorBy = groupBy(await this.changes.priorEvaluations(ids, c), (e) => e.businessId);
    for (const list of priorBy.values()) for (const e of list) prior.set(`${e.businessId}|${e.market}|${e.kind}`, e);
    const recompute = ids.filter((id) => touched.has(id) || !priorBy.has(id));
    const marketsBy = groupBy(recompute.length ? await this.signals.marketSignals(recompute, asOf, repeatMinOrders, c) : [], (m) => m.businessId);
    const episodes = ids.filter((id) => !touched.has(id) && priorBy.has(id)).flatMap((id) => currentBy.get(id) ?? []);
    const stored = new Map(
      (
        await this.changes.flagSeries(
          episodes.map((f) => f.id),
          c,
        )
      ).map((f) => [f.id, f.series]),
    );
    for (const id of ids) {
      if (touched.has(id) || !priorBy.has(id)) continue;
      reused.add(id);
      const byMarket = new Map<string, MarketSignals>();
      // per market the latest standing row (a kind's row may be older: compliance is written only while it is a target)
      const latest = new Map<string, PriorEvaluation>();
      for (const e of priorBy.get(id)!) if (!latest.has(e.market) || latest.get(e.market)!.asOf < e.asOf) latest.set(e.market, e);
      for (const e of latest.values()) {
        if (!stillInWindow(e.metrics, asOf)) continue;
        const flag =
          (currentBy.get(id) ?? []).find((f) => f.market === e.market && f.kind === e.kind) ?? (currentBy.get(id) ?? []).find((f) => f.market === e.market);
        byMarket.set(e.market, {
          businessId: id,
          market: e.market,
          metrics: e.metrics,
          series: shiftSeries(flag ? (stored.get(flag.id) ?? null) : null, asOf),
        });
      }
      marketsBy.set(
        id,
        [...byMarket.values()].sort((a, b) => a.market.localeCompare(b.market)),
      );
    }
    return { marketsBy, prior, reused };
  }
  recordWritten(rows: Array<{ businessId: string; market: string; kind: string }>, asOf: string, c: PoolClient): Promise<void> {
    return this.changes.recordWritten(rows, asOf, c);
  }
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) (m.get(key(r)) ?? m.set(key(r), []).get(key(r))!).push(r);
  return m;
}
