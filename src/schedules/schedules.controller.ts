import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiExtension, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { ApiController } from '../jobs/api-docs.js';
import { JobStatus, toJobStatus } from '../jobs/dto/job-status.dto.js';
import { Status } from '../jobs/dto/status.dto.js';
import { ScheduleStatus } from './dto/schedule-status.dto.js';
import { SCHEDULE_ID } from './schedule.model.js';
import { SchedulesService } from './schedules.service.js';

const SCHEDULE = {
  name: 'scheduleId',
  description: 'The id GET /api/v1/schedules gives.',
  schema: { type: 'string', pattern: SCHEDULE_ID.source },
} as const;

/** The job definition's cron schedules (an extension: Radix's job scheduler has no such routes). */
@ApiController('schedules')
@ApiExtension('x-extension', true)
@Controller('api/v1/schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get()
  @ApiOperation({ operationId: 'getSchedules', summary: "The job definition's schedules, with their next and last firings" })
  @ApiOkResponse({ type: [ScheduleStatus], description: '`[]` when radixconfig.yaml gives the job no cron.' })
  list(): Promise<ScheduleStatus[]> {
    return this.schedules.list();
  }

  @Post(':scheduleId/pause')
  @HttpCode(200)
  @ApiOperation({ operationId: 'pauseSchedule', summary: 'Pause a schedule, on every replica and across restarts' })
  @ApiParam(SCHEDULE)
  @ApiOkResponse({ type: ScheduleStatus })
  @ApiNotFoundResponse({ type: Status })
  pause(@Param('scheduleId') id: string): Promise<ScheduleStatus> {
    return this.schedules.pause(id);
  }

  @Post(':scheduleId/resume')
  @HttpCode(200)
  @ApiOperation({ operationId: 'resumeSchedule', summary: 'Resume a schedule: it fires from its next time on' })
  @ApiParam(SCHEDULE)
  @ApiOkResponse({ type: ScheduleStatus })
  @ApiNotFoundResponse({ type: Status })
  resume(@Param('scheduleId') id: string): Promise<ScheduleStatus> {
    return this.schedules.resume(id);
  }

  @Post(':scheduleId/run')
  @HttpCode(200)
  @ApiOperation({ operationId: 'runSchedule', summary: 'Start a run of a schedule now, under its concurrency policy' })
  @ApiParam(SCHEDULE)
  @ApiOkResponse({ type: JobStatus, description: 'The run, an ordinary single job carrying cronSchedule.' })
  @ApiNotFoundResponse({ type: Status })
  @ApiConflictResponse({ type: Status, description: 'The policy is Forbid and a run of the definition’s schedules is unfinished.' })
  async run(@Param('scheduleId') id: string): Promise<JobStatus> {
    return toJobStatus(await this.schedules.runNow(id));
  }
}
