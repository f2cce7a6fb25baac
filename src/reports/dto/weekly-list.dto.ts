import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { canonicalDistrict, DISTRICTS } from '../../common/reference-data';
import { RUNGS } from '../../pathway/pathway.types';
import { JointExportWeekDto } from './joint-export.dto';
import { CHANGES, SUGGESTED_ACTIONS, WEEKLY_LIST_SCHEMA_VERSION } from '../report.types';

const toDistrict = ({ value }: { value: unknown }) => (typeof value === 'string' ? (canonicalDistrict(value) ?? value) : value);
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class WeeklyListQuery {
  @ApiPropertyOptional({ enum: DISTRICTS, description: 'Kecamatan filter (any casing)' })
  @IsOptional()
  @Transform(toDistrict)
  @IsIn(DISTRICTS as unknown as string[], { message: `district must be one of Rembang's kecamatan: ${DISTRICTS.join(', ')}` })
  district?: string;

  @ApiPropertyOptional({ example: 'MY', description: 'Destination market, ISO 3166-1 alpha-2' })
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z]{2}$/, { message: 'market must be an ISO 3166-1 alpha-2 code' })
  market?: string;

  @ApiPropertyOptional({ enum: ['readiness', 'compliance'] })
  @IsOptional()
  @IsIn(['readiness', 'compliance'], { message: 'kind must be readiness or compliance' })
  kind?: string;

  @ApiPropertyOptional({ enum: CHANGES })
  @IsOptional()
  @IsIn(CHANGES as unknown as string[], { message: 'change must be one of new, continuing, resolved' })
  change?: string;

  @ApiPropertyOptional({ enum: ['id', 'en'], default: 'id', description: 'Language of reasons, checklist and suggestedActionText' })
  @IsOptional()
  @IsIn(['id', 'en'], { message: 'lang must be id or en' })
  lang?: 'id' | 'en';
}

export class ChecklistItemDto {
  @ApiProperty({
    example: 'SATS-LN',
    description: 'Paperwork catalog code (NIB, PEB, CN, SKA-D, SKA-E, SATS-LN, KKP-RAY, CITES-IMPORT, CN-COMMERCIAL, MY-LVG …)',
  })
  code: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Why this business needs it now' }) reason: string;
}

export class SeriesPointDto {
  @ApiProperty({ example: '2026-W47' }) week: string;
  @ApiProperty() orders: number;
  @ApiProperty({ description: 'Whole rupiah' }) valueIdr: number;
}

export class RungChangeDto {
  @ApiProperty({ enum: RUNGS }) from: string;
  @ApiProperty({ enum: RUNGS }) to: string;
}

export class RungUpDto {
  @ApiProperty({ format: 'uuid' }) businessId: string;
  @ApiProperty() businessName: string;
  @ApiProperty({ enum: DISTRICTS }) district: string;
  @ApiProperty({ example: 'MY' }) market: string;
  @ApiProperty({ enum: RUNGS }) from: string;
  @ApiProperty({ enum: RUNGS }) to: string;
  @ApiProperty({ format: 'date', description: 'asOf of the run that saw the climb' }) asOf: string;
}

