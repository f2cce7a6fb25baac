import { Injectable } from '@nestjs/common';
import { Actor, actorLabel } from '../auth/actor';
import { AuditRepository } from '../audit/audit.repository';
import { InvalidInput, NotFound } from '../common/errors';
import { Db } from '../database/db';
import { PaperworkDto, RuleSetDto } from './dto/rule-set.dto';
import { FLAG_KINDS } from './flag.types';
import type { PaperworkApplies } from './paperwork-seed';
import { PaperworkRepository } from './paperwork.repository';
import { validateRuleSet } from './rule-set';
import { scorecardOf } from './scorecard-params';
import { explainRuleSet } from './rule-set-docs';
import { RuleSetRow, RuleSetsRepository } from './rule-sets.repository';

/** GET shows the effective values: a rule set published before the scorecard block reads its defaults. */
function toDto(r: RuleSetRow, currentVersion: number): RuleSetDto {
  const params = { ...r.params, scorecard: scorecardOf(r.params) };
  return {
    version: r.version,
    params: params as unknown as Record<string, unknown>,
    note: r.note,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    current: r.version === currentVersion,
    explain: explainRuleSet(params),
  };
}

const APPLIES_KEYS: Record<keyof PaperworkApplies, 'strings' | 'number' | 'boolean' | 'kinds'> = {
  kinds: 'kinds',
  markets: 'strings',
  materials: 'strings',
  categories: 'strings',
  minHeaviestKg: 'number',
  maxHeaviestKg: 'number',
  cnOverLimit: 'boolean',
  unlessCustomsAccess: 'boolean',
};

/** Rule set publication (versions are immutable) and the editable paperwork catalog. */
@Injectable()
export class RuleSetsService {
  constructor(
    private readonly db: Db,
    private readonly ruleSets: RuleSetsRepository,
    private readonly paperwork: PaperworkRepository,
    private readonly audit: AuditRepository,
  ) {}

  async list(): Promise<RuleSetDto[]> {
    const rows = await this.ruleSets.list();
    return rows.map((r) => toDto(r, rows[0]?.version ?? 0));
  }

  async current(): Promise<RuleSetDto> {
    const r = await this.ruleSets.current();
    return toDto(r, r.version);
  }

  async get(version: number): Promise<RuleSetDto> {
    const [r, cur] = await Promise.all([this.ruleSets.get(version), this.ruleSets.current()]);
    if (!r) throw new NotFound('rule set');
    return toDto(r, cur.version);
  }

  async publish(actor: Actor, params: unknown, note?: string): Promise<RuleSetDto> {
    const v = validateRuleSet(params);
    if (!v.ok) throw new InvalidInput(v.errors);
    const row = await this.db.tx(async (c) => {
      const r = await this.ruleSets.publish(v.params, note ?? null, actorLabel(actor), c);
      await this.audit.append(actor, { action: 'rule_set.published', entityType: 'rule_set', entityId: String(r.version) }, c);
      return r;
    });
    return toDto(row, row.version);
  }

  async listPaperwork(): Promise<PaperworkDto[]> {
    return (await this.paperwork.list(false)) as unknown as PaperworkDto[];
  }

  /** Creates or replaces one catalog entry (validated by hand: `applies` is a small condition language). */
  async putPaperwork(actor: Actor, code: string, body: unknown): Promise<PaperworkDto> {
    const errors: string[] = [];
    if (!/^[A-Z0-9][A-Z0-9-]{0,39}$/.test(code)) errors.push('code: 1–40 upper-case letters, digits and dashes');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON from a client, checked field by field below
    const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, any>;
    const allowed = new Set(['title', 'issuer', 'reason', 'applies', 'sortOrder', 'active']);
    for (const k of Object.keys(b)) if (!allowed.has(k)) errors.push(`${k}: unknown field (not allowed)`);
    for (const k of ['title', 'reason'] as const) {
      const t = b[k];
      if (!t || typeof t.id !== 'string' || typeof t.en !== 'string' || !t.id.trim() || !t.en.trim() || t.id.length > 500 || t.en.length > 500) {
        errors.push(`${k}: must be { id, en } with non-empty strings of at most 500 characters`);
      }
    }
    if (typeof b.issuer !== 'string' || !b.issuer.trim() || b.issuer.length > 200) errors.push('issuer: must be a non-empty string of at most 200 characters');
    if (b.sortOrder !== undefined && !Number.isInteger(b.sortOrder)) errors.push('sortOrder: must be an integer');
    if (b.active !== undefined && typeof b.active !== 'boolean') errors.push('active: must be a boolean');
    const applies = b.applies ?? {};
    if (typeof applies !== 'object' || Array.isArray(applies)) errors.push('applies: must be an object');
    else {
      for (const [k, v] of Object.entries(applies)) {
        const type = APPLIES_KEYS[k as keyof PaperworkApplies];
        if (!type) errors.push(`applies.${k}: unknown condition`);
        else if (type === 'strings' && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) errors.push(`applies.${k}: must be an array of strings`);
        else if (type === 'kinds' && !(Array.isArray(v) && v.every((x) => (FLAG_KINDS as readonly string[]).includes(x as string))))
          errors.push(`applies.${k}: must be an array of readiness | compliance`);
        else if (type === 'number' && (typeof v !== 'number' || v < 0)) errors.push(`applies.${k}: must be a number ≥ 0`);
        else if (type === 'boolean' && typeof v !== 'boolean') errors.push(`applies.${k}: must be a boolean`);
      }
    }
    if (errors.length) throw new InvalidInput(errors);
    const rec = await this.db.tx(async (c) => {
      const r = await this.paperwork.upsert(
        { code, title: b.title, issuer: b.issuer.trim(), reason: b.reason, applies, sortOrder: b.sortOrder ?? 100, active: b.active ?? true },
        actorLabel(actor),
        c,
      );
      await this.audit.append(actor, { action: 'paperwork.updated', entityType: 'paperwork', entityId: code }, c);
      return r;
    });
    return rec as unknown as PaperworkDto;
  }
}
