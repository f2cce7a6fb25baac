import { ApiProperty } from '@nestjs/swagger';
import { PathwayQuery } from '../../pathway/dto/pathway.dto';

/** asOf (WIB date, not in the future; default yesterday) and lang of the reasons, as the ladder takes them. */
export class ScorecardQuery extends PathwayQuery {}

export class ScorecardMonthDto {
  @ApiProperty({ example: '2026-11', description: 'Calendar month in WIB (ordered_on is a WIB date)' }) month: string;
  @ApiProperty({ description: 'Non-voided orders ordered in the month (up to asOf in asOf’s month)' }) orders: number;
  @ApiProperty({ description: 'Sum of their quantity' }) units: number;
  @ApiProperty({ description: 'Sum of their value in IDR' }) valueIdr: number;
  @ApiProperty({ description: 'Distinct buyers (buyer_key) with an order in the month' }) buyers: number;
  @ApiProperty({
    description: 'Buyers of the month who have more than one non-voided order in the whole 12-month window (in this month or any other of the 12)',
  })
  repeatBuyers: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Sum of the business’s declared monthlyCapacity; null when none is declared' })
  capacityUnits: number | null;
  @ApiProperty({ description: 'The current rule set’s scorecard.monthlyTargetIdr' }) targetValueIdr: number;
}

export class KScoreDto {
  @ApiProperty({ nullable: true, type: Number, description: 'null for kualitas when there were no orders in the 12 months' }) value: number | null;
  @ApiProperty() target: number;
  @ApiProperty({ description: 'value ≥ target' }) hit: boolean;
  @ApiProperty({ description: 'In the request language, naming the numbers' }) reason: string;
}

export class ScorecardDto {
  @ApiProperty({ format: 'uuid' }) businessId: string;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ type: [ScorecardMonthDto], description: 'The 12 calendar months up to asOf, asOf’s month included, oldest first' })
  months: ScorecardMonthDto[];
  @ApiProperty({
    type: KScoreDto,
    description: 'Share (0–1) of the 12 months’ orders placed by buyers with more than one order in the 12 months; target scorecard.kualitasMinRepeatShare',
  })
  kualitas: KScoreDto;
  @ApiProperty({
    type: KScoreDto,
    description:
      'Average monthly value (IDR) of the last three full months (a month is full when its last day is on or before asOf); target scorecard.monthlyTargetIdr',
  })
  kuantitas: KScoreDto;
  @ApiProperty({ type: KScoreDto, description: 'Months with at least one order among the last six full months; target scorecard.kontinuitasMinMonths' })
  kontinuitas: KScoreDto;
}
