import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { InvalidInput, NotFound } from '../common/errors';
import { addDays, isValidDate, wibDate } from '../common/time';
import type { Lang } from '../flags/i18n';
import { PaperworkRepository } from '../flags/paperwork.repository';
import { toPathwayMarket } from './ladder';
import { PathwayRepository } from './pathway.repository';
import type { Pathway } from './pathway.types';

/** A business's place on the export ladder per market, as of a date. */
@Injectable()
export class PathwayService {
  constructor(
    private readonly clock: Clock,
    private readonly repo: PathwayRepository,
    private readonly paperwork: PaperworkRepository,
  ) {}

  /** The as-of a request asks for: a real WIB date not after today; default yesterday (WIB). */
  asOf(input: string | undefined): string {
    const today = wibDate(this.clock.now());
    if (input === undefined || input === '') return addDays(today, -1);
    if (!isValidDate(input)) throw new InvalidInput('asOf: must be a real date YYYY-MM-DD (a WIB day)');
    if (input > today) throw new InvalidInput(`asOf: must not be in the future (today is ${today} WIB)`);
    return input;
  }

  /** Staff read any business; a business key reads its own, another's is 404. */
  async get(actor: Actor, businessId: string, asOfInput: string | undefined, lang: Lang): Promise<Pathway> {
    const asOf = this.asOf(asOfInput);
    if ((actor.role === 'business' && actor.businessId !== businessId) || !(await this.repo.businessExists(businessId))) throw new NotFound('business');
    return this.forBusiness(businessId, asOf, lang);
  }

  /** The pathway without an access check (the owner's own page, staff pages). */
  async forBusiness(businessId: string, asOf: string, lang: Lang): Promise<Pathway> {
    const [rows, catalog] = await Promise.all([this.repo.rungsAsOf(asOf, [businessId]), this.paperwork.list(true)]);
    return { businessId, asOf, markets: rows.map((r) => toPathwayMarket(r, catalog, lang)) };
  }
}
