import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { BehaviorSubject, distinctUntilChanged } from 'rxjs';
import { StateStore } from '../jobs/state-store.js';

const KEY = 'queue.paused';
/** How often a replica looks whether another one paused or resumed the queue. */
export const PAUSE_POLL_MS = 1000;

/**
 * Whether the queue admits: kept in the runtime's StateStore, so that a pause survives a
 * restart and holds for every replica. A replica sees its own pause or resume at once and
 * another replica's within PAUSE_POLL_MS.
 */
@Injectable()
export class QueuePause implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(QueuePause.name);
  private readonly state = new BehaviorSubject(false);
  /** The current state at once, then every change. */
  readonly changes$ = this.state.pipe(distinctUntilChanged());
  private timer?: NodeJS.Timeout;

  constructor(private readonly store: StateStore) {}

  get paused(): boolean {
    return this.state.value;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), PAUSE_POLL_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async set(paused: boolean): Promise<void> {
    await this.store.write({ [KEY]: String(paused) });
    this.state.next(paused);
    this.logger.log(`queue ${paused ? 'paused' : 'resumed'}`);
  }

  private async refresh(): Promise<void> {
    try {
      this.state.next((await this.store.read())[KEY] === 'true');
    } catch (error) {
      this.logger.debug(`queue pause not read: ${(error as Error).message}`);
    }
  }
}
