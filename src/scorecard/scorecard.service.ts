import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { BusinessesService } from '../businesses/businesses.service';
import { capacityTotal } from '../businesses/dto/capacity';
import type { Lang } from '../flags/i18n';
import { RuleSetsRepository } from '../flags/rule-sets.repository';
import { scorecardOf } from '../flags/scorecard-params';
import { PathwayService } from '../pathway/pathway.service';
import type { KScoreDto, ScorecardDto } from './dto/scorecard.dto';
import { buildScorecard, firstScorecardMonth, KScore, Scorecard } from './scorecard';
import { ScorecardRepository } from './scorecard.repository';

const say = (k: KScore, lang: Lang): KScoreDto => ({ ...k, reason: k.reason[lang] });

/** The 3K scorecard of one business: 12 months against its capacity and the current rule set's targets. */
@Injectable()
export class ScorecardService {
  constructor(
    private readonly businesses: BusinessesService,
    private readonly repo: ScorecardRepository,
    private readonly ruleSets: RuleSetsRepository,
    private readonly pathway: PathwayService,
  ) {}

  /** Staff read any business; a business key its own (another's: 404). asOf as the ladder takes it (default yesterday WIB). */
  async get(actor: Actor, businessId: string, asOfInput: string | undefined, lang: Lang): Promise<ScorecardDto> {
    const asOf = this.pathway.asOf(asOfInput);
    return this.toDto(await this.compute(actor, businessId, asOf), lang);
  }

  async compute(actor: Actor, businessId: string, asOf: string): Promise<Scorecard> {
    const business = await this.businesses.get(actor, businessId);
    const [rows, rules] = await Promise.all([this.repo.months(businessId, firstScorecardMonth(asOf), asOf), this.ruleSets.current()]);
    return buildScorecard(businessId, asOf, rows, capacityTotal(business.monthlyCapacity), scorecardOf(rules.params));
  }

  toDto(s: Scorecard, lang: Lang): ScorecardDto {
    return { ...s, kualitas: say(s.kualitas, lang), kuantitas: say(s.kuantitas, lang), kontinuitas: say(s.kontinuitas, lang) };
  }
}
