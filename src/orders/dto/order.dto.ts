import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { MATERIALS, PRODUCT_CATEGORIES, SHIPPING_CHANNELS } from '../../common/reference-data';
import { IsWibDate } from '../../common/validation';
import { DECLARATIONS, DECLARED_BY, ORIGIN_CERTIFICATES } from '../../pathway/pathway.types';
import { WARNING_CODES } from '../order-advice';

/** Documentation of the order body; validation is the pure validateOrder() shared with bulk and CSV. */
export class CreateOrderDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Required with a staff key; a business key logs for its own business' }) businessId?: string;
  @ApiPropertyOptional({ maxLength: 100, description: 'Unique per business; posting it again returns the existing order' }) externalRef?: string;
  @ApiProperty({ example: '2026-11-20T14:30:00+07:00', description: 'ISO date (that day in WIB) or date-time; not in the future' }) orderedAt: string;
  @ApiProperty({ example: 'MY', description: 'ISO 3166-1 alpha-2, not ID' }) destinationCountry: string;
  @ApiProperty({ example: '@kedai.kulit.kl', maxLength: 200, description: 'Buyer handle, name or email; compared ignoring case and spaces' }) buyerRef: string;
  @ApiProperty({ enum: PRODUCT_CATEGORIES }) productCategory: string;
  @ApiProperty({ enum: MATERIALS }) material: string;
  @ApiProperty({ minimum: 1, maximum: 100000 }) quantity: number;
  @ApiProperty({ example: '1450.00', oneOf: [{ type: 'string' }, { type: 'number' }], description: 'Total order value in currency, > 0' }) amount: string;
  @ApiProperty({ example: 'MYR', description: 'ISO 4217 code with a known rate' }) currency: string;
  @ApiProperty({ enum: SHIPPING_CHANNELS }) shippingChannel: string;
  @ApiPropertyOptional({ minimum: 0, exclusiveMinimum: true, maximum: 10000 }) weightKg?: number;
  @ApiPropertyOptional({ example: '4202.21', description: '4 to 10 digits' }) hsCode?: string;
  @ApiPropertyOptional({
    enum: DECLARATIONS,
    default: 'unknown',
    description: 'How the consignment was declared to customs: cn (consignment note), pkbk (inside a consolidated declaration), peb (export declaration)',
  })
  declaration?: string;
  @ApiPropertyOptional({ enum: DECLARED_BY, default: 'unknown', description: 'Who declared it' }) declaredBy?: string;
  @ApiPropertyOptional({ enum: ORIGIN_CERTIFICATES, default: 'none', description: 'Certificate of origin the consignment carried' }) originCertificate?: string;
}

export class BulkOrdersDto {
  @ApiPropertyOptional({ format: 'uuid' }) businessId?: string;
  @ApiProperty({ type: [CreateOrderDto], maxItems: 5000 }) orders: CreateOrderDto[];
}

export class WarningMessageDto {
  @ApiProperty({ description: 'Indonesian' }) id: string;
  @ApiProperty({ description: 'English' }) en: string;
}

export class OrderWarningDto {
  @ApiProperty({
    enum: WARNING_CODES,
    description:
      'The rule: peb_required (a business must use a PEB above 30 kg), cn_personal_limit ' +
      '(China clears parcels above about CNY 1,000 as commercial goods), wildlife_permit_missing (no valid permit document on the order date)',
  })
  code: string;
  @ApiProperty({ example: 'declaration', description: 'The order field the warning is about' }) field: string;
  @ApiProperty({ type: WarningMessageDto }) message: WarningMessageDto;
  @ApiPropertyOptional({ example: 30, description: 'peb_required: the weight line in kg' }) limitKg?: number;
  @ApiPropertyOptional({ example: 1000, description: 'cn_personal_limit: the personal-parcel limit in CNY' }) limitCny?: number;
  @ApiPropertyOptional({ example: 1450.25, description: 'cn_personal_limit: the order value in CNY at the rates in force on orderedOn' }) valueCny?: number;
  @ApiPropertyOptional({ example: 'sats_ln_dealer_licence', description: 'wildlife_permit_missing: the document type needed' }) documentType?: string;
}

