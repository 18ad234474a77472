import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiInternalServerErrorResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { ApiTokenGuard } from '../http/api-token.guard.js';
import { JobScheduleDescription } from './dto/job-schedule-description.dto.js';
import { JobStatus, toJobStatus } from './dto/job-status.dto.js';
import { Status, success } from './dto/status.dto.js';
import { JobsService } from './jobs.service.js';

@ApiTags('jobs')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: Status, description: 'JOB_SCHEDULER_API_TOKEN is set and the bearer token is missing or wrong.' })
@ApiForbiddenResponse({ type: Status, description: 'A browser sent it for a page of another origin (not in JOB_SCHEDULER_ALLOWED_ORIGINS), or Host names no name of this scheduler.' })
@ApiInternalServerErrorResponse({ type: Status, description: 'A bug or a misconfigured cluster (e.g. a missing Role permission); details are in the log.' })
@ApiServiceUnavailableResponse({ type: Status, description: 'The runtime cannot be reached now; retry after Retry-After seconds.' })
@Controller('api/v1/jobs')
@UseGuards(ApiTokenGuard)
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'createJob', summary: 'Start a new job' })
  @ApiOkResponse({ type: JobStatus, description: 'The new job, usually Waiting.' })
  @ApiUnprocessableEntityResponse({ type: Status, description: 'The body is not JSON, has a wrong type or value (the field is named), sends a payload to a job without payload.path, or (local runtime) chooses the program or a loader variable.' })
  @ApiPayloadTooLargeResponse({ type: Status, description: 'The payload is over 1 MiB of UTF-8.' })
  @ApiUnsupportedMediaTypeResponse({ type: Status, description: 'A browser page sent a body that is not Content-Type: application/json.' })
  async create(@Body() description: JobScheduleDescription): Promise<JobStatus> {
    return toJobStatus(await this.jobs.create(description));
  }

  @Get()
  @ApiOperation({ operationId: 'getJobs', summary: 'List all jobs of this job definition, newest first' })
  @ApiOkResponse({ type: [JobStatus] })
  async list(): Promise<JobStatus[]> {
    return (await this.jobs.list()).map(toJobStatus);
  }

  @Post('stop')
  @HttpCode(200)
  @ApiOperation({ operationId: 'stopAllJobs', summary: 'Stop every job that has not finished' })
  @ApiOkResponse({ type: Status })
  async stopAll(): Promise<Status> {
    return success(`${await this.jobs.stopAll()} jobs successfully stopped`);
  }

  @Get(':jobName')
  @ApiOperation({ operationId: 'getJob', summary: 'Get the state of one job' })
  @ApiOkResponse({ type: JobStatus })
  @ApiNotFoundResponse({ type: Status })
  async get(@Param('jobName') name: string): Promise<JobStatus> {
    return toJobStatus(await this.jobs.get(name));
  }

  @Delete(':jobName')
  @ApiOperation({ operationId: 'deleteJob', summary: 'Delete a job and everything it owns' })
  @ApiOkResponse({ type: Status })
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
}
