import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { SchedulerConfig } from '../config/scheduler.config.js';

export const EVENT_ID_HEADER = 'X-Job-Scheduler-Event-Id';
export const SIGNATURE_HEADER = 'X-Job-Scheduler-Signature';

/** The result of one POST: delivered, or why not. */
export type Sent = { ok: true } | { ok: false; why: string };

/**
 * The one door to webhook receivers: one POST of one event, with its id, a timeout, and an
 * HMAC-SHA256 signature of the body (`sha256=<hex>`) when a secret is set. Redirects are not
 * followed; anything but a 2xx is a failure to be retried.
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: SchedulerConfig) {}

  get url(): string | undefined {
    return this.config.job.webhook;
  }

  async send(eventId: number, body: string): Promise<Sent> {
    const { secret, timeoutMs } = this.config.webhooks;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'job-scheduler',
      [EVENT_ID_HEADER]: String(eventId),
    };
    if (secret) headers[SIGNATURE_HEADER] = signature(secret, body);
    try {
      const response = await fetch(this.url!, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      return response.ok ? { ok: true } : { ok: false, why: `answered ${response.status}` };
    } catch (error) {
      return { ok: false, why: (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message };
    }
  }
}

/** What a receiver compares with the header: `sha256=` and the hex HMAC-SHA256 of the raw body. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
