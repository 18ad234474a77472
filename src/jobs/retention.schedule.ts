import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { filter } from 'rxjs';
import { Clock } from './clock.js';
import { JobEventHub } from './job-event-hub.js';
import { RetentionService } from './retention.service.js';

/** After a job finishes, wait this long so that a burst of completions costs one sweep. */
export const COMPLETION_DEBOUNCE_MS = 1000;

/** When retention runs: on an interval, and soon after jobs finish or stop. */
@Injectable()
export class RetentionSchedule implements OnApplicationBootstrap {
  constructor(
    private readonly retention: RetentionService,
    private readonly registry: SchedulerRegistry,
    private readonly clock: Clock,
    private readonly events: JobEventHub,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.retention.intervalSeconds * 1000;
    this.registry.addInterval('retention', setInterval(() => void this.retention.enforce(this.clock.now()), every));
    this.events.events$.pipe(filter((event) => event.type === 'finished' || event.type === 'stopped')).subscribe(() => this.enforceSoon());
  }

  private enforceSoon(): void {
    if (this.registry.doesExist('timeout', 'retention-soon')) return;
    const timer = setTimeout(() => {
      this.registry.deleteTimeout('retention-soon');
      void this.retention.enforce(this.clock.now());
    }, COMPLETION_DEBOUNCE_MS);
    this.registry.addTimeout('retention-soon', timer);
  }
}
