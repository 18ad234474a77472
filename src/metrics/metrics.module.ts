import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { JobEventsModule } from '../jobs/job-events.module.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsFeed } from './metrics-feed.js';

/** `GET /metrics`, fed by the event hub; the registry itself is the process's (see SchedulerMetrics). */
@Module({})
export class MetricsModule {
  static register(runtime: Type<unknown>): DynamicModule {
    return {
      module: MetricsModule,
      imports: [runtime, JobEventsModule.register(runtime)],
      controllers: [MetricsController],
      providers: [MetricsFeed],
    };
  }
}
