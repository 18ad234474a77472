import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { WebhookDelivery } from './webhook-delivery.service.js';
import { WebhookSender } from './webhook-sender.js';

/** radixconfig.yaml's `notifications.webhook`: every job event POSTed to the job definition's receiver. */
@Module({
  imports: [JobsModule],
  providers: [WebhookSender, DeliveryLedger, WebhookDelivery],
})
export class WebhooksModule {}
