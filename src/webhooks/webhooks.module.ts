import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { JobEventsModule } from '../jobs/job-events.module.js';
import { WebhookDelivery } from './webhook-delivery.service.js';
import { WebhookSender } from './webhook-sender.js';

/** radixconfig.yaml's `notifications.webhook`: every job event POSTed to the job definition's receiver. */
@Module({})
export class WebhooksModule {
  static register(runtime: Type<unknown>): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [runtime, JobEventsModule.register(runtime)],
      providers: [WebhookSender, WebhookDelivery],
      exports: [WebhookDelivery],
    };
  }
}
