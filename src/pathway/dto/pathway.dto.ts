import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsWibDate } from '../../common/validation';
import { DECLARATIONS, DECLARED_BY, DOCUMENT_TYPES, ORIGIN_CERTIFICATES, RUNGS } from '../pathway.types';

export class PathwayQuery {
  @ApiPropertyOptional({ example: '2026-11-22', description: 'WIB date, not in the future; default yesterday (WIB)' })
  @IsOptional()
  @IsWibDate()
  asOf?: string;
  @ApiPropertyOptional({ enum: ['id', 'en'], description: 'Language of step titles and reasons (default: Accept-Language, else Indonesian)' })
  @IsOptional()
  @IsIn(['id', 'en'])
  lang?: 'id' | 'en';
}

export class TextDto {
  @ApiProperty() id: string;
  @ApiProperty() en: string;
}

export class EvidenceOrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) orderedOn: string;
  @ApiProperty({ enum: DECLARATIONS }) declaration: string;
  @ApiProperty({ enum: DECLARED_BY }) declaredBy: string;
  @ApiProperty({ enum: ORIGIN_CERTIFICATES }) originCertificate: string;
}

export class EvidenceDocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: DOCUMENT_TYPES }) type: string;
  @ApiProperty({ nullable: true, type: String }) number: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) expiresOn: string | null;
}

export class RungEvidenceDto {
  @ApiProperty({ type: TextDto, description: 'The rule of the ladder that holds, in Indonesian and English' }) rule: TextDto;
  @ApiProperty({ type: [EvidenceOrderDto], description: 'Orders satisfying the rule, newest first, at most 5' }) orders: EvidenceOrderDto[];
  @ApiProperty({ description: 'How many orders in the window satisfy the rule' }) ordersMatching: number;
  @ApiProperty({ type: [EvidenceDocumentDto], description: 'Documents valid on asOf that the rule needs' }) documents: EvidenceDocumentDto[];
}

export class PathwayStepDto {
  @ApiProperty({ example: 'PEB' }) code: string;
  @ApiProperty({ description: 'In the request language' }) title: string;
  @ApiProperty({ description: 'Why, in the request language' }) reason: string;
  @ApiPropertyOptional({ description: 'Who issues it' }) issuer?: string;
}

export class NextRungDto {
  @ApiProperty({ enum: RUNGS }) rung: string;
  @ApiProperty({ type: [PathwayStepDto], description: "The next rung's paperwork plus the wildlife permits its materials need" }) steps: PathwayStepDto[];
}

export class PathwayMarketDto {
  @ApiProperty({ example: 'MY' }) market: string;
  @ApiProperty({ enum: RUNGS }) rung: string;
  @ApiProperty({ minimum: 0, maximum: 6 }) rungIndex: number;
  @ApiProperty({ type: RungEvidenceDto }) evidence: RungEvidenceDto;
  @ApiProperty({ type: NextRungDto, nullable: true, description: 'null on the top rung' }) next: NextRungDto | null;
}

export class PathwayDto {
  @ApiProperty({ format: 'uuid' }) businessId: string;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ type: [PathwayMarketDto], description: 'One per market with live orders in the 26 weeks up to asOf' }) markets: PathwayMarketDto[];
}
