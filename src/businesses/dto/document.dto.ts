import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, ValidateBy, ValidationOptions } from 'class-validator';
import { IsWibDate } from '../../common/validation';
import { DOCUMENT_TYPES } from '../../pathway/pathway.types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Not before the date in another field of the same object (checked only when both are real dates). */
function NotBefore(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notBefore',
      constraints: [other],
      validator: {
        validate: (v, a) => {
          const from = (a?.object as Record<string, unknown> | undefined)?.[other];
          return typeof v !== 'string' || typeof from !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(from) || from <= v;
        },
        defaultMessage: (a) => `${a?.property} must be on or after ${other}`,
      },
    },
    options,
  );
}

export class CreateDocumentDto {
  @ApiProperty({ enum: DOCUMENT_TYPES, example: 'sats_ln_dealer_licence' })
  @IsIn(DOCUMENT_TYPES as unknown as string[], { message: `type must be one of ${DOCUMENT_TYPES.join(', ')}` })
  type: string;

  @ApiPropertyOptional({ example: 'SK.123/KSDAE/2026', maxLength: 100, description: 'The document number as printed' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  number?: string;

  @ApiPropertyOptional({ example: '2026-01-15', description: 'First day it counts (WIB date); absent: counts from any date' })
  @IsOptional()
  @IsWibDate()
  issuedOn?: string;

  @ApiPropertyOptional({ example: '2027-01-14', description: 'Last day it counts (WIB date), on or after issuedOn; absent: no end' })
  @IsOptional()
  @IsWibDate()
  @NotBefore('issuedOn')
  expiresOn?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) businessId: string;
  @ApiProperty({ enum: DOCUMENT_TYPES }) type: string;
  @ApiProperty({ nullable: true, type: String }) number: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-01-15' }) issuedOn: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2027-01-14' }) expiresOn: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ description: 'Instant (UTC ISO) it was registered' }) createdAt: string;
}

export class DocumentListDto {
  @ApiProperty({ type: [DocumentDto], description: 'Registered documents that were not removed, newest first (expired ones too)' })
  items: DocumentDto[];
}
