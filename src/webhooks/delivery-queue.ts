import type { HubEvent } from '../jobs/job-event.js';

/** One event owed to the receiver, and how its delivery has gone so far. */
export interface Pending {
  event: HubEvent;
  body?: string;
  /** When its first attempt began. */
  since?: number;
  attempts: number;
}

/**
 * The events owed to the receiver in memory: in order per job (or schedule), bounded over all. Past
 * the bound the oldest event that is not being sent goes, so that a slow or dead receiver
 * never holds more than the bound.
 */
export class DeliveryQueue {
  private readonly queues = new Map<string, Pending[]>();
  private count = 0;

  constructor(private readonly bound: number) {}

  /** Events queued, over all jobs. */
  get size(): number {
    return this.count;
  }

  /** Adds an event behind the others of its key (a job, a schedule); returns the event dropped to make room, if one was. */
  push(event: HubEvent, name: string, sending: (name: string) => boolean): Pending | undefined {
    const dropped = this.count >= this.bound ? this.dropOldest(sending) : undefined;
    const queue = this.queues.get(name) ?? [];
    queue.push({ event, attempts: 0 });
    this.queues.set(name, queue);
    this.count++;
    return dropped;
  }

  /** The job's next event, if any. */
  first(name: string): Pending | undefined {
    return this.queues.get(name)?.[0];
  }

  has(name: string): boolean {
    return this.queues.has(name);
  }

  names(): string[] {
    return [...this.queues.keys()];
  }

  /** The job's first event is done with (told or given up); with `keepRest` false, the rest of its events go too. */
  shift(name: string, keepRest: boolean): void {
    const queue = this.queues.get(name);
    if (!queue) return;
    queue.shift();
    this.count--;
    if (queue.length === 0 || !keepRest) this.drop(name);
  }

  /** Forgets every job's events but those of the jobs being sent. */
  keepOnly(sending: (name: string) => boolean): void {
    for (const name of this.names()) if (!sending(name)) this.drop(name);
  }

  private drop(name: string): void {
    this.count -= this.queues.get(name)?.length ?? 0;
    this.queues.delete(name);
  }

  /** The oldest event not being sent right now (queues keep the order they were made in). */
  private dropOldest(sending: (name: string) => boolean): Pending | undefined {
    for (const [name, queue] of this.queues) {
      const index = sending(name) ? 1 : 0;
      if (queue.length <= index) continue;
      const [dropped] = queue.splice(index, 1);
      this.count--;
      if (queue.length === 0) this.queues.delete(name);
      return dropped;
    }
    return undefined;
  }
}
