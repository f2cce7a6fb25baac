import { ApiProperty } from '@nestjs/swagger';
import { DISTRICTS } from '../../common/reference-data';
import { JOINT_ROUTES } from '../../consolidation/consolidation.types';

export class JointExportMemberDto {
  @ApiProperty({ format: 'uuid' }) businessId: string;
  @ApiProperty() businessName: string;
  @ApiProperty({ enum: DISTRICTS }) district: string;
}

export class JointExportCombinedDto {
  @ApiProperty() orders13w: number;
  @ApiProperty({ description: 'Whole rupiah' }) value13wIdr: number;
  @ApiProperty() weight13wKg: number;
  @ApiProperty() activeWeeks13: number;
  @ApiProperty() repeatBuyers: number;
}

export class JointExportCandidateDto {
  @ApiProperty({ example: 'SG:cotton' }) key: string;
  @ApiProperty({ example: 'SG' }) market: string;
  @ApiProperty({ example: 'cotton' }) material: string;
  @ApiProperty({ type: [JointExportMemberDto] }) members: JointExportMemberDto[];
  @ApiProperty({ type: JointExportCombinedDto, description: "The members' combined 13 weeks, as the run stored them" }) combined: JointExportCombinedDto;
  @ApiProperty({ enum: JOINT_ROUTES, nullable: true }) suggestedRoute: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) suggestedCoordinatorId: string | null;
}

export class JointExportGroupChangeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() market: string;
  @ApiProperty() material: string;
  @ApiProperty({ enum: ['new', 'changed'], description: 'new: formed in the week; changed: formed earlier, updated in the week' }) change: string;
  @ApiProperty({ enum: JOINT_ROUTES, nullable: true }) route: string | null;
  @ApiProperty({ nullable: true, type: String }) candidateKey: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) coordinatorBusinessId: string | null;
  @ApiProperty({ nullable: true, type: String }) coordinatorName: string | null;
  @ApiProperty({ type: [JointExportMemberDto] }) members: JointExportMemberDto[];
}

export class JointExportWeekDto {
  @ApiProperty({ type: [JointExportCandidateDto], description: "Candidates the week's Sunday run stored that the run a week earlier did not" })
  newCandidates: JointExportCandidateDto[];
  @ApiProperty({ type: [JointExportGroupChangeDto], description: 'Groups formed or updated during the week (WIB)' }) groups: JointExportGroupChangeDto[];
}
