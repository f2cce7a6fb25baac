import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { canonicalDistrict, DISTRICTS, MATERIALS, PRODUCT_CATEGORIES } from '../../common/reference-data';
import { IsMonthlyCapacity, MAX_MONTHLY_UNITS, MonthlyCapacity } from './capacity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toDistrict = ({ value }: { value: unknown }) => (typeof value === 'string' ? (canonicalDistrict(value) ?? value) : value);

const CAPACITY_DOC = {
  type: 'object' as const,
  additionalProperties: { type: 'integer', minimum: 0, maximum: MAX_MONTHLY_UNITS },
  example: { bag: 40, wallet: 120 },
  description:
    `Declared production capacity, units per month per product category (keys: ${PRODUCT_CATEGORIES.join(', ')}; whole numbers ≥ 0). ` +
    'On PATCH the object replaces the stored one whole; {} clears it. Sum = capacityUnits of the scorecard and the denominator of the capacityUse signal.',
};

export class CreateBusinessDto {
  @ApiProperty({ example: 'Ulla Leather', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: DISTRICTS, description: 'Kecamatan in Rembang; any casing is accepted and stored canonical' })
  @Transform(toDistrict)
  @IsIn(DISTRICTS as unknown as string[], { message: `district must be one of Rembang's kecamatan: ${DISTRICTS.join(', ')}` })
  district: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  ownerName?: string;

  @ApiPropertyOptional({ example: 'ulla@example.com' })
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+62 812 3456 7890' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(/^\+?[0-9][0-9 ()-]{5,24}$/, { message: 'phone must be digits with optional +, spaces, dashes or brackets (6 to 25 characters)' })
  phone?: string;

  @ApiPropertyOptional({ example: '9120001234567', description: 'Nomor Induk Berusaha: 13 digits' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(/^\d{13}$/, { message: 'nib must be 13 digits' })
  nib?: string;

  @ApiPropertyOptional({
    default: false,
    description:
      'NIB registered with customs access (INSW shows REC CEISA). Kept for compatibility: the register of documents decides. ' +
      'true registers an undated nib_customs_access document with note "from hasCustomsAccess" (unless one is valid today); ' +
      'false removes every nib_customs_access document of the business. Prefer POST /businesses/{id}/documents with number and dates.',
  })
  @IsOptional()
  @IsBoolean()
  hasCustomsAccess?: boolean;

  @ApiPropertyOptional({ enum: MATERIALS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MATERIALS.length)
  @ArrayUnique()
  @IsIn(MATERIALS as unknown as string[], { each: true, message: `materials must each be one of ${MATERIALS.join(', ')}` })
  materials?: string[];

  @ApiPropertyOptional(CAPACITY_DOC)
  @IsOptional()
  @IsMonthlyCapacity()
  monthlyCapacity?: MonthlyCapacity;
}

export class UpdateBusinessDto extends PartialType(CreateBusinessDto) {}

export class ListBusinessesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DISTRICTS })
  @IsOptional()
  @Transform(toDistrict)
  @IsIn(DISTRICTS as unknown as string[], { message: `district must be one of Rembang's kecamatan: ${DISTRICTS.join(', ')}` })
  district?: string;

  @ApiPropertyOptional({ description: 'case-insensitive part of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class BusinessDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: DISTRICTS }) district: string;
  @ApiProperty({ nullable: true, type: String }) ownerName: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) nib: string | null;
  @ApiProperty({ description: 'Derived: a nib_customs_access document of the register is valid today (WIB)' }) hasCustomsAccess: boolean;
  @ApiProperty({ enum: MATERIALS, isArray: true }) materials: string[];
  @ApiProperty({ ...CAPACITY_DOC, description: 'Declared production capacity per product category, units per month ({} when none declared)' })
  monthlyCapacity: MonthlyCapacity;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class BusinessListDto {
  @ApiProperty({ type: [BusinessDto] }) items: BusinessDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
