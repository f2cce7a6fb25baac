import { Injectable } from '@nestjs/common';
import { Actor, isStaff } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { Db } from '../database/db';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { InvalidInput, NotFound } from '../common/errors';
import { BusinessDto, BusinessListDto, CreateBusinessDto, ListBusinessesQuery, UpdateBusinessDto } from './dto/business.dto';
import { BusinessesRepository, BusinessRow } from './businesses.repository';

export function toBusinessDto(r: BusinessRow): BusinessDto {
  return {
    id: r.id,
    name: r.name,
    district: r.district,
    ownerName: r.owner_name,
    email: r.email,
    phone: r.phone,
    nib: r.nib,
    hasCustomsAccess: r.has_customs_access,
    materials: r.materials,
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
  ) {}

  /** The business row if the actor may see it; otherwise 404, so ids of others are not confirmed. */
  async getVisible(actor: Actor, id: string): Promise<BusinessRow> {
    if (actor.role === 'business' && actor.businessId !== id) throw new NotFound('business');
    const row = await this.repo.findById(id);
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
      const row = await this.repo.insert({ ...dto, materials: dto.materials }, c);
      await this.audit.append(actor, { action: 'business.created', entityType: 'business', entityId: row.id, details: { district: row.district } }, c);
      return toBusinessDto(row);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateBusinessDto): Promise<BusinessDto> {
    await this.getVisible(actor, id);
    if (!isStaff(actor) && dto.hasCustomsAccess !== undefined) {
      throw new InvalidInput('hasCustomsAccess: only department staff may change the customs-access status');
    }
    return this.db.tx(async (c) => {
      const row = await this.repo.update(id, dto, c);
      if (!row) throw new NotFound('business');
      await this.audit.append(actor, { action: 'business.updated', entityType: 'business', entityId: id, details: { fields: Object.keys(dto) } }, c);
      return toBusinessDto(row);
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
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toBusinessDto),
      nextCursor: rows.length > limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
    };
  }
}
