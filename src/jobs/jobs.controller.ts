import { Body, Controller, Delete, Get, Header, Headers, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiController, ApiSubmit, CONTINUE_HEADER, TEXT } from './api-docs.js';
import { JobScheduleDescription } from './dto/job-schedule-description.dto.js';
import { JobStatus, toJobStatus } from './dto/job-status.dto.js';
import { JobListJson } from './job-list-json.js';
import { sendJsonPieces } from './json-pieces.js';
import { JobListQuery } from './dto/list-query.dto.js';
import { Status, success } from './dto/status.dto.js';
import { LogQuery } from './dto/log-query.dto.js';
import { WaitQuery } from './dto/wait-query.dto.js';
import { LogStreams } from './log-streams.service.js';
import { JobsService } from './jobs.service.js';
import { Waiter } from './waiter.service.js';

@ApiController('jobs')
@Controller('api/v1/jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly listJson: JobListJson,
    private readonly waiter: Waiter,
    private readonly logStreams: LogStreams,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'createJob', summary: 'Start a new job' })
  @ApiBody({
    type: JobScheduleDescription,
    required: false,
    description: 'Optional: without a body, the job runs as the job definition says.',
  })
  @ApiOkResponse({ type: JobStatus, description: 'The new job, usually Waiting; or, for a repeated Idempotency-Key, the job it made.' })
  @ApiSubmit('job', 'The payload is over 1 MiB of UTF-8.')
  @ApiConflictResponse({ type: Status, description: 'The Idempotency-Key was used with a different body.' })
  async create(@Body() description: JobScheduleDescription, @Headers('Idempotency-Key') key?: string): Promise<JobStatus> {
    return toJobStatus(await this.jobs.create(description, key));
  }

  @Get()
  @ApiOperation({ operationId: 'getJobs', summary: 'List the jobs of this job definition (batch jobs included), newest first' })
  @ApiOkResponse({ type: [JobStatus], headers: CONTINUE_HEADER })
  @ApiUnprocessableEntityResponse({ type: Status, description: 'A bad limit, continue, status, jobId, createdAfter or createdBefore.' })
  async list(@Query() query: JobListQuery, @Res() response: Response): Promise<void> {
    const page = await this.jobs.list(query);
    if (page.next) response.set('X-Continue', page.next);
    // The hot read: each job's JSON is made once per change of the job, and sent as bytes.
    // Without a query it is answered before this route is reached: see jobListFastPath.
    sendJsonPieces(response, this.listJson.part(page.items, page.all));
  }

  @Post('stop')
  @HttpCode(200)
  @ApiOperation({ operationId: 'stopAllJobs', summary: 'Stop every single job that has not finished' })
  @ApiOkResponse({ type: Status })
  async stopAll(): Promise<Status> {
    return success(`${await this.jobs.stopAll()} jobs successfully stopped`);
  }

  @Get(':jobName')
  @ApiOperation({ operationId: 'getJob', summary: 'Get the state of one job, single or of a batch; with wait, once it has finished' })
  @ApiOkResponse({ type: JobStatus })
  @ApiNotFoundResponse({ type: Status })
  @ApiUnprocessableEntityResponse({ type: Status, description: 'A bad wait.' })
  async get(@Param('jobName') name: string, @Query() { wait }: WaitQuery): Promise<JobStatus> {
    await this.waiter.untilJobEnds(name, Number(wait ?? 0));
    return toJobStatus(await this.jobs.get(name));
  }

  @Delete(':jobName')
  @ApiOperation({ operationId: 'deleteJob', summary: 'Delete a single job and everything it owns' })
  @ApiOkResponse({ type: Status })
  @ApiBadRequestResponse({ type: Status, description: 'The job belongs to a batch; delete the batch.' })
  @ApiNotFoundResponse({ type: Status })
  async delete(@Param('jobName') name: string): Promise<Status> {
    await this.jobs.delete(name);
    return success(`job ${name} successfully deleted`);
  }

  @Post(':jobName/stop')
  @HttpCode(200)
  @ApiOperation({ operationId: 'stopJob', summary: 'Stop a job; its record stays, with status Stopped' })
  @ApiOkResponse({ type: Status })
  @ApiBadRequestResponse({ type: Status, description: 'The job has already finished.' })
  @ApiNotFoundResponse({ type: Status })
  async stop(@Param('jobName') name: string): Promise<Status> {
    await this.jobs.stop(name);
    return success(`job ${name} successfully stopped`);
  }

  @Get(':jobName/logs')
  @ApiOperation({ operationId: 'getJobLogs', summary: "The output of a job's attempt, as text; with follow, as it comes" })
  @ApiOkResponse({ content: TEXT, description: 'The log; empty when there is none yet.' })
  @ApiNotFoundResponse({ type: Status })
  @ApiUnprocessableEntityResponse({ type: Status, description: 'A bad follow, tail or attempt, or an attempt the job has not had.' })
  async logs(@Param('jobName') name: string, @Query() query: LogQuery, @Res() response: Response): Promise<void> {
    await this.logStreams.send(name, query, response);
  }

  @Post(':jobName/restart')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'restartJob',
    summary: 'Run a finished or stopped job again, under its name, with its payload and settings',
  })
  @ApiOkResponse({ type: JobStatus, description: 'The job, Waiting again; restarts counts the restarts.' })
  @ApiBadRequestResponse({ type: Status, description: 'The job has not finished.' })
  @ApiNotFoundResponse({ type: Status })
  async restart(@Param('jobName') name: string): Promise<JobStatus> {
    return toJobStatus(await this.jobs.restart(name));
  }

  @Post(':jobName/copy')
  @HttpCode(200)
  @ApiOperation({ operationId: 'copyJob', summary: 'Start a new single job, with a new name, from the request and payload of this one' })
  @ApiOkResponse({ type: JobStatus, description: 'The new job.' })
  @ApiNotFoundResponse({ type: Status })
  async copy(@Param('jobName') name: string): Promise<JobStatus> {
    return toJobStatus(await this.jobs.copy(name));
  }

  @Get(':jobName/payload')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "default-src 'none'; sandbox")
  @ApiOperation({ operationId: 'getJobPayload', summary: 'The payload of a job, byte for byte as stored' })
  @ApiOkResponse({ content: TEXT, description: 'The payload; empty when the job has none.' })
  @ApiNotFoundResponse({ type: Status })
  async payload(@Param('jobName') name: string): Promise<StreamableFile> {
    return new StreamableFile(await this.jobs.payload(name), { type: 'text/plain; charset=utf-8' });
  }
}
