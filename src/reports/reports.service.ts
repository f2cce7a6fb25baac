import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { UnrecoverableError } from 'bullmq';
import { Clock } from '../common/clock';
import { ExportGroupsService } from '../consolidation/export-groups.service';
import { NotFound } from '../common/errors';
import { parseIsoWeek } from '../common/time';
import { Db } from '../database/db';
import { PathwayRepository } from '../pathway/pathway.repository';
import { EventsService } from '../events/events.service';
import { JobHandlers } from '../jobs/job-handlers';
import { JobsService } from '../jobs/jobs.service';
import { jobId } from '../jobs/job-registry';
import { Snapshot, WEEKLY_LIST_SCHEMA_VERSION } from './report.types';
import { ReportsRepository } from './reports.repository';
import { buildItem, climbsByPair, countChanges, orderRows } from './snapshot-builder';
import { Lang, ListFilters, localiseItem, SnapshotHead, weeklyListEnvelope } from './weekly-list.view';
import { STREAM_BATCH, weeklyListCsvStream, weeklyListJsonStream } from './weekly-list.stream';
import { logEvent } from '../common/log-event';

export type PublishOutcome = 'published' | 'already_published' | 'no_completed_run';

/** Publishes (freezes) weekly lists and serves them; digests and webhooks read the same snapshot. */
@Injectable()
export class ReportsService implements OnModuleInit {
  /** Rows built and staged per statement while publishing: ~2 kB of JSON each, twice (stored row, event). Tests lower it. */
  static batchRows = 500;
  private readonly logger = new Logger(ReportsService.name);

  constructor(
    private readonly repo: ReportsRepository,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly events: EventsService,
    private readonly jobs: JobsService,
    private readonly handlers: JobHandlers,
    private readonly pathway: PathwayRepository,
    private readonly groups: ExportGroupsService,
  ) {}

  onModuleInit(): void {
    this.handlers.register('reports.publish-week', async ({ week }) => {
      if (!parseIsoWeek(week)) throw new UnrecoverableError(`not an ISO week: ${week}`);
      const outcome = await this.publish(week);
      // the run enqueues this job when it completes; without one the job has nothing to freeze yet
      if (outcome === 'no_completed_run') throw new Error(`no completed run as of the Sunday of ${week} yet`);
      return outcome;
    });
  }

  /**
   * Freezes week W: every active flag plus the flags resolved in W, marked against the previous
   * published list; records `report.published` and queues the digest tick in the same transaction.
   * Publishing a week again returns the stored snapshot unchanged.
   */
  async publish(week: string): Promise<PublishOutcome> {
    const range = parseIsoWeek(week);
    if (!range) throw new NotFound('week');
    const outcome = await this.db.tx(async (c): Promise<PublishOutcome> => {
      await this.repo.lockWeek(week, c);
      if (await this.repo.isPublished(week, c)) return 'already_published';
      const run = await this.repo.completedRun(range.weekEnd, c);
      if (!run) return 'no_completed_run';
      const prev = await this.repo.previousOpenFlags(week, c);
      const prevIds = prev?.flagIds ?? [];
      // the flags stay in Postgres: their heads order the list, then the rows are built and staged
      // `batchRows` at a time and Postgres assembles the stored list and the event from them
      const heads = await this.repo.stageFlags(range.weekStart, range.weekEnd, prevIds, c);
      const rows = orderRows(heads, range, prev ? new Set(prevIds) : null);
      const rungUps = await this.pathway.climbsBetween(range.weekStart, range.weekEnd, c);
      const climbed = climbsByPair(rungUps);
      const size = ReportsService.batchRows;
      for (let at = 0; at < rows.length; at += size) {
        const batch = rows.slice(at, at + size);
        const flags = new Map(
          (
            await this.repo.stagedFlags(
              batch.map((r) => r.flagId),
              c,
            )
          ).map((f) => [f.id, f]),
        );
        const items = batch.map((r) => buildItem(flags.get(r.flagId)!, r.change, range, climbed));
        await this.repo.stageItems(
          at / size,
          items,
          items.map((i) => localiseItem(i, 'id')),
          c,
        );
      }
      const jointExport = await this.groups.weekSection(range.weekStart, range.weekEnd, c);
      const head: SnapshotHead = {
        week,
        weekStart: range.weekStart,
        weekEnd: range.weekEnd,
        schemaVersion: WEEKLY_LIST_SCHEMA_VERSION,
        ruleSetVersion: run.rule_set_version,
        runId: run.id,
        previousWeek: prev?.week ?? null,
        publishedAt: this.clock.now(),
        rungUps,
        jointExport,
        counts: countChanges(rows),
      };
      await this.repo.insertStaged(head, c);
      // webhook receivers get exactly what GET /reports/weekly/:week answers
      await this.events.recordAssembled(c, 'report.published', this.repo.publishedEventData(weeklyListEnvelope(head, 'id', {}, [])));
      await this.jobs.enqueue('digests.tick', {}, { jobId: jobId('digests.tick', { publishedWeek: week }) }, c);
      return 'published';
    });
    if (outcome === 'published') {
      void this.jobs.kick();
      logEvent(this.logger, 'weekly list published', { week });
    }
    return outcome;
  }

  async get(week: string): Promise<Snapshot> {
    const s = parseIsoWeek(week) ? await this.repo.get(week) : undefined;
    if (!s) throw new NotFound(`weekly list ${week} (not published yet)`);
    return s;
  }

  /**
   * One page of a published list under filters, for the dashboard: the list's envelope with the
   * page's rows localised, and what the page shows about all matching rows (their count, their
   * changes, their businesses) and the list's markets. Not published → NotFound.
   */
  async page(week: string, lang: Lang, filters: ListFilters, offset: number, limit: number) {
    const head = parseIsoWeek(week) ? await this.repo.head(week) : undefined;
    if (!head) throw new NotFound(`weekly list ${week} (not published yet)`);
    const { items, ...rest } = await this.repo.page(week, filters, offset, limit);
    return {
      list: weeklyListEnvelope(
        head,
        lang,
        filters,
        items.map((i) => localiseItem(i, lang)),
      ),
      ...rest,
    };
  }

  /**
   * The list as a stream (the API's GET, the dashboard's CSV download): the same bytes as
   * `weeklyListJson` / `weeklyListCsv` serialised, but read from Postgres in batches of STREAM_BATCH
   * rows. Not published → NotFound before the first byte.
   */
  async stream(week: string, lang: Lang, filters: ListFilters, format: 'json' | 'csv'): Promise<Readable> {
    const open = parseIsoWeek(week) ? await this.repo.openList(week, STREAM_BATCH) : undefined;
    if (!open) throw new NotFound(`weekly list ${week} (not published yet)`);
    return (format === 'csv' ? weeklyListCsvStream : weeklyListJsonStream)(open.head, open.cursor, lang, filters);
  }

  async weeks() {
    return (await this.repo.listWeeks()).map((r) => ({
      week: r.week,
      weekStart: r.week_start,
      weekEnd: r.week_end,
      publishedAt: r.published_at.toISOString(),
      schemaVersion: r.schema_version,
      ruleSetVersion: r.rule_set_version,
      counts: r.counts,
    }));
  }
}
