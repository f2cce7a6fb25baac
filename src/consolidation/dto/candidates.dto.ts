import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsWibDate } from '../../common/validation';
import { RUNGS } from '../../pathway/pathway.types';
import { JOINT_ROUTES } from '../consolidation.types';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class CandidatesQuery {
  @ApiPropertyOptional({ example: '2026-11-29', description: 'WIB date, not in the future; default yesterday (WIB)' })
  @IsOptional()
  @IsWibDate()
  asOf?: string;
  @ApiPropertyOptional({ example: 'SG', description: 'Destination market, ISO 3166-1 alpha-2' })
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z]{2}$/, { message: 'market must be an ISO 3166-1 alpha-2 code' })
  market?: string;
  @ApiPropertyOptional({ enum: ['id', 'en'], description: 'Language of reasons and checklist texts (default: Accept-Language, else Indonesian)' })
  @IsOptional()
  @IsIn(['id', 'en'])
  lang?: 'id' | 'en';
}

export class CandidateMemberDto {
  @ApiProperty({ format: 'uuid' }) businessId: string;
  @ApiProperty() businessName: string;
  @ApiProperty({ description: "The member's orders of the material to the market in the 13 weeks" }) orders13w: number;
  @ApiProperty() value13wIdr: number;
  @ApiProperty() weight13wKg: number;
  @ApiPropertyOptional({ description: 'Kecamatan' }) district?: string;
  @ApiPropertyOptional({ enum: RUNGS, description: "The member's rung in the market as of asOf" }) rung?: string;
  @ApiPropertyOptional({ description: 'Weeks with an order of the 13' }) activeWeeks13?: number;
  @ApiPropertyOptional({ description: 'Share (0–1) of the combined 13-week value' }) valueShare?: number;
}

export class CandidateCombinedDto {
  @ApiProperty() orders13w: number;
  @ApiProperty() value13wIdr: number;
  @ApiProperty() weight13wKg: number;
  @ApiProperty() activeWeeks13: number;
  @ApiProperty({ description: 'Buyers with at least repeatMinOrders orders in 13 weeks (a buyer of two members counts twice)' }) repeatBuyers: number;
}

export class CandidateChecklistItemDto {
  @ApiProperty({ example: 'PKBK' }) code: string;
  @ApiProperty({ description: 'In the request language' }) title: string;
  @ApiProperty({ description: 'Why, in the request language' }) reason: string;
}

export class CandidateDto {
  @ApiProperty({ example: 'SG:cotton', description: '"<market>:<material>"' }) key: string;
  @ApiProperty({ example: 'SG' }) market: string;
  @ApiProperty({ example: 'cotton' }) material: string;
  @ApiProperty({ type: [CandidateMemberDto] }) businesses: CandidateMemberDto[];
  @ApiProperty({ type: CandidateCombinedDto }) combined: CandidateCombinedDto;
  @ApiProperty({ description: 'Always true for a listed candidate: the combined orders meet the readiness enter conditions' }) meetsReadiness: boolean;
  @ApiProperty({ enum: JOINT_ROUTES }) suggestedRoute: string;
  @ApiPropertyOptional({ description: 'Why that route, in the request language' }) suggestedRouteReason?: string;
  @ApiProperty({ format: 'uuid', description: 'The member furthest up the export ladder in the market (ties: most active weeks, then orders)' })
  suggestedCoordinatorId: string;
  @ApiProperty({ type: [String], description: 'Combined numbers, each member share, the route and coordinator reasoning, the readiness checks' })
  reasons: string[];
  @ApiProperty({ type: [CandidateChecklistItemDto], description: "The route's paperwork plus the permits the material needs" })
  checklist: CandidateChecklistItemDto[];
}

export class CandidatesDto {
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ type: [CandidateDto] }) items: CandidateDto[];
}
