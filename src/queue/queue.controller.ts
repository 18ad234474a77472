import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiExtension, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { ApiController } from '../jobs/api-docs.js';
import { QueueStatus } from './dto/queue-status.dto.js';
import { QueueService } from './queue.service.js';

/** The job definition's queue (an extension: Radix's job scheduler has none). */
@ApiController('queue')
@ApiExtension('x-extension', true)
@Controller('api/v1/queue')
export class QueueController {
  constructor(private readonly queue: QueueService) {}

  @Get()
  @ApiOperation({ operationId: 'getQueue', summary: 'The queue: paused, the cap, jobs running and waiting, the oldest wait' })
  @ApiOkResponse({ type: QueueStatus })
  status(): QueueStatus {
    return this.queue.status();
  }

  @Post('pause')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'pauseQueue',
    summary: 'Admit no more jobs until resumed, on every replica and across restarts; running jobs go on',
  })
  @ApiOkResponse({ type: QueueStatus })
  pause(): Promise<QueueStatus> {
    return this.queue.pause(true);
  }

  @Post('resume')
  @HttpCode(200)
  @ApiOperation({ operationId: 'resumeQueue', summary: 'Admit again' })
  @ApiOkResponse({ type: QueueStatus })
  resume(): Promise<QueueStatus> {
    return this.queue.pause(false);
  }
}
