import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { Actor, actorLabel } from '../auth/actor';
import { Clock } from '../common/clock';
import { Conflict, InvalidInput, NotFound } from '../common/errors';
import { addDays, startOfWibDay } from '../common/time';
import { isUuid } from '../common/uuid.pipe';
import { Db, Queryable } from '../database/db';
import { PathwayRepository } from '../pathway/pathway.repository';
import { RUNGS, Rung } from '../pathway/pathway.types';
import { PathwayService } from '../pathway/pathway.service';
import { windows } from '../watch/signals.sql';
import { candidateKey, ExportGroup, JointExportWeek } from './consolidation.types';
import { CreateExportGroupDto, UpdateExportGroupDto } from './dto/export-group.dto';
import { ExportGroupsRepository, GroupPatch, GroupRow } from './export-groups.repository';

const LIST_LIMIT = 500;
/** The series counts orders and buyers per week only: the repeat-buyer minimum of the signal SQL does not enter it. */
const SERIES_REPEAT_MIN = 2;

/** The highest rung among rows of rung indexes (unrecorded when none). */
export function highestRung(indexes: number[]): Rung {
  return RUNGS[Math.max(0, ...indexes)];
}

/** The week starts (Mondays) of the 26-week series ending with asOf's week, oldest first. */
export function seriesWeekStarts(asOf: string): string[] {
  const { from26 } = windows(asOf);
  return Array.from({ length: 26 }, (_, i) => addDays(from26, i * 7));
}

/**
 * Export groups: officers form them (from a candidate or by hand) and follow them. Every write is
 * checked whole before anything is stored, runs in one transaction with its audit row, and holds
 * the market × material lock so a business can never end up in two groups for one pair.
 */
@Injectable()
export class ExportGroupsService {
  constructor(
    private readonly repo: ExportGroupsRepository,
    private readonly pathway: PathwayRepository,
    private readonly pathwayService: PathwayService,
    private readonly audit: AuditRepository,
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateExportGroupDto): Promise<ExportGroup> {
    if (dto.candidateKey && dto.candidateKey !== candidateKey(dto.market, dto.material))
      throw new InvalidInput(`candidateKey: must be "${candidateKey(dto.market, dto.material)}" for this market and material`);
    const id = await this.db.tx(async (c) => {
      await this.repo.lockPair(dto.market, dto.material, c);
      await this.checkMembers(dto.market, dto.material, dto.memberBusinessIds, dto.coordinatorBusinessId ?? null, null, c);
      const by = actorLabel(actor);
      const gid = await this.repo.insert(
        {
          name: dto.name,
          market: dto.market,
          material: dto.material,
          coordinatorBusinessId: dto.coordinatorBusinessId ?? null,
          route: dto.route ?? null,
          note: dto.note ?? null,
          candidateKey: dto.candidateKey ?? null,
          by,
          at: this.clock.now(),
        },
        c,
      );
      await this.repo.setMembers(gid, dto.memberBusinessIds, this.clock.now(), c);
      await this.audit.append(
        actor,
        {
          action: 'export_group.created',
          entityType: 'export_group',
          entityId: gid,
          details: { market: dto.market, material: dto.material, members: dto.memberBusinessIds.length },
        },
        c,
      );
      return gid;
    });
    return this.get(id);
  }

  async update(actor: Actor, id: string, dto: UpdateExportGroupDto): Promise<ExportGroup> {
    const current = await this.repo.get(id);
    if (!current) throw new NotFound('export group');
    await this.db.tx(async (c) => {
      await this.repo.lockPair(current.market, current.material, c);
      const g = await this.repo.get(id, c, true);
      if (!g) throw new NotFound('export group');
      const members = dto.memberBusinessIds ?? g.members.map((m) => m.businessId);
      const coordinator = dto.coordinatorBusinessId !== undefined ? dto.coordinatorBusinessId : g.coordinatorBusinessId;
      // a coordinator who leaves the group with a member change and is not replaced is cleared, not kept as an outsider
      const dropsCoordinator = dto.coordinatorBusinessId === undefined && coordinator !== null && !members.includes(coordinator);
      await this.checkMembers(g.market, g.material, members, dropsCoordinator ? null : coordinator, id, c);
      const patch: GroupPatch = {};
      for (const k of ['name', 'coordinatorBusinessId', 'route', 'note'] as const) if (dto[k] !== undefined) Object.assign(patch, { [k]: dto[k] });
      if (dropsCoordinator) patch.coordinatorBusinessId = null;
      const at = this.clock.now();
      await this.repo.update(id, patch, actorLabel(actor), at, c);
      if (dto.memberBusinessIds) await this.repo.setMembers(id, dto.memberBusinessIds, at, c);
      await this.audit.append(
        actor,
        { action: 'export_group.updated', entityType: 'export_group', entityId: id, details: { fields: Object.keys(dto).sort() } },
        c,
      );
    });
    return this.get(id);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.tx(async (c) => {
      const g = await this.repo.get(id, c, true);
      if (!g) throw new NotFound('export group');
      await this.repo.delete(id, c);
      await this.audit.append(
        actor,
        {
          action: 'export_group.deleted',
          entityType: 'export_group',
          entityId: id,
          details: { market: g.market, material: g.material, members: g.members.length },
        },
        c,
      );
    });
  }

