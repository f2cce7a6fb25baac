import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsWibDate } from '../../common/validation';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class CreateRateDto {
  @ApiProperty({ example: 'MYR', description: 'ISO 4217 code' })
  @Transform(upper)
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a 3-letter ISO 4217 code' })
  currency: string;

  @ApiProperty({ example: '2026-11-25', description: 'First WIB day this rate is in force (e.g. the Kurs Pajak week start)' })
  @IsString()
  @IsWibDate()
  validFrom: string;

  @ApiProperty({ example: '3731.25', description: 'Rupiah per one unit of the currency; decimal string or number > 0' })
  @Transform(({ value }) => (typeof value === 'number' ? String(value) : value))
  @IsString()
  @Matches(/^(?!0+(\.0+)?$)\d{1,12}(\.\d{1,8})?$/, { message: 'idrPerUnit must be a positive decimal with at most 12 integer and 8 fraction digits' })
  idrPerUnit: string;

  @ApiPropertyOptional({ example: 'Kurs Pajak KMK 2026-11-25' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  source?: string;
}

export class ListRatesQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be a 3-letter ISO 4217 code' })
  currency?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsWibDate()
  from?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsWibDate()
  to?: string;
  @ApiPropertyOptional({ default: 200, maximum: 2000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2000)
  limit?: number;
}

export class RateDto {
  @ApiProperty() currency: string;
  @ApiProperty() validFrom: string;
  @ApiProperty({ description: 'IDR per unit, decimal string' }) idrPerUnit: string;
  @ApiProperty() source: string;
  @ApiProperty() createdAt: string;
}

export class RateListDto {
  @ApiProperty({ type: [RateDto] }) items: RateDto[];
}
