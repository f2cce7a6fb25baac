import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/database/db';

/**
 * Rows of the volume watch's tables (flags, flag_evaluations, watch_runs) written directly, the way the
 * volume watch leaves them after a run: the weekly list only reads them.
 */
export async function completedRun(db: Db, asOf: string): Promise<string> {
  const id = randomUUID();
  await db.exec(`INSERT INTO watch_runs (id, as_of, status, rule_set_version, finished_at) VALUES ($1, $2, 'completed', 1, now())`, [id, asOf]);
  return id;
}

export interface FlagFixture {
  businessId: string;
  market: string;
  kind?: 'readiness' | 'compliance';
  status?: string;
  raisedOn: string;
  resolvedOn?: string | null;
  score?: number;
  reasons?: Array<{ id: string; en: string }>;
  checklist?: Array<{ code: string; title: { id: string; en: string }; reason: { id: string; en: string } }>;
  series?: Array<{ week: string; orders: number; valueIdr: number; buyers?: number }>;
}

export async function insertFlag(db: Db, f: FlagFixture): Promise<string> {
  const id = randomUUID();
  await db.exec(
    `INSERT INTO flags (id, business_id, market, kind, status, raised_on, resolved_on, last_evaluated_on, score, rule_set_version, reasons, signals, checklist, series)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $8, 1, $9, $10, $11, $12)`,
    [
      id,
      f.businessId,
      f.market,
      f.kind ?? 'readiness',
      f.status ?? 'open',
      f.raisedOn,
      f.resolvedOn ?? null,
      f.score ?? 72.5,
      JSON.stringify(f.reasons ?? [{ id: 'Pesanan 3 dari 4 bulan terakhir', en: 'Orders in 3 of the last 4 months' }]),
      JSON.stringify({ continuity: { value: 3, threshold: 3, hit: true }, growth: { value: 1.1, threshold: 1.5, hit: false } }),
      JSON.stringify(
        f.checklist ?? [
          {
            code: 'NIB',
            title: { id: 'NIB dengan akses kepabeanan', en: 'NIB with customs access' },
            reason: { id: 'Syarat ekspor formal', en: 'Needed for any formal export' },
          },
        ],
      ),
      JSON.stringify(
        f.series ?? [
          { week: '2026-W45', orders: 2, valueIdr: 3_000_000 },
          { week: '2026-W46', orders: 0, valueIdr: 0 },
          { week: '2026-W47', orders: 4, valueIdr: 9_500_000 },
        ],
      ),
    ],
  );
  return id;
}

export async function insertEvaluation(db: Db, flagId: string, asOf: string, metrics: Record<string, unknown>): Promise<void> {
  await db.exec(
    `INSERT INTO flag_evaluations (business_id, market, kind, as_of, rule_set_version, decision, score, signals, metrics, flag_id)
     SELECT business_id, market, kind, $2, 1, 'keep', score, signals, $3, id FROM flags WHERE id = $1`,
    [flagId, asOf, JSON.stringify(metrics)],
  );
}

export const METRICS = { ordersThisWeek: 4, orders13w: 14, value13wIdr: 48_250_000, repeatBuyers: 3, heaviestParcelKg: 12.5, wildlifeMaterials: ['snakeskin'] };
