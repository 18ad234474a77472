import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { SchedulerMetrics } from './scheduler-metrics.js';

/**
 * Prometheus' text format, for every job definition this process serves. Not behind the API
 * token (scrapers rarely carry one): README says how to keep it to the cluster.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: SchedulerMetrics) {}

  @Get()
  async scrape(@Res() response: Response): Promise<void> {
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
