import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { FLAG_KINDS, FLAG_STATUSES, STAFF_STATUSES } from '../flag.types';
import { IsWibDate } from '../../common/validation';
import { RUNGS } from '../../pathway/pathway.types';

const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class LangQuery {
  @ApiPropertyOptional({ enum: ['id', 'en'], description: 'Language of reasons and checklist texts (default: Accept-Language, else Indonesian)' })
  @IsOptional()
  @IsIn(['id', 'en'])
  lang?: 'id' | 'en';
}

export class ListFlagsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: status open, in_review or paperwork_in_progress; false: the others' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  active?: boolean;
  @ApiPropertyOptional({ enum: FLAG_STATUSES })
  @IsOptional()
  @IsIn(FLAG_STATUSES as unknown as string[])
  status?: (typeof FLAG_STATUSES)[number];
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'businessId must be a UUID' })
  businessId?: string;
  @ApiPropertyOptional({ example: 'MY' })
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z]{2}$/, { message: 'market must be an ISO 3166-1 alpha-2 code' })
  market?: string;
  @ApiPropertyOptional({ enum: FLAG_KINDS })
  @IsOptional()
  @IsIn(FLAG_KINDS as unknown as string[])
  kind?: (typeof FLAG_KINDS)[number];
  @ApiPropertyOptional({ enum: ['id', 'en'] })
  @IsOptional()
  @IsIn(['id', 'en'])
  lang?: 'id' | 'en';
}

export class SignalDto {
  // OpenAPI 3.0 allows `nullable` only beside a `type`: null is one branch's
  @ApiProperty({
    oneOf: [
      { type: 'number', nullable: true },
      { type: 'array', items: { type: 'string' } },
    ],
  })
  value: unknown;
  @ApiProperty({ oneOf: [{ type: 'number', nullable: true }, { type: 'string' }] }) threshold: unknown;
  @ApiProperty() hit: boolean;
}

export class ChecklistItemDto {
  @ApiProperty({ example: 'SATS-LN' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty() reason: string;
}

export class SeriesPointDto {
  @ApiProperty({ example: '2026-W47' }) week: string;
  @ApiProperty() orders: number;
  @ApiProperty() valueIdr: number;
  @ApiProperty() buyers: number;
}

@ApiExtraModels(SignalDto)
export class FlagDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) businessId: string;
  @ApiProperty() businessName: string;
  @ApiProperty() district: string;
  @ApiProperty({ example: 'MY' }) market: string;
  @ApiProperty({ enum: FLAG_KINDS }) kind: string;
  @ApiProperty({ enum: FLAG_STATUSES }) status: string;
  @ApiProperty({ description: 'asOf of the run that raised it' }) raisedOn: string;
  @ApiProperty({ nullable: true, type: String }) resolvedOn: string | null;
  @ApiProperty() lastEvaluatedOn: string;
  @ApiProperty({ description: '0–100' }) score: number;
  @ApiProperty() ruleSetVersion: number;
  @ApiProperty({ type: [String], description: 'In the request language' }) reasons: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(SignalDto) },
    description:
      'The policy signals, plus `capacityUse` (advice only, read by no decision): average units a month of the last three full calendar months (WIB, ' +
      'every market) ÷ the sum of the business’s monthlyCapacity; threshold = rule set scorecard.capacityCoachingShare; hit when above it. ' +
      'No capacity declared (or a sum of 0): value null, hit false. Above the line the weekly list suggests productivity_coaching.',
  })
  signals: Record<string, SignalDto>;
  @ApiProperty({ type: [ChecklistItemDto] }) checklist: ChecklistItemDto[];
  @ApiProperty({ type: [SeriesPointDto], description: 'Last 26 ISO weeks (WIB) to this market' }) series: SeriesPointDto[];
  @ApiProperty({ type: [String], description: 'Orders behind the claim (last 13 weeks, newest first, at most 50)' }) evidenceOrderIds: string[];
  @ApiProperty({ enum: RUNGS, nullable: true, description: "The market's export-ladder rung at the last evaluation (null before the ladder)" })
  rung: string | null;
  @ApiProperty({ enum: RUNGS, nullable: true, description: 'The rung above; null on the top rung' }) nextRung: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Hidden from follow-up until this WIB date' }) snoozedUntil: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class FlagListDto {
  @ApiProperty({ type: [FlagDto] }) items: FlagDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class UpdateFlagDto {
  @ApiProperty({ enum: STAFF_STATUSES, description: '`resolved` is set by the engine only; open reopens a formal_exporter or dismissed flag' })
  @IsIn(STAFF_STATUSES as unknown as string[], { message: `status must be one of ${STAFF_STATUSES.join(', ')} (resolved is set by the engine)` })
  status: (typeof STAFF_STATUSES)[number];
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class SnoozeFlagDto {
  @ApiProperty({ example: '2026-12-31', description: 'WIB date after today; the flag stays hidden from follow-up until then' })
  @IsWibDate()
  until: string;
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(0, 2000)
  note?: string;
}

export class FlagEventDto {
  @ApiProperty({ description: 'Event id; increases in the order events were written' }) id: string;
  @ApiProperty() at: string;
  @ApiProperty({ enum: ['raised', 'evaluated', 'resolved', 'status_changed', 'snoozed'] }) type: string;
  @ApiProperty({ description: 'system:watch for the engine, admin:env for the bootstrap key, <role>:user:<id> for a signed-in user, else <role>:<api key id>' })
  actor: string;
  @ApiProperty({
    description: "Who, for people: the user's name (or email), the API key's label, or the engine / bootstrap key by name, in the response language",
  })
  actorName: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: String }) fromStatus: string | null;
  @ApiProperty({ nullable: true, type: String }) toStatus: string | null;
  @ApiProperty({ nullable: true, type: String }) asOf: string | null;
  @ApiProperty({ nullable: true, type: String }) runId: string | null;
  @ApiProperty({ nullable: true, type: String }) decision: string | null;
  @ApiProperty({ nullable: true, type: Number }) score: number | null;
  @ApiProperty({ type: Object }) details: Record<string, unknown>;
}

export class FlagHistoryDto {
  @ApiProperty({ format: 'uuid' }) flagId: string;
  @ApiProperty({ type: [FlagEventDto] }) items: FlagEventDto[];
}
