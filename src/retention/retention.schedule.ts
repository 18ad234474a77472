import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { filter } from 'rxjs';
import { JobEventHub } from '../jobs/job-event-hub.js';
import { Leadership } from '../jobs/leadership.js';
import { RetentionService } from './retention.service.js';

/** After a job finishes, wait this long so that a burst of completions costs one sweep. */
export const COMPLETION_DEBOUNCE_MS = 1000;

/** When retention runs: on the leader only, on an interval, soon after jobs finish or stop, and when it starts to lead. */
@Injectable()
export class RetentionSchedule implements OnApplicationBootstrap {
  constructor(
    private readonly retention: RetentionService,
    private readonly registry: SchedulerRegistry,
    private readonly events: JobEventHub,
    private readonly leadership: Leadership,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.addInterval(
      'retention',
      setInterval(() => this.enforce(), this.retention.intervalSeconds * 1000),
    );
    this.events.events$.pipe(filter((event) => event.type === 'finished' || event.type === 'stopped')).subscribe(() => this.enforceSoon());
    // A new leader sweeps at once: its predecessor may have died with work undone.
    this.leadership.changes$.pipe(filter(Boolean)).subscribe(() => this.enforceSoon());
  }

  /** Only the leader deletes: replicas sweeping side by side would race to delete the same jobs. */
  private enforce(): void {
    if (this.leadership.isLeader()) void this.retention.enforceNow();
  }

  private enforceSoon(): void {
    if (this.registry.doesExist('timeout', 'retention-soon')) return;
    const timer = setTimeout(() => {
      this.registry.deleteTimeout('retention-soon');
      this.enforce();
    }, COMPLETION_DEBOUNCE_MS);
    this.registry.addTimeout('retention-soon', timer);
  }
}
