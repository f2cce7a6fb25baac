import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class InviteUserDto {
  @ApiProperty({ example: 'sari@dinkopukm.rembangkab.go.id' })
  @IsEmail()
  @Length(3, 200)
  email: string;

  @ApiProperty({ enum: ['admin', 'officer', 'business'] })
  @IsIn(['admin', 'officer', 'business'])
  role: 'admin' | 'officer' | 'business';

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for role business' })
  @IsOptional()
  @IsUUID()
  businessId?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: ['id', 'en'], default: 'id' })
  @IsOptional()
  @IsIn(['id', 'en'])
  locale?: 'id' | 'en';
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ enum: ['admin', 'officer', 'business'] }) role: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) businessId: string | null;
  @ApiProperty({ enum: ['id', 'en'] }) locale: string;
  @ApiProperty({ description: 'false until the invite link has been used' }) active: boolean;
  @ApiProperty({ nullable: true, type: String }) lockedUntil: string | null;
  @ApiProperty({ nullable: true, type: String }) disabledAt: string | null;
  @ApiProperty() createdAt: string;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
}
