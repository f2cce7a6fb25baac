import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import { CsvError, parse } from 'csv-parse';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Actor, actorLabel, isStaff } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { BusinessesService } from '../businesses/businesses.service';
import { Clock } from '../common/clock';
import { Env } from '../config/env.schema';
import { DomainError, InvalidInput, NotFound } from '../common/errors';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { Utf8Guard } from '../common/strict-decoding';
import { isUuid } from '../common/uuid.pipe';
import { Db } from '../database/db';
import { RatesService } from '../rates/rates.service';
import { mapCsvHeader } from './csv-header';
import { BulkResultDto, CreatedOrderDto, ImportProgressDto, ListOrdersQuery, OrderDto, OrderListDto, RejectedRowDto, RowWarningsDto } from './dto/order.dto';
import { OrderAdviceService } from './order-advice.service';
import { ImportCounts, OrderImportsRepository } from './order-imports.repository';
import { buyerKey, NewOrder, validateOrder, ValidationContext } from './order-input';
import { buyerKeys, ratesNeeded, toOrderDto } from './order-mapping';
import { OrderRow, OrdersRepository } from './orders.repository';
import { logEvent } from '../common/log-event';

export const MAX_BULK = 5000;
const CSV_BATCH = 5000;
const MAX_REJECTED_LISTED = 10_000;
const SINGLE_EXTRA = new Set(['businessId']);

