import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

export class CreateBusinessKeyDto {
  @ApiPropertyOptional({ example: 'Ulla phone app', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  label?: string;
}

export class CreateStaffKeyDto {
  @ApiProperty({ enum: ['admin', 'officer'] })
  @IsIn(['admin', 'officer'], { message: 'role must be admin or officer (business keys: POST /businesses/:id/api-keys)' })
  role: 'admin' | 'officer';

  @ApiPropertyOptional({ example: 'Dinas officer Sari', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  label?: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['admin', 'officer', 'business'] }) role: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) businessId: string | null;
  @ApiProperty({ nullable: true, type: String }) label: string | null;
  @ApiProperty({ description: 'First characters of the key, to recognise it' }) prefix: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) lastUsedAt: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'The secret key. Shown once; only its hash is stored.' }) key: string;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) items: ApiKeyDto[];
}
