import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { BatchesModule } from './batches/batches.module.js';
import { SchedulerConfig } from './config/scheduler.config.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { Clock, SystemClock } from './jobs/clock.js';
import { JobsModule } from './jobs/jobs.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { SchedulerMetrics } from './metrics/scheduler-metrics.js';
import { QueueModule } from './queue/queue.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { RuntimeModule } from './runtime.module.js';
import { SchedulesModule } from './schedules/schedules.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/** One scheduler: the API of one job definition on the runtime its config names. */
@Module({})
export class AppModule {
  /** `metrics` is the process's registry; an app of its own (a test's) gets one of its own. */
  static async forScheduler(config: SchedulerConfig, metrics = new SchedulerMetrics()): Promise<DynamicModule> {
    return {
      module: AppModule,
      global: true,
      imports: [
        ScheduleModule.forRoot(),
        await RuntimeModule.forRuntime(config.runtime),
        JobsModule,
        BatchesModule,
        EventsModule,
        RetentionModule,
        SchedulesModule,
        QueueModule,
        WebhooksModule,
        MetricsModule,
        HealthModule,
      ],
      providers: [
        { provide: SchedulerConfig, useValue: config },
        { provide: Clock, useClass: SystemClock },
        { provide: SchedulerMetrics, useValue: metrics },
      ],
      exports: [SchedulerConfig, Clock, SchedulerMetrics],
    };
  }
}
