import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

export class PublishRuleSetDto {
  @ApiProperty({ type: Object, description: 'Full parameter set (see GET /rule-sets/current for the shape); validated field by field' })
  @IsObject()
  params: Record<string, unknown>;
  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class RuleSetDto {
  @ApiProperty() version: number;
  @ApiProperty({
    type: Object,
    description:
      'The parameters. `scorecard` ({ monthlyTargetIdr, kualitasMinRepeatShare, kontinuitasMinMonths, capacityCoachingShare }) is shown with its ' +
      'effective values: a version published without it reads the defaults (Rp 20 000 000, 0.4, 4, 0.8).',
  })
  params: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() createdBy: string;
  @ApiProperty({ description: 'The highest version is the one runs use' }) current: boolean;
  @ApiProperty({
    type: Object,
    description:
      'Every parameter of `params` by its path (e.g. `readiness.enter.minCoverage`): `{ id, en, unit }`, what it means in Indonesian and English and its unit',
  })
  explain: Record<string, { id: string; en: string; unit: string }>;
}

export class RuleSetListDto {
  @ApiProperty({ type: [RuleSetDto] }) items: RuleSetDto[];
}

export class PaperworkTextDto {
  @ApiProperty() id: string;
  @ApiProperty() en: string;
}

export class PaperworkDto {
  @ApiProperty({ example: 'SKA-D' }) code: string;
  @ApiProperty({ type: PaperworkTextDto }) title: PaperworkTextDto;
  @ApiProperty() issuer: string;
  @ApiProperty({ type: PaperworkTextDto, description: 'Placeholders {market} {materials} {kg} {count}' }) reason: PaperworkTextDto;
  @ApiProperty({
    type: Object,
    description: 'Conditions: kinds, markets, materials, categories, minHeaviestKg, maxHeaviestKg, cnOverLimit, unlessCustomsAccess',
  })
  applies: Record<string, unknown>;
  @ApiProperty() sortOrder: number;
  @ApiProperty() active: boolean;
  @ApiPropertyOptional() updatedAt?: string;
  @ApiPropertyOptional() updatedBy?: string;
}

export class PaperworkListDto {
  @ApiProperty({ type: [PaperworkDto] }) items: PaperworkDto[];
}
