import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiController, ApiSubmit, CONTINUE_HEADER } from '../jobs/api-docs.js';
import { BatchesService } from './batches.service.js';
import { BatchScheduleDescription } from './dto/batch-schedule-description.dto.js';
import { BatchStatus, toBatchStatus } from './dto/batch-status.dto.js';
import { JobStatus, toJobStatus } from '../jobs/dto/job-status.dto.js';
import { BatchListQuery } from './dto/batch-list-query.dto.js';
import { Status, success } from '../jobs/dto/status.dto.js';
import { WaitQuery } from '../jobs/dto/wait-query.dto.js';
import { BatchWaiter } from './batch-waiter.service.js';

const JOB_NAME = { name: 'jobName', description: "The job's full name (`<batchName>-<8 chars>`) or the part after the batch name." };

@ApiController('batches')
@Controller('api/v1/batches')
export class BatchesController {
  constructor(
    private readonly batches: BatchesService,
    private readonly waiter: BatchWaiter,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ operationId: 'createBatch', summary: 'Start a batch of jobs, all or none' })
  @ApiOkResponse({ type: BatchStatus, description: 'The new batch; or, for a repeated Idempotency-Key, the batch it made.' })
  @ApiSubmit(
    'batch',
    'The body is over JOB_SCHEDULER_MAX_BATCH_BYTES, it has more than JOB_SCHEDULER_MAX_BATCH_JOBS jobs, or a payload is over 1 MiB.',
  )
  @ApiConflictResponse({ type: Status, description: 'The Idempotency-Key was used with a different body.' })
  async create(@Body() description: BatchScheduleDescription, @Headers('Idempotency-Key') key?: string): Promise<BatchStatus> {
    return toBatchStatus(await this.batches.create(description, key));
  }

  @Get()
  @ApiOperation({ operationId: 'getBatches', summary: 'List the batches, newest first' })
  @ApiOkResponse({ type: [BatchStatus], headers: CONTINUE_HEADER })
  @ApiUnprocessableEntityResponse({ type: Status, description: 'A bad limit, continue, status, batchId, createdAfter or createdBefore.' })
  async list(@Query() query: BatchListQuery, @Res({ passthrough: true }) response: Response): Promise<BatchStatus[]> {
    const page = await this.batches.list(query);
    if (page.next) response.set('X-Continue', page.next);
    return page.items.map((batch) => toBatchStatus(batch));
  }

  @Post('stop')
  @HttpCode(200)
  @ApiOperation({ operationId: 'stopAllBatches', summary: 'Stop every unfinished job of every batch' })
  @ApiOkResponse({ type: Status })
  async stopAll(): Promise<Status> {
    await this.batches.stopAll();
    return success('batches successfully stopped');
  }

  @Get(':batchName')
  @ApiOperation({ operationId: 'getBatch', summary: 'Get the state of a batch and its jobs; with wait, once every job has finished' })
  @ApiOkResponse({ type: BatchStatus })
  @ApiNotFoundResponse({ type: Status })
  @ApiUnprocessableEntityResponse({ type: Status, description: 'A bad wait.' })
  async get(@Param('batchName') name: string, @Query() { wait }: WaitQuery): Promise<BatchStatus> {
    await this.waiter.untilBatchEnds(name, Number(wait ?? 0));
    return toBatchStatus(await this.batches.get(name));
  }

  @Delete(':batchName')
  @ApiOperation({ operationId: 'deleteBatch', summary: 'Delete a batch with all its jobs' })
  @ApiOkResponse({ type: Status })
  @ApiNotFoundResponse({ type: Status })
  async delete(@Param('batchName') name: string): Promise<Status> {
    await this.batches.delete(name);
    return success(`batch ${name} successfully deleted`);
  }

  @Post(':batchName/stop')
  @HttpCode(200)
  @ApiOperation({ operationId: 'stopBatch', summary: 'Stop every unfinished job of a batch' })
  @ApiOkResponse({ type: Status })
  @ApiBadRequestResponse({ type: Status, description: 'Every job of the batch has finished.' })
  @ApiNotFoundResponse({ type: Status })
  async stop(@Param('batchName') name: string): Promise<Status> {
    await this.batches.stop(name);
    return success(`batch ${name} successfully stopped`);
  }

  @Post(':batchName/restart')
  @HttpCode(200)
  @ApiOperation({ operationId: 'restartBatch', summary: 'Run every job of a finished batch again, each under its name' })
  @ApiOkResponse({ type: BatchStatus })
  @ApiBadRequestResponse({ type: Status, description: 'A job of the batch has not finished.' })
  @ApiNotFoundResponse({ type: Status })
  async restart(@Param('batchName') name: string): Promise<BatchStatus> {
    return toBatchStatus(await this.batches.restart(name));
  }

  @Get(':batchName/jobs/:jobName')
  @ApiOperation({ operationId: 'getBatchJob', summary: 'Get the state of one job of a batch' })
  @ApiParam(JOB_NAME)
  @ApiOkResponse({ type: JobStatus })
  @ApiNotFoundResponse({ type: Status })
  async getJob(@Param('batchName') batchName: string, @Param('jobName') jobName: string): Promise<JobStatus> {
    return toJobStatus(await this.batches.getJob(batchName, jobName));
  }

  @Post(':batchName/jobs/:jobName/stop')
  @HttpCode(200)
  @ApiOperation({ operationId: 'stopBatchJob', summary: 'Stop one job of a batch' })
  @ApiParam(JOB_NAME)
  @ApiOkResponse({ type: Status })
  @ApiBadRequestResponse({ type: Status, description: 'The job has already finished.' })
  @ApiNotFoundResponse({ type: Status })
  async stopJob(@Param('batchName') batchName: string, @Param('jobName') jobName: string): Promise<Status> {
    const job = await this.batches.stopJob(batchName, jobName);
    return success(`job ${job.name} in the batch ${batchName} successfully stopped`);
  }
}
