import { Injectable, OnModuleInit } from '@nestjs/common';
import { Actor, actorLabel, isStaff } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { BusinessesService } from '../businesses/businesses.service';
import { Clock } from '../common/clock';
import { InvalidInput, NotFound } from '../common/errors';
import { addDays, weekEnd, weekStart, wibDate } from '../common/time';
import { Db } from '../database/db';
import { JobHandlers } from '../jobs/job-handlers';
import { JobSchedulesService } from '../jobs/job-schedules.service';
import { FORMAL_FROM, RUNGS } from '../pathway/pathway.types';
import { Activity, DueFilter, FOLLOW_UP_MONTHS } from './casework.types';
import { CreateActivityDto, UpdateActivityDto } from './dto/activity.dto';
import { ActivitiesRepository } from './activities.repository';

const LIST_LIMIT = 500;
export const FOLLOW_UPS_SCHEDULER_ID = 'casework.follow-ups.hourly';
/** Every hour at :15 (WIB): a rung reached in Monday's 06:00 weekly run has its follow-ups by 06:15. */
export const FOLLOW_UPS_PATTERN = '15 * * * *';
/** Rungs from agent_peb up: reaching one of them from below schedules the follow-ups. */
export const FORMAL_RUNGS = RUNGS.slice(RUNGS.indexOf(FORMAL_FROM));

@Injectable()
export class ActivitiesService implements OnModuleInit {
  constructor(
    private readonly repo: ActivitiesRepository,
    private readonly businesses: BusinessesService,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    private readonly db: Db,
    private readonly handlers: JobHandlers,
    private readonly schedules: JobSchedulesService,
  ) {}

  onModuleInit(): void {
    this.handlers.register('casework.follow-ups', async () => {
      await this.scheduleFollowUps();
    });
    this.schedules.define({ id: FOLLOW_UPS_SCHEDULER_ID, pattern: FOLLOW_UPS_PATTERN, name: 'casework.follow-ups', data: {} });
  }

  private today(): string {
    return wibDate(this.clock.now());
  }

  async create(actor: Actor, businessId: string, dto: CreateActivityDto): Promise<Activity> {
    await this.businesses.assertVisible(actor, businessId);
    const today = this.today();
    if (dto.on > today) throw new InvalidInput(`on: must not be in the future (today is ${today}, WIB)`);
    if (dto.dueOn && dto.dueOn < dto.on) throw new InvalidInput('dueOn: must not be before on');
    if (dto.flagId && (await this.repo.flagBusiness(dto.flagId)) !== businessId)
      throw new InvalidInput('flagId: no flag with this id belongs to this business');
    return this.db.tx(async (c) => {
      const a = await this.repo.insert({ businessId, ...dto, createdBy: actorLabel(actor) }, c);
      await this.audit.append(actor, { action: 'activity.created', entityType: 'activity', entityId: a.id, details: { businessId, type: a.type } }, c);
      return a;
    });
  }

  /** A business's activities, newest first; a business key reads its own (404 for another's). */
  async listForBusiness(actor: Actor, businessId: string): Promise<Activity[]> {
    await this.businesses.assertVisible(actor, businessId);
    return this.repo.listForBusiness(businessId, LIST_LIMIT);
  }

  async update(actor: Actor, id: string, dto: UpdateActivityDto): Promise<Activity> {
    const a = await this.repo.findById(id);
    if (!a || !isStaff(actor)) throw new NotFound('activity');
    const today = this.today();
    if (dto.doneOn && dto.doneOn > today) throw new InvalidInput(`doneOn: must not be in the future (today is ${today}, WIB)`);
    if (dto.doneOn && dto.doneOn < a.on) throw new InvalidInput(`doneOn: must not be before the activity's day (${a.on})`);
    if (dto.dueOn && dto.dueOn < a.on) throw new InvalidInput(`dueOn: must not be before the activity's day (${a.on})`);
    if (dto.graduated && !(dto.doneOn ?? a.doneOn)) throw new InvalidInput('graduated: give doneOn too (the follow-ups count from it)');
    return this.db.tx(async (c) => {
      await this.repo.update(id, dto, c);
      await this.audit.append(actor, { action: 'activity.updated', entityType: 'activity', entityId: id, details: { fields: Object.keys(dto) } }, c);
      if (dto.graduated) await this.repo.scheduleFollowUps(FORMAL_RUNGS, FOLLOW_UP_MONTHS, c);
      return (await this.repo.findById(id, c))!;
    });
  }

  /** Follow-ups not done: overdue (due before today, WIB) or due in the current ISO week. */
  async due(filter: DueFilter, district?: string, districts?: string[]): Promise<Activity[]> {
    const today = this.today();
    const range = filter === 'overdue' ? { from: null, to: addDays(today, -1) } : { from: weekStart(today), to: weekEnd(today) };
    const only = district ? [district] : districts?.length ? districts : null;
    return this.repo.due(range, only, LIST_LIMIT);
  }

  /** How many follow-ups are overdue in an officer's kecamatan (see the repository for the scope). */
  overdueFor(email: string): Promise<{ count: number; districts: string[] | null }> {
    return this.repo.overdueFor(email, this.today());
  }

  /** Creates the follow-ups owed after rung climbs and graduations (idempotent); how many were new. */
  scheduleFollowUps(): Promise<number> {
    return this.repo.scheduleFollowUps(FORMAL_RUNGS, FOLLOW_UP_MONTHS);
  }

  async setTarget(actor: Actor, year: number, metric: string, target: number): Promise<Record<string, number>> {
    await this.repo.setTarget(year, metric, target, actorLabel(actor));
    await this.audit.append(actor, { action: 'kpi_target.set', entityType: 'kpi_target', entityId: `${year}:${metric}`, details: { target } });
    return this.repo.targets(year);
  }

  targets(year: number): Promise<Record<string, number>> {
    return this.repo.targets(year);
  }
}