  /** One group with its members' rungs and the combined 26-week series as of `asOfInput` (default yesterday, WIB). */
  async get(id: string, asOfInput?: string): Promise<ExportGroup> {
    const asOf = this.pathwayService.asOf(asOfInput);
    const g = await this.repo.get(id);
    if (!g) throw new NotFound('export group');
    const [group] = await this.withRungs([g], asOf);
    const signals = await this.repo.combinedSignals(g.id, g.market, g.material, asOf, SERIES_REPEAT_MIN);
    const starts = seriesWeekStarts(asOf);
    const series = starts.map((weekStart, i) => {
      const p = signals?.series[i];
      return { week: p?.week ?? '', weekStart, orders: p?.orders ?? 0, valueIdr: p?.valueIdr ?? 0, buyers: p?.buyers ?? 0 };
    });
    return { ...group, series, asOf };
  }

  async list(filter: { market?: string; material?: string; businessId?: string }): Promise<ExportGroup[]> {
    const rows = await this.repo.list({ ...filter, limit: LIST_LIMIT });
    return this.withRungs(rows, this.pathwayService.asOf(undefined));
  }

  /** The businesses among these ids (ids that are not UUIDs or name no business are left out). */
  memberNames(ids: string[]): Promise<Array<{ id: string; name: string }>> {
    const valid = ids.filter(isUuid).map((i) => i.toLowerCase());
    return valid.length ? this.repo.names(valid) : Promise.resolve([]);
  }

  /** The weekly list's joint-export section of the ISO week [weekStart, weekEnd] (Sunday), read in the publishing transaction. */
  weekSection(weekStart: string, weekEnd: string, q?: Queryable): Promise<JointExportWeek> {
    return this.repo.week(weekEnd, addDays(weekEnd, -7), startOfWibDay(weekStart), startOfWibDay(addDays(weekEnd, 1)), q);
  }

  /**
   * The whole write checked before anything is stored: every member a business, none in another
   * group for the market × material (409), the coordinator among them.
   */
  private async checkMembers(market: string, material: string, ids: string[], coordinator: string | null, groupId: string | null, q: Queryable): Promise<void> {
    const known = await this.repo.existing(ids, q);
    const unknown = ids.filter((i) => !known.has(i));
    if (unknown.length) throw new InvalidInput(`memberBusinessIds: no business with id ${unknown.join(', ')}`);
    if (coordinator !== null && !ids.includes(coordinator)) throw new InvalidInput('coordinatorBusinessId: must be one of memberBusinessIds');
    const taken = await this.repo.memberships(market, material, ids, groupId, q);
    if (taken.length)
      throw new Conflict(
        `memberBusinessIds: ${taken.map((t) => `${t.businessId} is already in group "${t.groupName}" (${t.groupId})`).join('; ')} for ${market} × ${material}`,
      );
  }

  /** Each member's rung in the group's market as of asOf, and the group's (its highest member's). */
  private async withRungs(rows: GroupRow[], asOf: string): Promise<ExportGroup[]> {
    const ids = [...new Set(rows.flatMap((g) => g.members.map((m) => m.businessId)))];
    const rungs = ids.length ? await this.pathway.rungsAsOf(asOf, ids) : [];
    const at = new Map(rungs.map((r) => [`${r.businessId}|${r.market}`, r.rungIndex]));
    return rows.map((g) => {
      const members = g.members.map((m) => ({ ...m, rung: RUNGS[at.get(`${m.businessId}|${g.market}`) ?? 0] }));
      return {
        id: g.id,
        name: g.name,
        market: g.market,
        material: g.material,
        coordinatorBusinessId: g.coordinatorBusinessId,
        route: g.route,
        note: g.note,
        candidateKey: g.candidateKey,
        members,
        rung: highestRung(members.map((m) => RUNGS.indexOf(m.rung))),
        createdAt: new Date(g.createdAt).toISOString(),
        createdBy: g.createdBy,
        updatedAt: new Date(g.updatedAt).toISOString(),
      };
    });
  }
}
