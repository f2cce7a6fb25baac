import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { canonicalDistrict, DISTRICTS } from '../../common/reference-data';
import { IsWibDate } from '../../common/validation';
import { ACTIVITY_TYPES, ActivityType, DUE_FILTERS, DueFilter, KPI_METRICS, KpiMetric, Programme, PROGRAMMES } from '../casework.types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toDistrict = ({ value }: { value: unknown }) => (typeof value === 'string' ? (canonicalDistrict(value) ?? value) : value);
const DISTRICT_RULE = { message: `district must be one of Rembang's kecamatan: ${DISTRICTS.join(', ')}` };

export class CreateActivityDto {
  @ApiProperty({ enum: ACTIVITY_TYPES })
  @IsIn(ACTIVITY_TYPES as unknown as string[], { message: `type must be one of ${ACTIVITY_TYPES.join(', ')}` })
  type!: ActivityType;

  @ApiProperty({ example: '2026-11-24', description: 'the day it happened (WIB), not in the future' })
  @IsWibDate()
  on!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  note?: string;

  @ApiPropertyOptional({ enum: PROGRAMMES, description: 'the programme a referral, training or curation is about' })
  @IsOptional()
  @IsIn(PROGRAMMES as unknown as string[], { message: `programme must be one of ${PROGRAMMES.join(', ')}` })
  programme?: Programme;

  @ApiPropertyOptional({ format: 'uuid', description: 'the flag this activity is about (a flag of the same business)' })
  @IsOptional()
  @IsUUID('all', { message: 'flagId must be a UUID' })
  flagId?: string;

  @ApiPropertyOptional({ example: '2026-12-15', description: 'follow up by this day (WIB)' })
  @IsOptional()
  @IsWibDate()
  dueOn?: string;
}

export class UpdateActivityDto {
  @ApiPropertyOptional({ example: '2026-12-10', description: 'done on this day (WIB), not before the activity, not in the future' })
  @IsOptional()
  @IsWibDate()
  doneOn?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  outcome?: string;

  @ApiPropertyOptional({ example: '2027-01-15' })
  @IsOptional()
  @IsWibDate()
  dueOn?: string;

  @ApiPropertyOptional({ description: 'a referral or training the business completed: schedules follow-ups at 3, 6 and 12 months after doneOn' })
  @IsOptional()
  @IsBoolean()
  graduated?: boolean;
}

export class DueActivitiesQuery {
  @ApiProperty({ enum: DUE_FILTERS })
  @IsIn(DUE_FILTERS as unknown as string[], { message: `due must be one of ${DUE_FILTERS.join(', ')}` })
  due!: DueFilter;

  @ApiPropertyOptional({ enum: DISTRICTS })
  @IsOptional()
  @Transform(toDistrict)
  @IsIn(DISTRICTS as unknown as string[], DISTRICT_RULE)
  district?: string;
}

export class KpiQuery {
  @ApiProperty({ example: '2026-01-01' }) @IsWibDate() from!: string;
  @ApiProperty({ example: '2026-12-31' }) @IsWibDate() to!: string;
}

export class SetKpiTargetDto {
  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
  @ApiProperty({ enum: KPI_METRICS })
  @IsIn(KPI_METRICS as unknown as string[], { message: `metric must be one of ${KPI_METRICS.join(', ')}` })
  metric!: KpiMetric;
  @ApiProperty({ example: 30, description: 'the count the department aims for in that year' })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  target!: number;
}

export class ActivityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) businessId!: string;
  @ApiProperty() businessName!: string;
  @ApiProperty() district!: string;
  @ApiProperty({ enum: ACTIVITY_TYPES }) type!: ActivityType;
  @ApiProperty() on!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, enum: PROGRAMMES }) programme!: Programme | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) flagId!: string | null;
  @ApiProperty({ nullable: true, type: String }) dueOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) doneOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) outcome!: string | null;
  @ApiProperty() graduated!: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'set on follow-ups the product scheduled itself' }) autoReason!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ description: 'who logged it (actor label)' }) createdBy!: string;
}

export class ActivityListDto {
  @ApiProperty({ type: [ActivityDto] }) items!: ActivityDto[];
}