@Injectable()
export class OrdersService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrdersService.name);
  private sweeper?: NodeJS.Timeout;
  /** Counters for /metrics; optional, so the service also runs where no metrics module is loaded. */
  @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService;

  constructor(
    private readonly orders: OrdersRepository,
    private readonly imports: OrderImportsRepository,
    private readonly businesses: BusinessesService,
    private readonly rates: RatesService,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    private readonly env: Env,
    private readonly db: Db,
    private readonly advice: OrderAdviceService,
  ) {}

  /** The business an order is logged for: a business key's own; staff must name one that exists. */
  async targetBusiness(actor: Actor, businessId: unknown): Promise<string> {
    if (businessId !== undefined && businessId !== null && !isUuid(businessId)) throw new InvalidInput('businessId: must be a UUID');
    if (actor.role === 'business') {
      if (businessId && businessId !== actor.businessId) throw new NotFound('business');
      return actor.businessId!;
    }
    if (!businessId) throw new InvalidInput('businessId: is required when logging orders with a staff key');
    await this.businesses.assertVisible(actor, businessId as string);
    return (businessId as string).toLowerCase();
  }

  private async context(source: 'json' | 'csv', needed: Array<[string, string]> = []): Promise<ValidationContext> {
    return { now: this.clock.now(), currencies: await this.rates.snapshot(needed), source, allowExtra: source === 'json' ? SINGLE_EXTRA : undefined };
  }

  async createOne(actor: Actor, body: unknown): Promise<{ order: CreatedOrderDto; created: boolean }> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new InvalidInput('body: must be a JSON object with the order fields');
    const businessId = await this.targetBusiness(actor, (body as Record<string, unknown>).businessId);
    const result = validateOrder(body, await this.context('json', ratesNeeded([body])));
    if (!result.ok) throw new InvalidInput(result.errors);
    const o = result.order;
    const key = buyerKey(this.env.APP_SECRET, o.buyerNorm);
    // the order, its audit row and the row for the answer in one statement (one round trip)
    const { row, created } = await this.orders.insertOne(businessId, o, key, actorLabel(actor), { actorRole: actor.role, details: { businessId } });
    if (created) this.metrics?.orders('single');
    return { order: { ...toOrderDto(row, actor.role === 'business'), warnings: this.advice.forRow(row) }, created };
  }

  async createBulk(actor: Actor, body: unknown): Promise<BulkResultDto> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new InvalidInput('body: must be a JSON object { businessId?, orders: [...] }');
    const b = body as Record<string, unknown>;
    const extra = Object.keys(b).filter((k) => k !== 'orders' && k !== 'businessId');
    const problems = extra.map((k) => `${k}: unknown field (not allowed)`);
    if (!Array.isArray(b.orders)) problems.push('orders: must be an array of orders');
    else if (b.orders.length === 0) problems.push('orders: must contain at least 1 order');
    else if (b.orders.length > MAX_BULK) problems.push(`orders: at most ${MAX_BULK} orders per request (use POST /orders/import for CSV files of any size)`);
    if (problems.length) throw new InvalidInput(problems);
    const businessId = await this.targetBusiness(actor, b.businessId);
    const rows = b.orders as unknown[];
    const ctx = { ...(await this.context('json', ratesNeeded(rows))), allowExtra: undefined };
    const valid: NewOrder[] = [];
    const indices: number[] = [];
    const rejected: RejectedRowDto[] = [];
    rows.forEach((raw, index) => {
      const r = validateOrder(raw, ctx);
      if (!r.ok) return void rejected.push({ index, errors: r.errors });
      valid.push(r.order);
      indices.push(index);
    });
    const [accepted, warnings] = await Promise.all([
      this.db.tx(async (c) => {
        const n = await this.orders.insertMany(businessId, valid, buyerKeys(this.env.APP_SECRET, valid), actorLabel(actor), c);
        await this.audit.append(
          actor,
          {
            action: 'orders.bulk_logged',
            entityType: 'business',
            entityId: businessId,
            details: { accepted: n, duplicates: valid.length - n, rejected: rejected.length },
          },
          c,
        );
        return n;
      }),
      this.advice.forBatch(businessId, valid, indices),
    ]);
    this.metrics?.orders('bulk', accepted);
    return { accepted, duplicates: valid.length - accepted, rejected, warnings };
  }

  /**
   * Streams a CSV body: parses, validates and inserts in batches of 5,000 inside one transaction,
   * so a file that turns out to be broken half-way (an unclosed quote) changes nothing; invalid
   * rows are reported by data-row number and stored nowhere. Progress is visible while it runs.
   */
  async importCsv(actor: Actor, businessIdParam: unknown, body: Readable, importIdParam?: string): Promise<BulkResultDto> {
    const businessId = await this.targetBusiness(actor, businessIdParam);
    if (importIdParam !== undefined && !isUuid(importIdParam)) throw new InvalidInput('importId: must be a UUID');
    const importId = (importIdParam ?? randomUUID()).toLowerCase();
    let started = false;
    const counts: ImportCounts = { rowsProcessed: 0, bytesRead: 0, accepted: 0, duplicates: 0, rejected: 0 };
    const rejected: RejectedRowDto[] = [];
    const warned: RowWarningsDto[] = [];
    let warnedCount = 0;
    const permits = {}; // the business's permit documents, read once for the whole import
    body.on('data', (chunk: Buffer) => (counts.bytesRead += chunk.length));
    // bytes that are not UTF-8 are marked, not replaced: the row holding them is rejected by name
    const guard = body.pipe(new Utf8Guard());
    body.on('error', (err) => guard.destroy(err));
    const parser = guard.pipe(
      parse({ bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true, max_record_size: 64 * 1024 }),
    );
    guard.on('error', (err) => parser.destroy(err));
    parser.on('error', () => undefined); // surfaced through the async iterator below; csv-parse may emit twice
    const by = actorLabel(actor);
    try {
      await this.db.tx(async (c) => {
        // the lock first, then the progress row: a `running` row whose lock is free was abandoned (see failAbandoned)
        await this.imports.lock(importId, c);
        if (!(await this.imports.start(importId, businessId, by))) throw new InvalidInput('importId: an import with this id already exists');
        started = true;
        let header: string[] | undefined;
        let batch: NewOrder[] = [];
        let batchRows: number[] = [];
        let ctx = await this.context('csv');
        // One batch is written while the next one is parsed and validated: on a 2-core host the
        // parser (node) and the insert (postgres) then run side by side instead of taking turns.
        let inFlight: Promise<void> | undefined;
        const settle = async () => {
          const p = inFlight;
          inFlight = undefined;
          if (p) await p;
        };
        const flush = async () => {
          await settle();
          if (!batch.length) return;
          const rows = batch;
          const rowNos = batchRows;
          batch = [];
          batchRows = [];
          const advised = this.advice.forBatch(businessId, rows, rowNos, permits);
          advised.catch(() => undefined); // awaited below once the rows are stored
          inFlight = this.orders.insertMany(businessId, rows, buyerKeys(this.env.APP_SECRET, rows), by, c).then(async (n) => {
            for (const w of await advised) if (warnedCount++ < MAX_REJECTED_LISTED) warned.push(w);
            counts.accepted += n;
            counts.duplicates += rows.length - n;
            await this.imports.progress(importId, counts);
          });
          inFlight.catch(() => undefined); // awaited by the next flush or settle; the tx rolls back on failure
          ctx = await this.context('csv');
        };
        for await (const record of parser as AsyncIterable<string[]>) {
          if (!header) {
            header = mapCsvHeader(record);
            continue;
          }
          counts.rowsProcessed++;
          const rowNo = counts.rowsProcessed;
          if (record.length !== header.length) {
            this.reject(rejected, counts, rowNo, [`row: has ${record.length} fields but the header has ${header.length}`]);
            continue;
          }
          const obj: Record<string, string> = {};
          for (let i = 0; i < header.length; i++) obj[header[i]] = record[i];
          const r = validateOrder(obj, ctx);
          if (!r.ok && r.errors.some((e) => e.startsWith('currency: '))) {
            // a rate may have been added since this batch began: look once more before rejecting
            const retry = validateOrder(obj, (ctx = await this.context('csv', ratesNeeded([obj]))));
            if (retry.ok) this.keep(batch, batchRows, retry.order, rowNo);
            else this.reject(rejected, counts, rowNo, retry.errors);
          } else if (r.ok) this.keep(batch, batchRows, r.order, rowNo);
          else this.reject(rejected, counts, rowNo, r.errors);
          if (batch.length >= CSV_BATCH) await flush();
        }
        if (!header) throw new InvalidInput('body: the CSV is empty; the first row must be the header');
        await flush();
        await settle();
        await this.audit.append(actor, { action: 'orders.imported', entityType: 'business', entityId: businessId, details: { importId, ...counts } }, c);
        // completed commits with the orders: the row never says `completed` for rows that were not stored
        await this.imports.finish(importId, 'completed', counts, undefined, c);
      });
    } catch (err) {
      const e = err as { code?: string; message?: string };
      const clientError =
        err instanceof DomainError
          ? err
          : e.code?.startsWith('CSV_') || err instanceof CsvError
            ? new InvalidInput(`body: CSV could not be parsed: ${e.message}`)
            : undefined;
      if (started)
        await this.imports
          .finish(importId, 'failed', { ...counts, accepted: 0, duplicates: 0 }, clientError?.message ?? 'internal error')
          .catch(() => undefined);
      throw clientError ?? err;
    }
    this.metrics?.orders('csv', counts.accepted);
    logEvent(this.logger, 'csv import done', { importId, businessId, rows: counts.rowsProcessed, accepted: counts.accepted });
    return { accepted: counts.accepted, duplicates: counts.duplicates, rejected, rejectedCount: counts.rejected, importId, warnings: warned, warnedCount };
  }

  private keep(batch: NewOrder[], rowNos: number[], order: NewOrder, rowNo: number): void {
    batch.push(order);
    rowNos.push(rowNo);
  }

  private reject(list: RejectedRowDto[], counts: ImportCounts, index: number, errors: string[]): void {
    counts.rejected++;
    if (list.length < MAX_REJECTED_LISTED) list.push({ index, errors });
  }

  /**
   * At start (and every minute): imports left `running` by a process that died mid-stream (SIGKILL,
   * crash, lost connection) are marked failed. Their rows were never stored (one transaction).
   */
  onApplicationBootstrap(): void {
    const sweep = () =>
      this.imports
        .failAbandoned()
        .then((ids) => ids.length && logEvent(this.logger, 'abandoned csv imports marked failed', { importIds: ids }, 'warn'))
        .catch(() => undefined); // database away: the next sweep or a read of the import does it
    void sweep();
    this.sweeper = setInterval(() => void sweep(), 60_000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  async importProgress(actor: Actor, id: string): Promise<ImportProgressDto> {
    let row = await this.imports.find(id);
    // still `running`? if its transaction is gone (the importing process died), say so now
    if (row?.status === 'running' && (await this.imports.failAbandoned(id)).length) row = await this.imports.find(id);
    if (!row || (actor.role === 'business' && row.business_id !== actor.businessId)) throw new NotFound('import');
    return {
      id: row.id,
      businessId: row.business_id,
      status: row.status,
      rowsProcessed: row.rows_processed,
      bytesRead: Number(row.bytes_read),
      accepted: row.accepted,
      duplicates: row.duplicates,
      rejected: row.rejected,
      error: row.error,
      startedAt: row.started_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    };
  }

  async list(actor: Actor, q: ListOrdersQuery): Promise<OrderListDto> {
    let businessId = q.businessId?.toLowerCase();
    if (actor.role === 'business') {
      if (businessId && businessId !== actor.businessId) throw new NotFound('business');
      businessId = actor.businessId;
    }
    const limit = q.limit ?? 50;
    const after = decodeCursor<[string, string]>(q.cursor, ['string', 'string']);
    const rows = await this.orders.list({
      businessId,
      from: q.from,
      to: q.to,
      country: q.destinationCountry,
      includeVoided: q.includeVoided ?? false,
      after,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toOrderDto(r, actor.role === 'business')),
      nextCursor: rows.length > limit && last ? encodeCursor([last.ordered_at.toISOString(), last.id]) : null,
    };
  }

  private async visible(actor: Actor, id: string): Promise<OrderRow> {
    const row = await this.orders.findById(id);
    if (!row || (actor.role === 'business' && row.business_id !== actor.businessId)) throw new NotFound('order');
    return row;
  }

  async get(actor: Actor, id: string): Promise<OrderDto> {
    return toOrderDto(await this.visible(actor, id), !isStaff(actor));
  }

  /** Voids (never deletes): the order stays for audit and drops out of every signal. */
  async void(actor: Actor, id: string, reason: string): Promise<void> {
    const row = await this.visible(actor, id);
    await this.db.tx(async (c) => {
      if (await this.orders.void(id, reason, actorLabel(actor), c)) {
        await this.audit.append(actor, { action: 'order.voided', entityType: 'order', entityId: id, details: { businessId: row.business_id, reason } }, c);
      }
    });
  }
}
