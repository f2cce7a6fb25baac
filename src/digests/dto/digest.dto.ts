import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { canonicalDistrict, COUNTRY_CODES, DISTRICTS, MATERIALS } from '../../common/reference-data';
import { isValidTimeZone } from '../schedule';
import { IsIsoWeek } from '../../common/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const districts = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? (canonicalDistrict(v) ?? v) : v)) : value;
const upperAll = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v)) : value);

@ValidatorConstraint({ name: 'timeZone' })
class TimeZoneRule implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    return typeof v === 'string' && isValidTimeZone(v);
  }
  defaultMessage(): string {
    return 'timeZone must be an IANA time zone such as Asia/Jakarta';
  }
}

@ValidatorConstraint({ name: 'countries' })
class CountriesRule implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    return Array.isArray(v) && v.every((c) => typeof c === 'string' && COUNTRY_CODES.has(c));
  }
  defaultMessage(): string {
    return 'markets must each be an ISO 3166-1 alpha-2 code';
  }
}

export class CreateSubscriptionDto {
  @ApiProperty({ example: 'petugas@dinkop.rembangkab.go.id' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ['id', 'en'], default: 'id' })
  @IsOptional()
  @IsIn(['id', 'en'], { message: 'locale must be id or en' })
  locale?: 'id' | 'en';

  @ApiPropertyOptional({ enum: DISTRICTS, isArray: true, description: 'Kecamatan filter (empty = all)' })
  @IsOptional()
  @Transform(districts)
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(DISTRICTS.length)
  @IsIn(DISTRICTS as unknown as string[], { each: true, message: `districts must each be one of Rembang's kecamatan: ${DISTRICTS.join(', ')}` })
  districts?: string[];

  @ApiPropertyOptional({ type: [String], example: ['MY', 'CN'], description: 'Destination markets (empty = all)' })
  @IsOptional()
  @Transform(upperAll)
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(50)
  @Validate(CountriesRule)
  markets?: string[];

  @ApiPropertyOptional({ enum: MATERIALS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(MATERIALS.length)
  @IsIn(MATERIALS as unknown as string[], { each: true, message: `materials must each be one of ${MATERIALS.join(', ')}` })
  materials?: string[];

  @ApiPropertyOptional({ enum: ['readiness', 'compliance'], isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(['readiness', 'compliance'], { each: true, message: 'kinds must each be readiness or compliance' })
  kinds?: string[];

  @ApiPropertyOptional({ enum: ['weekly', 'daily'], default: 'weekly', description: 'weekly: Mondays at sendAt; daily: every day at sendAt' })
  @IsOptional()
  @IsIn(['weekly', 'daily'], { message: 'cadence must be weekly or daily' })
  cadence?: 'weekly' | 'daily';

  @ApiPropertyOptional({ example: '07:00', default: '07:00', description: 'Local time HH:MM in timeZone' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'sendAt must be a time HH:MM (00:00 to 23:59)' })
  sendAt?: string;

  @ApiPropertyOptional({ example: 'Asia/Jakarta', default: 'Asia/Jakarta' })
  @IsOptional()
  @IsString()
  @Validate(TimeZoneRule)
  timeZone?: string;

  @ApiPropertyOptional({ default: true, description: 'Send a short digest when nothing changed (false: send none)' })
  @IsOptional()
  @IsBoolean()
  sendWhenEmpty?: boolean;
}

export class UpdateSubscriptionDto extends PartialType(CreateSubscriptionDto) {
  @ApiPropertyOptional({ description: 'false pauses the subscription (same as unsubscribing); true resumes it' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class SubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ enum: ['id', 'en'] }) locale: string;
  @ApiProperty({ type: [String] }) districts: string[];
  @ApiProperty({ type: [String] }) markets: string[];
  @ApiProperty({ type: [String] }) materials: string[];
  @ApiProperty({ type: [String] }) kinds: string[];
  @ApiProperty({ enum: ['weekly', 'daily'] }) cadence: string;
  @ApiProperty({ example: '07:00' }) sendAt: string;
  @ApiProperty({ example: 'Asia/Jakarta' }) timeZone: string;
  @ApiProperty() sendWhenEmpty: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String }) unsubscribedAt: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class SubscriptionListDto {
  @ApiProperty({ type: [SubscriptionDto] }) items: SubscriptionDto[];
}

export class SendDigestDto {
  @ApiProperty({ example: '2026-W47' })
  @IsString()
  @IsIsoWeek()
  week: string;
}

export class SendDigestResultDto {
  @ApiProperty() week: string;
  @ApiProperty({ description: 'Deliveries created now' }) queued: number;
  @ApiProperty({ description: 'Subscribers who already had it (or want no digest for a week without changes)' }) alreadySentOrSkipped: number;
}

export class DigestDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) subscriptionId: string | null;
  @ApiProperty() email: string;
  @ApiProperty({ description: 'The weekly list the digest was built from' }) week: string;
  @ApiProperty({ description: 'Unique period key: the ISO week (weekly) or local date (daily)' }) period: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) sentAt: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() scheduledFor: string;
}

export class DigestDeliveryListDto {
  @ApiProperty({ type: [DigestDeliveryDto] }) items: DigestDeliveryDto[];
}

export class ListDigestDeliveriesQuery {
  @ApiPropertyOptional({ example: '2026-W47' })
  @IsOptional()
  @IsIsoWeek()
  week?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'subscriptionId must be a UUID' })
  subscriptionId?: string;

  @ApiPropertyOptional({ default: 200, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class DigestSettingsDto {
  @ApiProperty({ description: 'Send a notice (Indonesian) to a newly flagged business that has an email; off by default' })
  @IsBoolean()
  businessNoticesEnabled: boolean;
}
