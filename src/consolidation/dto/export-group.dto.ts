import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  Validate,
  ValidateIf,
} from 'class-validator';
import { COUNTRY_CODES, MATERIALS } from '../../common/reference-data';
import { IsWibDate } from '../../common/validation';
import { RUNGS } from '../../pathway/pathway.types';
import { JOINT_ROUTES, JointRoute } from '../consolidation.types';

/** Members of one group: at least this many (a group of one exports alone)… */
export const MIN_GROUP_MEMBERS = 2;
/** …and at most this many. */
export const MAX_GROUP_MEMBERS = 50;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
const lowerAll = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)) : value);

@ValidatorConstraint({ name: 'isCountryCode' })
class CountryRule implements ValidatorConstraintInterface {
  validate(v: unknown): boolean {
    return typeof v === 'string' && COUNTRY_CODES.has(v) && v !== 'ID';
  }
  defaultMessage(): string {
    return 'market must be an ISO 3166-1 alpha-2 code of a country abroad (e.g. SG, MY)';
  }
}

const ROUTE_RULE = { message: `route must be one of ${JOINT_ROUTES.join(', ')}` };
const MemberIds = () =>
  applyDecorators(
    Transform(lowerAll),
    IsArray({ message: 'memberBusinessIds must be a list of business ids' }),
    ArrayMinSize(MIN_GROUP_MEMBERS, { message: `memberBusinessIds must name at least ${MIN_GROUP_MEMBERS} businesses (a group of one exports alone)` }),
    ArrayMaxSize(MAX_GROUP_MEMBERS, { message: `memberBusinessIds must name at most ${MAX_GROUP_MEMBERS} businesses` }),
    ArrayUnique((v: unknown) => v, { message: 'memberBusinessIds must not name a business twice' }),
    IsUUID('all', { each: true, message: 'memberBusinessIds must each be a business id (UUID)' }),
  );

/** The fields an officer may change on a group (PATCH, and the group page's edit form). */
export class UpdateExportGroupDto {
  @ApiPropertyOptional({ maxLength: 200, example: 'Batik Lasem ke Singapura' })
  @ValidateIf((o: UpdateExportGroupDto) => o.name !== undefined)
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'one of the members; null clears it' })
  @IsOptional()
  @Transform(lower)
  @IsUUID('all', { message: 'coordinatorBusinessId must be a business id (UUID)' })
  coordinatorBusinessId?: string | null;

  @ApiPropertyOptional({ enum: JOINT_ROUTES, nullable: true })
  @IsOptional()
  @IsIn(JOINT_ROUTES as unknown as string[], ROUTE_RULE)
  route?: JointRoute | null;

  @ApiPropertyOptional({ maxLength: 4000, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  note?: string | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'replaces the members (≥ 2, unique)' })
  @ValidateIf((o: UpdateExportGroupDto) => o.memberBusinessIds !== undefined)
  @MemberIds()
  memberBusinessIds?: string[];
}

export class CreateExportGroupDto {
  @ApiProperty({ maxLength: 200, example: 'Batik Lasem ke Singapura' })
  @Transform(trim)
  @IsString({ message: 'name must be text' })
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'SG', description: 'ISO 3166-1 alpha-2 code of the market abroad' })
  @Transform(upper)
  @Validate(CountryRule)
  market!: string;

  @ApiProperty({ enum: MATERIALS })
  @Transform(lower)
  @IsIn(MATERIALS as unknown as string[], { message: `material must be one of ${MATERIALS.join(', ')}` })
  material!: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 2,
    description: 'the members: ≥ 2 distinct businesses, none already in a group for this market × material',
  })
  @MemberIds()
  memberBusinessIds!: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'one of the members' })
  @IsOptional()
  @Transform(lower)
  @IsUUID('all', { message: 'coordinatorBusinessId must be a business id (UUID)' })
  coordinatorBusinessId?: string;

  @ApiPropertyOptional({ enum: JOINT_ROUTES })
  @IsOptional()
  @IsIn(JOINT_ROUTES as unknown as string[], ROUTE_RULE)
  route?: JointRoute;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  note?: string;

  @ApiPropertyOptional({ example: 'SG:cotton', description: 'the candidate the group was formed from ("<market>:<material>"; must match market and material)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(64)
  candidateKey?: string;
}

export class ExportGroupsQuery {
  @ApiPropertyOptional({ example: 'SG' })
  @IsOptional()
  @Transform(upper)
  @Validate(CountryRule)
  market?: string;

  @ApiPropertyOptional({ enum: MATERIALS })
  @IsOptional()
  @Transform(lower)
  @IsIn(MATERIALS as unknown as string[], { message: `material must be one of ${MATERIALS.join(', ')}` })
  material?: string;
}

export class ExportGroupQuery {
  @ApiPropertyOptional({ example: '2026-11-24', description: 'the series ends with this day’s week (WIB); default yesterday' })
  @IsOptional()
  @IsWibDate()
  asOf?: string;
}

export class ExportGroupMemberDto {
  @ApiProperty({ format: 'uuid' }) businessId!: string;
  @ApiProperty() businessName!: string;
  @ApiProperty() district!: string;
  @ApiProperty({ enum: RUNGS, description: "the member's rung in the group's market as of asOf" }) rung!: string;
  @ApiProperty({ format: 'date-time' }) joinedAt!: string;
}

export class ExportGroupSeriesPointDto {
  @ApiProperty({ example: '2026-W47' }) week!: string;
  @ApiProperty({ format: 'date', description: "the week's Monday (WIB)" }) weekStart!: string;
  @ApiProperty() orders!: number;
  @ApiProperty({ description: 'whole rupiah' }) valueIdr!: number;
  @ApiProperty({ description: 'distinct buyers (each member’s buyers counted apart)' }) buyers!: number;
}

export class ExportGroupDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'SG' }) market!: string;
  @ApiProperty({ enum: MATERIALS }) material!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) coordinatorBusinessId!: string | null;
  @ApiProperty({ enum: JOINT_ROUTES, nullable: true }) route!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'SG:cotton' }) candidateKey!: string | null;
  @ApiProperty({ type: [ExportGroupMemberDto] }) members!: ExportGroupMemberDto[];
  @ApiProperty({ enum: RUNGS, description: 'the highest rung among the members in the market' }) rung!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiPropertyOptional({ type: [ExportGroupSeriesPointDto], description: 'one group only: 26 weeks ending with asOf’s week' })
  series?: ExportGroupSeriesPointDto[];
  @ApiPropertyOptional({ format: 'date', description: 'one group only' }) asOf?: string;
}

export class ExportGroupListDto {
  @ApiProperty({ type: [ExportGroupDto] }) items!: ExportGroupDto[];
}
