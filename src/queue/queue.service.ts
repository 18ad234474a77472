import { Injectable } from '@nestjs/common';
import { Clock } from '../jobs/clock.js';
import { Admissions } from './admissions.service.js';
import { type QueueStatus, toQueueStatus } from './dto/queue-status.dto.js';
import { QueuePause } from './queue-pause.js';
import { QueueView } from './queue-view.js';

/** `/api/v1/queue`: the queue's state, and its pause. */
@Injectable()
export class QueueService {
  constructor(
    private readonly view: QueueView,
    private readonly pauses: QueuePause,
    private readonly admissions: Admissions,
    private readonly clock: Clock,
  ) {}

  status(): QueueStatus {
    return toQueueStatus(this.view.status(), this.clock.now());
  }

  /** Pauses or resumes, then answers once the queue has been planned with it. */
  async pause(paused: boolean): Promise<QueueStatus> {
    await this.pauses.set(paused);
    await this.admissions.plan();
    return this.status();
  }
}
