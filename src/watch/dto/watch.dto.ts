import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import { IsWibDate } from '../../common/validation';

export class CreateRunDto {
  @ApiPropertyOptional({ example: '2026-11-22', description: 'Evaluate as of the end of this WIB day (default: yesterday, WIB)' })
  @IsOptional()
  @IsWibDate()
  asOf?: string;
}

export class RunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2026-11-22' }) asOf: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] }) status: string;
  @ApiProperty({ enum: ['manual', 'schedule', 'catch_up'] }) trigger: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Rule set version the run uses (set when it starts)' }) ruleSetVersion: number | null;
  @ApiProperty() businessesTotal: number;
  @ApiProperty({ description: 'Businesses evaluated so far (live)' }) businessesEvaluated: number;
  @ApiProperty({ description: 'Businesses whose evaluation failed after every attempt (the run went on without them)' }) businessesFailed: number;
  @ApiProperty() flagsRaised: number;
  @ApiProperty() flagsResolved: number;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
  @ApiPropertyOptional() error?: string;
}

export class RunListDto {
  @ApiProperty({ type: [RunDto] }) items: RunDto[];
}

export class ListRunsQuery {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ReplayDto {
  @ApiProperty({ example: '2026-06-01', description: 'First week (any day in it; evaluated as of its Sunday)' })
  @IsWibDate()
  from: string;
  @ApiProperty({ example: '2026-11-22', description: 'Last week (any day in it); at most 104 weeks after from' })
  @IsWibDate()
  to: string;
  @ApiPropertyOptional({ description: 'Rule set params to try (same shape as a published rule set); default: the current rule set', type: Object })
  @IsOptional()
  @IsObject()
  ruleSet?: Record<string, unknown>;
}

/** One business × market × kind of a replay. */
export class ReplayPairDto {
  @ApiProperty({ format: 'uuid' }) businessId: string;
  @ApiProperty() businessName: string;
  @ApiProperty() district: string;
  @ApiProperty() market: string;
  @ApiProperty({ enum: ['readiness', 'compliance'] }) kind: string;
}

export class ReplayChangeDto extends ReplayPairDto {
  @ApiProperty() score: number;
}

export class ReplayOutcomeDto {
  @ApiProperty({ enum: ['raise', 'keep', 'resolve', 'none', 'blocked'] }) decision: 'raise' | 'keep' | 'resolve' | 'none' | 'blocked';
  @ApiProperty() score: number;
}

export class ReplayDiffEntryDto extends ReplayPairDto {
  @ApiProperty({ type: ReplayOutcomeDto, nullable: true, description: 'What the replayed rule set decided; null: not evaluated' })
  draft: ReplayOutcomeDto | null;
  @ApiProperty({ type: ReplayOutcomeDto, nullable: true, description: 'What the weekly run recorded; null: nothing flagged (no evaluation, or `none`)' })
  recorded: ReplayOutcomeDto | null;
}

export class ReplayWeekDiffDto {
  @ApiProperty({ description: 'A completed weekly run recorded this week; false: nothing to compare with (the lists are empty)' }) compared: boolean;
  @ApiProperty({ type: [ReplayDiffEntryDto], description: 'On the list with the replayed rules (raised or kept), not in the record' })
  added: ReplayDiffEntryDto[];
  @ApiProperty({ type: [ReplayDiffEntryDto], description: 'On the list in the record, not with the replayed rules' }) removed: ReplayDiffEntryDto[];
  @ApiProperty({ type: [ReplayDiffEntryDto], description: 'On both lists with another decision (raise/keep) or score' }) changed: ReplayDiffEntryDto[];
}

export class ReplayWeekDto {
  @ApiProperty({ example: '2026-W47' }) week: string;
  @ApiProperty({ example: '2026-11-22' }) asOf: string;
  @ApiProperty({ type: [ReplayChangeDto] }) raised: ReplayChangeDto[];
  @ApiProperty({ type: [ReplayChangeDto] }) resolved: ReplayChangeDto[];
  @ApiProperty({ description: 'Flags open at the end of the week (simulated)' }) open: number;
  @ApiPropertyOptional({
    type: ReplayWeekDiffDto,
    description: 'Against the recorded evaluations of that week (absent on replays made before comparisons existed)',
  })
  diff?: ReplayWeekDiffDto;
}

export class ReplayWeekCountsDto {
  @ApiProperty({ example: '2026-W47' }) week: string;
  @ApiProperty({ example: '2026-11-22' }) asOf: string;
  @ApiProperty() compared: boolean;
  @ApiProperty() added: number;
  @ApiProperty() removed: number;
  @ApiProperty() changed: number;
}

export class ReplayDiffSummaryDto {
  @ApiProperty({ description: 'Weeks with a recorded run to compare with' }) weeksCompared: number;
  @ApiProperty() added: number;
  @ApiProperty() removed: number;
  @ApiProperty() changed: number;
  @ApiProperty({ type: [ReplayWeekCountsDto] }) perWeek: ReplayWeekCountsDto[];
}

export class ReplayResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] }) status: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Version of the rule set replayed, null for a submitted draft' }) ruleSetVersion: number | null;
  @ApiProperty() weeksTotal: number;
  @ApiProperty({ description: 'Progress of a long replay' }) weeksDone: number;
  @ApiProperty({ type: [ReplayWeekDto] }) weeks: ReplayWeekDto[];
  @ApiProperty({ type: ReplayDiffSummaryDto, description: 'Counts of the comparison with the recorded evaluations, per week and in total (weeks done so far)' })
  diffSummary: ReplayDiffSummaryDto;
  @ApiPropertyOptional() error?: string;
}
