import { Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { BusinessesService } from '../businesses/businesses.service';
import { Forbidden, NotFound } from '../common/errors';
import { Db } from '../database/db';
import { Actor, actorLabel, Role } from './actor';
import { generateApiKey } from './api-key';
import { ApiKeyRow, ApiKeysRepository } from './api-keys.repository';
import { AuthService } from './auth.service';
import { ApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

function toDto(r: ApiKeyRow): ApiKeyDto {
  return {
    id: r.id,
    role: r.role,
    businessId: r.business_id,
    label: r.label,
    prefix: r.prefix,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
  };
}

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly businesses: BusinessesService,
    private readonly audit: AuditRepository,
    private readonly auth: AuthService,
    private readonly db: Db,
  ) {}

  async createBusinessKey(actor: Actor, businessId: string, label?: string): Promise<CreatedApiKeyDto> {
    await this.businesses.assertVisible(actor, businessId);
    return this.create(actor, 'business', label, businessId);
  }

  createStaffKey(actor: Actor, role: 'admin' | 'officer', label?: string): Promise<CreatedApiKeyDto> {
    return this.create(actor, role, label);
  }

  private async create(actor: Actor, role: Role, label?: string, businessId?: string): Promise<CreatedApiKeyDto> {
    const { key, hash, prefix } = generateApiKey();
    return this.db.tx(async (c) => {
      const row = (await this.keys.insert({ hash, prefix, role, businessId, label, createdBy: actorLabel(actor) }, c))!;
      await this.audit.append(actor, { action: 'api_key.created', entityType: 'api_key', entityId: row.id, details: { role, businessId } }, c);
      return { ...toDto(row), key };
    });
  }

  async listForBusiness(actor: Actor, businessId: string): Promise<ApiKeyDto[]> {
    await this.businesses.assertVisible(actor, businessId);
    return (await this.keys.list({ businessId })).map(toDto);
  }

  async listAll(businessId?: string): Promise<ApiKeyDto[]> {
    return (await this.keys.list({ businessId })).map(toDto);
  }

  /** Admins revoke any key; officers only business keys (staff keys are the admin's to manage). */
  async revoke(actor: Actor, id: string): Promise<void> {
    const row = await this.keys.findById(id);
    if (!row) throw new NotFound('api key');
    if (actor.role === 'officer' && row.role !== 'business') throw new Forbidden('officers may revoke business keys only');
    await this.db.tx(async (c) => {
      await this.keys.revoke(id, c);
      await this.audit.append(actor, { action: 'api_key.revoked', entityType: 'api_key', entityId: id, details: { role: row.role } }, c);
    });
    this.auth.forgetCached();
  }
}
