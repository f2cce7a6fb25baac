import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, actorLabel } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { CreateRunDto, ListRunsQuery, ReplayDto, ReplayResultDto, RunDto, RunListDto } from './dto/watch.dto';
import { ReplayService } from './replay.service';
import { toRunDto, WatchService } from './watch.service';

/** How long POST /watch/replay waits for a short replay before answering 202 with its id. */
const REPLAY_WAIT_MS = 20_000;

@ApiTags('watch')
@ApiBearerAuth()
@Roles('admin', 'officer')
@Controller('watch')
export class WatchController {
  constructor(
    private readonly watch: WatchService,
    private readonly replay: ReplayService,
  ) {}

  @Post('runs')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: RunDto, description: 'Queued (or the existing run for that asOf: re-running an as-of is a no-op)' })
  @ApiConflictResponse({ description: 'asOf is before the latest completed run (use POST /watch/replay)' })
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateRunDto): Promise<RunDto> {
    const { run } = await this.watch.createRun(dto.asOf ?? this.watch.defaultAsOf(), 'manual', actorLabel(actor));
    return toRunDto(await this.watch.getRun(run.id));
  }

  @Get('runs')
  @ApiOkResponse({ type: RunListDto, description: 'Latest runs first' })
  async list(@Query() q: ListRunsQuery): Promise<RunListDto> {
    return { items: (await this.watch.listRuns(q.limit ?? 20)).map(toRunDto) };
  }

  @Get('runs/:id')
  @ApiOkResponse({ type: RunDto, description: 'Live progress counts' })
  async get(@Param('id', uuidPipe) id: string): Promise<RunDto> {
    return toRunDto(await this.watch.getRun(id));
  }

  @Post('replay')
  @ApiOkResponse({ type: ReplayResultDto, description: '200 with the week-by-week result when the replay finishes within 20 s' })
  @ApiAcceptedResponse({ type: ReplayResultDto, description: '202 while a long replay runs: poll GET /watch/replays/:id for progress' })
  async replayRun(@CurrentActor() actor: Actor, @Body() dto: ReplayDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReplayResultDto> {
    const id = await this.replay.create(dto, actorLabel(actor));
    const r = await this.replay.waitFor(id, REPLAY_WAIT_MS);
    reply.status(r.status === 'completed' || r.status === 'failed' ? 200 : 202);
    return r;
  }

  @Get('replays/:id')
  @ApiOkResponse({ type: ReplayResultDto })
  getReplay(@Param('id', uuidPipe) id: string): Promise<ReplayResultDto> {
    return this.replay.get(id);
  }
}
