import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Actor, actorLabel } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { InvalidInput } from '../common/errors';
import { ISO_CURRENCIES } from '../common/reference-data';
import { isValidDate } from '../common/time';
import { Db } from '../database/db';
import { JobHandlers } from '../jobs/job-handlers';
import { JobsService } from '../jobs/jobs.service';
import { jobId } from '../jobs/job-registry';
import { CreateRateDto, RateDto } from './dto/rate.dto';
import { RateRow, RatesRepository } from './rates.repository';
import { logEvent } from '../common/log-event';

export interface CurrencyInfo {
  minorUnits: number;
  earliest: string | null;
}

const REFRESH_EVERY_MS = 30_000;
const RECOMPUTE_BATCH = 5_000;

function toDto(r: RateRow): RateDto {
  return { currency: r.currency, validFrom: r.valid_from, idrPerUnit: r.idr_per_unit, source: r.source, createdAt: r.created_at.toISOString() };
}

/**
 * Dated exchange rates. Order validation needs to know, without a query per row, whether a
 * currency has a rate in force on a date: rates are only ever added, so a cached "earliest rate"
 * per currency can only be too strict, never too lax, and a miss refreshes it once.
 */
@Injectable()
export class RatesService implements OnModuleInit {
  private readonly logger = new Logger(RatesService.name);
  private coverage = new Map<string, CurrencyInfo>();
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(
    private readonly repo: RatesRepository,
    private readonly audit: AuditRepository,
    private readonly jobs: JobsService,
    private readonly handlers: JobHandlers,
    private readonly db: Db,
  ) {}

  async onModuleInit(): Promise<void> {
    this.handlers.register('rates.recompute-idr', (data) => this.recompute(data.currency, data.validFrom));
    await this.refresh();
  }

  async refresh(): Promise<void> {
    if (!this.loading) {
      this.loading = this.repo
        .coverage()
        .then((rows) => {
          this.coverage = new Map(rows.map((r) => [r.code, { minorUnits: r.minor_units, earliest: r.earliest }]));
          this.loadedAt = Date.now();
        })
        .finally(() => (this.loading = undefined));
    }
    return this.loading;
  }

  /** A snapshot good enough for validating a batch; refreshed when stale or when a lookup missed. */
  async snapshot(needed: Iterable<[string, string]> = []): Promise<ReadonlyMap<string, CurrencyInfo>> {
    let stale = Date.now() - this.loadedAt > REFRESH_EVERY_MS;
    if (!stale) {
      for (const [code, date] of needed) {
        const info = this.coverage.get(code);
        if (!info || !info.earliest || info.earliest > date) {
          stale = true;
          break;
        }
      }
    }
    if (stale) await this.refresh();
    return this.coverage;
  }

  async list(f: { currency?: string; from?: string; to?: string; limit?: number }): Promise<RateDto[]> {
    return (await this.repo.list({ ...f, limit: f.limit ?? 200 })).map(toDto);
  }

  /** The latest rate of every currency, by currency code. */
  async latest(): Promise<RateDto[]> {
    return (await this.repo.latestPerCurrency()).map(toDto);
  }

  async add(actor: Actor, dto: CreateRateDto): Promise<{ rate: RateDto; replaced: boolean }> {
    if (!isValidDate(dto.validFrom)) throw new InvalidInput('validFrom: not a real calendar date');
    const known = (await this.snapshot()).get(dto.currency);
    const minor = known?.minorUnits ?? ISO_CURRENCIES[dto.currency];
    if (minor === undefined) throw new InvalidInput(`currency: ${dto.currency} is not an ISO 4217 code this service knows`);
    if (dto.currency === 'IDR') throw new InvalidInput('currency: IDR is the base currency (always 1)');
    const result = await this.db.tx(async (c) => {
      await this.repo.ensureCurrency(dto.currency, minor, c);
      const { row, replaced } = await this.repo.upsert(
        { currency: dto.currency, validFrom: dto.validFrom, idrPerUnit: dto.idrPerUnit, source: dto.source ?? 'manual', createdBy: actorLabel(actor) },
        c,
      );
      await this.audit.append(
        actor,
        {
          action: replaced ? 'rate.replaced' : 'rate.added',
          entityType: 'exchange_rate',
          entityId: `${row.currency}:${row.valid_from}`,
          details: { idrPerUnit: row.idr_per_unit },
        },
        c,
      );
      const data = { currency: row.currency, validFrom: row.valid_from };
      await this.jobs.enqueue('rates.recompute-idr', data, { jobId: jobId('rates.recompute-idr', { ...data, addedAt: row.created_at }) }, c);
      return { rate: toDto(row), replaced };
    });
    void this.jobs.kick();
    await this.refresh();
    return result;
  }

  /** Job handler: re-values affected orders in keyset batches; safe to run twice. */
  async recompute(currency: string, validFrom: string): Promise<{ updated: number }> {
    let afterId: string | null = null;
    let updated = 0;
    for (;;) {
      const batch = await this.repo.recomputeBatch(currency, validFrom, afterId, RECOMPUTE_BATCH);
      updated += batch.updated;
      if (batch.updated < RECOMPUTE_BATCH) break;
      afterId = batch.lastId;
    }
    logEvent(this.logger, 'recomputed IDR values', { currency, validFrom, scanned: updated });
    return { updated };
  }
}
