import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller.js';
import { MetricsFeed } from './metrics-feed.js';

/** `GET /metrics`, fed by the event hub; the registry itself is the process's (see SchedulerMetrics). */
@Module({
  controllers: [MetricsController],
  providers: [MetricsFeed],
})
export class MetricsModule {}