export class WeeklyListItemDto {
  @ApiProperty({ format: 'uuid' }) flagId: string;
  @ApiProperty({ format: 'uuid' }) businessId: string;
  @ApiProperty() businessName: string;
  @ApiProperty({ enum: DISTRICTS, description: 'Kecamatan' }) district: string;
  @ApiProperty({ example: 'MY', description: 'Destination market, ISO 3166-1 alpha-2' }) market: string;
  @ApiProperty({ enum: ['readiness', 'compliance'] }) kind: string;
  @ApiProperty({ enum: CHANGES, description: 'Against the previous published week' }) change: string;
  @ApiProperty({
    enum: ['open', 'in_review', 'paperwork_in_progress', 'formal_exporter', 'dismissed', 'resolved'],
    description: 'Flag status when the list was frozen',
  })
  status: string;
  @ApiProperty({ type: Number }) score: number;
  @ApiProperty({ description: 'Orders in the ISO week (WIB) to this market' }) ordersThisWeek: number;
  @ApiProperty({ description: 'Orders over the 13 weeks ending with this week' }) orders13w: number;
  @ApiProperty({ description: 'Value over 13 weeks, whole rupiah' }) value13wIdr: number;
  @ApiProperty({ description: 'Buyers with more than one order in the window' }) repeatBuyers: number;
  @ApiProperty({ nullable: true, type: Number }) heaviestParcelKg: number | null;
  @ApiProperty({ type: [String], example: ['snakeskin'] }) wildlifeMaterials: string[];
  @ApiProperty({ type: [String], description: 'Names of the signals that hit' }) signalsHit: string[];
  @ApiProperty({ type: [String], description: 'Why the business is on the list, with numbers (in lang)' }) reasons: string[];
  @ApiProperty({ type: [ChecklistItemDto], description: 'Missing paperwork' }) checklist: ChecklistItemDto[];
  @ApiProperty({ enum: SUGGESTED_ACTIONS }) suggestedAction: string;
  @ApiProperty() suggestedActionText: string;
  @ApiProperty({ format: 'date' }) raisedOn: string;
  @ApiProperty({ format: 'date', nullable: true, type: String }) resolvedOn: string | null;
  @ApiProperty({ type: [SeriesPointDto], description: 'Up to 13 weeks of orders and value to this market, oldest first' }) series: SeriesPointDto[];
  @ApiProperty({ enum: RUNGS, nullable: true, description: "The market's export-ladder rung (null on lists frozen before the ladder)" }) rung: string | null;
  @ApiProperty({ enum: RUNGS, nullable: true, description: 'The rung above; null on the top rung' }) nextRung: string | null;
  @ApiProperty({ type: RungChangeDto, nullable: true, description: '"Naik kelas": the rung climbed on this market during the week' })
  rungChange: RungChangeDto | null;
}

export class ChangeCountsDto {
  @ApiProperty() total: number;
  @ApiProperty() new: number;
  @ApiProperty() continuing: number;
  @ApiProperty() resolved: number;
}

export class WeeklyListDto {
  @ApiProperty({ example: WEEKLY_LIST_SCHEMA_VERSION, description: 'Version of this JSON shape; bumped on incompatible changes' }) schemaVersion: number;
  @ApiProperty({ example: '2026-W47' }) week: string;
  @ApiProperty({ format: 'date', description: 'Monday (WIB)' }) weekStart: string;
  @ApiProperty({ format: 'date', description: 'Sunday (WIB) = asOf of the run' }) weekEnd: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ nullable: true, type: Number }) ruleSetVersion: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'The list the change column compares with' }) previousWeek: string | null;
  @ApiProperty({ enum: ['id', 'en'] }) lang: string;
  @ApiProperty({ type: ChangeCountsDto, description: 'Counts of the whole list (before filters)' }) counts: ChangeCountsDto;
  @ApiProperty({ type: [WeeklyListItemDto] }) items: WeeklyListItemDto[];
  @ApiProperty({ type: [RungUpDto], description: '"Naik kelas": every business × market that climbed a rung in the week (district / market filters apply)' })
  rungUps: RungUpDto[];
  @ApiProperty({
    type: JointExportWeekDto,
    description: 'Joint export: new candidates and group changes of the week, frozen at publication (district / market filters apply)',
  })
  jointExport: JointExportWeekDto;
}

export class PublishedWeekDto {
  @ApiProperty() week: string;
  @ApiProperty({ format: 'date' }) weekStart: string;
  @ApiProperty({ format: 'date' }) weekEnd: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty() schemaVersion: number;
  @ApiProperty({ nullable: true, type: Number }) ruleSetVersion: number | null;
  @ApiProperty({ type: ChangeCountsDto }) counts: ChangeCountsDto;
}

export class PublishedWeekListDto {
  @ApiProperty({ type: [PublishedWeekDto], description: 'Newest first' }) items: PublishedWeekDto[];
}

export class PublishResultDto {
  @ApiProperty() week: string;
  @ApiProperty({ enum: ['published', 'already_published', 'no_completed_run'] }) outcome: string;
}
