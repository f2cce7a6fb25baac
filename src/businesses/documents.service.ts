import { Injectable } from '@nestjs/common';
import { Actor, actorLabel } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { Clock } from '../common/clock';
import { NotFound } from '../common/errors';
import { addDays, wibDate } from '../common/time';
import { Db, Queryable } from '../database/db';
import type { BusinessDocument, DocumentType } from '../pathway/pathway.types';
import { BusinessesRepository } from './businesses.repository';
import { DocumentsRepository } from './documents.repository';
import type { CreateDocumentDto } from './dto/document.dto';

/** The audit trail's entity type for a registered document. */
const ENTITY = 'business_document';

/** The register of documents the department has verified, per business (API "Businesses, continued"). */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly repo: DocumentsRepository,
    private readonly businesses: BusinessesRepository,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    private readonly db: Db,
  ) {}

  private async assertVisible(actor: Actor, businessId: string): Promise<void> {
    if (actor.role === 'business' && actor.businessId !== businessId) throw new NotFound('business');
    if (!(await this.businesses.exists(businessId))) throw new NotFound('business');
  }

  async create(actor: Actor, businessId: string, dto: CreateDocumentDto): Promise<BusinessDocument> {
    await this.assertVisible(actor, businessId);
    return this.db.tx((c) => this.register(actor, businessId, dto, c));
  }

  /** Registers one document with its audit row inside the caller's transaction. */
  async register(actor: Actor, businessId: string, dto: CreateDocumentDto, c: Queryable): Promise<BusinessDocument> {
    const doc = await this.repo.insert(
      businessId,
      {
        type: dto.type as DocumentType,
        number: dto.number ?? null,
        issuedOn: dto.issuedOn ?? null,
        expiresOn: dto.expiresOn ?? null,
        note: dto.note ?? null,
      },
      actorLabel(actor),
      c,
    );
    await this.audit.append(actor, { action: 'document.registered', entityType: ENTITY, entityId: doc.id, details: { businessId, type: doc.type } }, c);
    if (doc.type === 'nib_customs_access') await this.businesses.refreshCustomsAccess(businessId, wibDate(this.clock.now()), c);
    return doc;
  }

  async list(actor: Actor, businessId: string): Promise<BusinessDocument[]> {
    await this.assertVisible(actor, businessId);
    return this.repo.list(businessId);
  }

  /** Soft delete (kept for the audit trail); 404 when the document is not this business's or already removed. */
  async remove(actor: Actor, businessId: string, documentId: string): Promise<void> {
    await this.assertVisible(actor, businessId);
    await this.db.tx(async (c) => {
      const type = await this.repo.remove(businessId, documentId, actorLabel(actor), c);
      if (!type) throw new NotFound('document');
      await this.audit.append(actor, { action: 'document.removed', entityType: ENTITY, entityId: documentId, details: { businessId, type } }, c);
      if (type === 'nib_customs_access') await this.businesses.refreshCustomsAccess(businessId, wibDate(this.clock.now()), c);
    });
  }

  /** Removes every document of a type (with one audit row each) inside the caller's transaction. */
  async removeType(actor: Actor, businessId: string, type: DocumentType, c: Queryable): Promise<number> {
    const ids = await this.repo.removeType(businessId, type, actorLabel(actor), c);
    for (const id of ids) await this.audit.append(actor, { action: 'document.removed', entityType: ENTITY, entityId: id, details: { businessId, type } }, c);
    if (type === 'nib_customs_access') await this.businesses.refreshCustomsAccess(businessId, wibDate(this.clock.now()), c);
    return ids.length;
  }

  /** The business's documents valid on `date` (YYYY-MM-DD, WIB): issuedOn (if given) ≤ date ≤ expiresOn (if given). */
  validOn(businessId: string, date: string): Promise<BusinessDocument[]> {
    return this.repo.validOn(businessId, date);
  }

  /**
   * Documents valid on `asOf` (default today WIB) whose expiresOn is within `days` days of it
   * (asOf ≤ expiresOn ≤ asOf + days), soonest first; all businesses or only `businessIds`.
   */
  expiringWithin(days: number, asOf: string = wibDate(this.clock.now()), businessIds?: readonly string[]): Promise<BusinessDocument[]> {
    if (businessIds && !businessIds.length) return Promise.resolve([]);
    return this.repo.expiringBetween(asOf, addDays(asOf, days), businessIds);
  }

  /** Documents of some types (all dates), for judging many orders of one business at once. */
  ofTypes(businessId: string, types: readonly DocumentType[]): Promise<BusinessDocument[]> {
    return this.repo.list(businessId, types);
  }
}
