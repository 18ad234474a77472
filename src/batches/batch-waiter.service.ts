import { Injectable } from '@nestjs/common';
import { JobEventHub } from '../jobs/job-event-hub.js';
import { JobGateway } from '../jobs/job.gateway.js';
import { BatchEnding } from './batch-ending.js';

/**
 * `?wait=` on a batch: holds a read until every job of the batch has finished, or the wait
 * ends, or the scheduler shuts down; then the read answers with the state as it is. Every
 * wait on one batch shares one BatchEnding, so a thousand waiters cost what one does.
 */
@Injectable()
export class BatchWaiter {
  private readonly endings = new Map<string, { ending: BatchEnding; waiters: number }>();

  constructor(
    private readonly gateway: JobGateway,
    private readonly events: JobEventHub,
  ) {}

  async untilBatchEnds(name: string, seconds: number): Promise<void> {
    if (seconds <= 0 || this.events.isClosed) return;
    const shared = this.endings.get(name) ?? { ending: new BatchEnding(name, this.gateway, this.events), waiters: 0 };
    this.endings.set(name, shared);
    shared.waiters++;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([shared.ending.ended, new Promise((resolve) => (timer = setTimeout(resolve, seconds * 1000)))]);
    } finally {
      clearTimeout(timer);
      if (--shared.waiters === 0) {
        shared.ending.close();
        this.endings.delete(name);
      }
    }
  }
}
