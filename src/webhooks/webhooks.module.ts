import { Module } from '@nestjs/common';
import { WebhookDelivery } from './webhook-delivery.service.js';
import { WebhookSender } from './webhook-sender.js';

/** radixconfig.yaml's `notifications.webhook`: every job event POSTed to the job definition's receiver. */
@Module({
  providers: [WebhookSender, WebhookDelivery],
  exports: [WebhookDelivery],
})
export class WebhooksModule {}
