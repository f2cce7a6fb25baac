import { Injectable } from '@nestjs/common';
import { Actor, actorLabel, isStaff } from '../auth/actor';
import { ActorDirectory } from '../auth/actor-directory';
import { AuditRepository } from '../audit/audit.repository';
import { Clock } from '../common/clock';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import { addDays, isValidDate, wibDate } from '../common/time';
import { Db } from '../database/db';
import { EventsService } from '../events/events.service';
import { FlagDto, FlagEventDto, FlagHistoryDto, FlagListDto, ListFlagsQuery } from './dto/flag.dto';
import { FlagStatus, STAFF_STATUSES } from './flag.types';
import type { FlagEventRow, FlagRow } from './flag-rows';
import { FlagsRepository } from './flags.repository';
import type { Lang } from './i18n';

export function toFlagDto(r: FlagRow, lang: Lang): FlagDto {
  return {
    id: r.id,
    businessId: r.business_id,
    businessName: r.business_name,
    district: r.district,
    market: r.market,
    kind: r.kind,
    status: r.status,
    raisedOn: r.raised_on,
    resolvedOn: r.resolved_on,
    lastEvaluatedOn: r.last_evaluated_on,
    score: Number(r.score),
    ruleSetVersion: r.rule_set_version,
    reasons: r.reasons.map((t) => t[lang]),
    signals: r.signals,
    checklist: r.checklist.map((c) => ({ code: c.code, title: c.title[lang], reason: c.reason[lang] })),
    series: r.series,
    evidenceOrderIds: r.evidence_order_ids,
    rung: r.rung,
    nextRung: r.next_rung,
    snoozedUntil: r.snoozed_until,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function toEventDto(e: FlagEventRow, names: Map<string, string>): FlagEventDto {
  return {
    id: e.id,
    at: e.at.toISOString(),
    type: e.type,
    actor: e.actor,
    actorName: names.get(e.actor) ?? e.actor,
    note: e.note,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    asOf: e.as_of,
    runId: e.run_id,
    decision: e.decision,
    score: e.score === null ? null : Number(e.score),
    details: e.details,
  };
}

/** Staff-facing flag lifecycle: reading (a business sees only its own), status changes with notes, snoozes, history. */
@Injectable()
export class FlagsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly flags: FlagsRepository,
    private readonly events: EventsService,
    private readonly audit: AuditRepository,
    private readonly actors: ActorDirectory,
  ) {}

  /** The flag if the actor may see it; a business key asking for another business's flag gets 404. */
  async getVisible(actor: Actor, id: string): Promise<FlagRow> {
    const row = await this.flags.findById(id);
    if (!row || (actor.role === 'business' && row.business_id !== actor.businessId)) throw new NotFound('flag');
    return row;
  }

  async list(actor: Actor, q: ListFlagsQuery, lang: Lang): Promise<FlagListDto> {
    if (actor.role === 'business' && q.businessId && q.businessId.toLowerCase() !== actor.businessId) return { items: [], nextCursor: null };
    const limit = q.limit ?? 200;
    const after = decodeCursor<[string, string]>(q.cursor, ['string', 'string']);
    const rows = await this.flags.list({
      active: q.active,
      status: q.status,
      market: q.market,
      kind: q.kind,
      after,
      limit: limit + 1,
      businessId: actor.role === 'business' ? actor.businessId : q.businessId?.toLowerCase(),
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map((r) => toFlagDto(r, lang)), nextCursor: rows.length > limit && last ? encodeCursor([last.raised_on, last.id]) : null };
  }

  async get(actor: Actor, id: string, lang: Lang): Promise<FlagDto> {
    return toFlagDto(await this.getVisible(actor, id), lang);
  }

  /** Moves a flag through the staff lifecycle; formal_exporter / dismissed → open reopens it. */
  async updateStatus(actor: Actor, id: string, status: FlagStatus, note: string | undefined, lang: Lang): Promise<FlagDto> {
    if (!STAFF_STATUSES.includes(status)) throw new InvalidInput('status: resolved is set by the engine when the pattern ends');
    await this.getVisible(actor, id);
    await this.db.tx(async (c) => {
      const f = await this.flags.lockById(id, c);
      if (!f) throw new NotFound('flag');
      if (f.status === 'resolved') throw new Conflict('this flag episode is resolved and closed; if the pattern returns the engine raises a new flag');
      if (f.status === status && !note) return;
      if (f.status !== status) await this.flags.setStatus(id, status, c);
      const by = actorLabel(actor);
      await this.flags.insertEvent(
        { flagId: id, type: 'status_changed', actor: by, note: note ?? null, fromStatus: f.status, toStatus: status, at: this.clock.now() },
        c,
      );
      await this.audit.append(actor, { action: 'flag.status_changed', entityType: 'flag', entityId: id, details: { from: f.status, to: status } }, c);
      if (f.status !== status) {
        await this.events.record(c, 'flag.status_changed', {
          flagId: id,
          businessId: f.business_id,
          market: f.market,
          kind: f.kind,
          status,
          raisedOn: f.raised_on,
          resolvedOn: f.resolved_on,
          score: Number(f.score),
          fromStatus: f.status,
          toStatus: status,
          note: note ?? null,
        });
      }
    });
    return this.get(actor, id, lang);
  }

  async snooze(actor: Actor, id: string, until: string, note: string | undefined, lang: Lang): Promise<FlagDto> {
    if (!isValidDate(until)) throw new InvalidInput('until: must be a real date YYYY-MM-DD');
    const today = wibDate(this.clock.now());
    if (until <= today) throw new InvalidInput('until: must be after today (WIB)');
    if (until > addDays(today, 366)) throw new InvalidInput('until: at most one year ahead');
    await this.getVisible(actor, id);
    await this.db.tx(async (c) => {
      const f = await this.flags.lockById(id, c);
      if (!f) throw new NotFound('flag');
      if (f.status === 'resolved') throw new Conflict('a resolved flag cannot be snoozed');
      await this.flags.setSnooze(id, until, c);
      await this.flags.insertEvent({ flagId: id, type: 'snoozed', actor: actorLabel(actor), note: note ?? null, details: { until }, at: this.clock.now() }, c);
      await this.audit.append(actor, { action: 'flag.snoozed', entityType: 'flag', entityId: id, details: { until } }, c);
    });
    return this.get(actor, id, lang);
  }

  /** Every event of the flag, oldest first, with who did it by name (in `lang`). */
  async history(actor: Actor, id: string, lang: Lang): Promise<FlagHistoryDto> {
    await this.getVisible(actor, id);
    const rows = await this.flags.history(id);
    const names = await this.actors.names(
      rows.map((r) => r.actor),
      lang,
    );
    return { flagId: id, items: rows.map((r) => toEventDto(r, names)) };
  }

  /** Staff only: the status now of each flag of `ids` (ids not found are left out). */
  async liveStatuses(actor: Actor, ids: string[]): Promise<Map<string, FlagStatus>> {
    if (!isStaff(actor)) return new Map();
    return new Map((await this.flags.statuses(ids)).map((r) => [r.id, r.status]));
  }

  /** Staff lists: per flag its event count and its `last` latest events, oldest first, in one query. */
  async historyTails(actor: Actor, flagIds: string[], last: number, lang: Lang): Promise<Map<string, { total: number; items: FlagEventDto[] }>> {
    const out = new Map<string, { total: number; items: FlagEventDto[] }>();
    if (!isStaff(actor)) return out;
    const rows = await this.flags.historyTails(flagIds, last);
    const names = await this.actors.names(
      rows.map((r) => r.actor),
      lang,
    );
    for (const r of rows) {
      const h = out.get(r.flag_id) ?? { total: r.total, items: [] };
      h.items.push(toEventDto(r, names));
      out.set(r.flag_id, h);
    }
    return out;
  }
}