export class RowWarningsDto {
  @ApiProperty({ description: '0-based index in orders (bulk) or 1-based data row number (CSV)' }) index: number;
  @ApiProperty({ type: [OrderWarningDto] }) warnings: OrderWarningDto[];
}

export class RejectedRowDto {
  @ApiProperty({ description: '0-based index in orders (bulk) or 1-based data row number (CSV)' }) index: number;
  @ApiProperty({ type: [String] }) errors: string[];
}

export class BulkResultDto {
  @ApiProperty() accepted: number;
  @ApiProperty() duplicates: number;
  @ApiProperty({ type: [RejectedRowDto] }) rejected: RejectedRowDto[];
  @ApiPropertyOptional({ description: 'Total rejected rows (the list stops at 10,000 entries)' }) rejectedCount?: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'CSV import id: progress at GET /orders/imports/:id' }) importId?: string;
  @ApiProperty({ type: [RowWarningsDto], description: 'Route advice for accepted rows (stored anyway), by index; the list stops at 10,000 rows' })
  warnings: RowWarningsDto[];
  @ApiPropertyOptional({ description: 'CSV: total rows with warnings' }) warnedCount?: number;
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) businessId: string;
  @ApiProperty({ nullable: true, type: String }) externalRef: string | null;
  @ApiProperty({ description: 'Instant (UTC ISO)' }) orderedAt: string;
  @ApiProperty({ description: 'WIB calendar date of orderedAt' }) orderedOn: string;
  @ApiProperty() destinationCountry: string;
  @ApiPropertyOptional({ description: 'Shown to the business itself only' }) buyerRef?: string;
  @ApiProperty({ description: 'Pseudonymous buyer id (keyed hash of the normalised buyer)' }) buyerId: string;
  @ApiProperty({ enum: PRODUCT_CATEGORIES }) productCategory: string;
  @ApiProperty({ enum: MATERIALS }) material: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ description: 'Exact decimal string' }) amount: string;
  @ApiProperty() currency: string;
  @ApiProperty({ description: 'Whole rupiah at the rate in force on orderedOn' }) valueIdr: number;
  @ApiProperty({ enum: SHIPPING_CHANNELS }) shippingChannel: string;
  @ApiProperty({ nullable: true, type: Number }) weightKg: number | null;
  @ApiProperty({ nullable: true, type: String }) hsCode: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) voidedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) voidReason: string | null;
  @ApiProperty({ enum: DECLARATIONS }) declaration: string;
  @ApiProperty({ enum: DECLARED_BY }) declaredBy: string;
  @ApiProperty({ enum: ORIGIN_CERTIFICATES }) originCertificate: string;
}

export class CreatedOrderDto extends OrderDto {
  @ApiProperty({ type: [OrderWarningDto], description: 'Route advice: the order is stored anyway (it already happened); empty when nothing applies' })
  warnings: OrderWarningDto[];
}

export class OrderListDto {
  @ApiProperty({ type: [OrderDto] }) items: OrderDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ListOrdersQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'businessId must be a UUID' })
  businessId?: string;
  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsWibDate()
  from?: string;
  @ApiPropertyOptional({ example: '2026-11-30' })
  @IsOptional()
  @IsWibDate()
  to?: string;
  @ApiPropertyOptional({ example: 'MY' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @Matches(/^[A-Z]{2}$/, { message: 'destinationCountry must be an ISO 3166-1 alpha-2 code' })
  destinationCountry?: string;
  @ApiPropertyOptional({ default: false, description: 'Include voided orders' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean()
  includeVoided?: boolean;
}

export class VoidOrderDto {
  @ApiProperty({ example: 'buyer cancelled', maxLength: 500 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class ImportProgressDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) businessId: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status: string;
  @ApiProperty() rowsProcessed: number;
  @ApiProperty() bytesRead: number;
  @ApiProperty() accepted: number;
  @ApiProperty() duplicates: number;
  @ApiProperty() rejected: number;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty() startedAt: string;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
}
