import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Actor, isStaff } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { Clock } from '../common/clock';
import { wibDate } from '../common/time';
import { Db } from '../database/db';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { InvalidInput, NotFound } from '../common/errors';
import { BusinessDto, BusinessListDto, CreateBusinessDto, ListBusinessesQuery, UpdateBusinessDto } from './dto/business.dto';
import { BusinessesRepository, BusinessRow } from './businesses.repository';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';

/** The note on a customs-access document registered through the business's hasCustomsAccess field. */
export const FROM_FLAG_NOTE = 'from hasCustomsAccess';

export function toBusinessDto(r: BusinessRow): BusinessDto {
  return {
    id: r.id,
    name: r.name,
    district: r.district,
    ownerName: r.owner_name,
    email: r.email,
    phone: r.phone,
    nib: r.nib,
    hasCustomsAccess: r.customs_access,
    materials: r.materials,
    monthlyCapacity: r.monthly_capacity ?? {},
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

@Injectable()
export class BusinessesService {
  constructor(
    private readonly repo: BusinessesRepository,
    private readonly audit: AuditRepository,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly documents: DocumentsService,
    private readonly documentsRepo: DocumentsRepository,
  ) {}

  private today(): string {
    return wibDate(this.clock.now());
  }

  /**
   * hasCustomsAccess is derived from the documents register. Stating it true registers an undated
   * nib_customs_access document (note "from hasCustomsAccess") unless one is valid today; stating
   * it false removes every nib_customs_access document of the business.
   */
  private async stateCustomsAccess(actor: Actor, id: string, value: boolean | undefined, c: PoolClient): Promise<void> {
    if (value === undefined) return;
    if (!value) await this.documents.removeType(actor, id, 'nib_customs_access', c);
    else if (!(await this.documentsRepo.hasValid(id, 'nib_customs_access', this.today(), c))) {
      await this.documents.register(actor, id, { type: 'nib_customs_access', note: FROM_FLAG_NOTE }, c);
    }
  }

  /** The business row if the actor may see it; otherwise 404, so ids of others are not confirmed. */
  async getVisible(actor: Actor, id: string): Promise<BusinessRow> {
    if (actor.role === 'business' && actor.businessId !== id) throw new NotFound('business');
    const row = await this.repo.findById(id, this.today());
    if (!row) throw new NotFound('business');
    return row;
  }

  /** Throws 404 unless the business exists and the actor may act for it. */
  async assertVisible(actor: Actor, id: string): Promise<void> {
    if (actor.role === 'business' && actor.businessId !== id) throw new NotFound('business');
    if (!(await this.repo.exists(id))) throw new NotFound('business');
  }

  async create(actor: Actor, dto: CreateBusinessDto): Promise<BusinessDto> {
    return this.db.tx(async (c) => {
      const id = await this.repo.insert({ ...dto, materials: dto.materials }, c);
      await this.audit.append(actor, { action: 'business.created', entityType: 'business', entityId: id, details: { district: dto.district } }, c);
      if (dto.hasCustomsAccess) await this.stateCustomsAccess(actor, id, true, c);
      return toBusinessDto((await this.repo.findById(id, this.today(), c))!);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateBusinessDto): Promise<BusinessDto> {
    await this.getVisible(actor, id);
    if (!isStaff(actor) && dto.hasCustomsAccess !== undefined) {
      throw new InvalidInput('hasCustomsAccess: only department staff may change the customs-access status');
    }
    return this.db.tx(async (c) => {
      if (!(await this.repo.update(id, dto, c))) throw new NotFound('business');
      await this.audit.append(actor, { action: 'business.updated', entityType: 'business', entityId: id, details: { fields: Object.keys(dto) } }, c);
      await this.stateCustomsAccess(actor, id, dto.hasCustomsAccess, c);
      return toBusinessDto((await this.repo.findById(id, this.today(), c))!);
    });
  }

  async get(actor: Actor, id: string): Promise<BusinessDto> {
    return toBusinessDto(await this.getVisible(actor, id));
  }

  async list(actor: Actor, query: ListBusinessesQuery): Promise<BusinessListDto> {
    const limit = query.limit ?? 50;
    const after = decodeCursor<[string, string]>(query.cursor, ['string', 'string']);
    const rows = await this.repo.list({
      district: query.district,
      q: query.q,
      onlyId: actor.role === 'business' ? actor.businessId : undefined,
      after,
      limit: limit + 1,
      today: this.today(),
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toBusinessDto),
      nextCursor: rows.length > limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
    };
  }
}
