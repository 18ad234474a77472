/**
 * First in, first out, with at most `capacity` items started and not yet done. `start` is
 * called for each item that gets a slot; the owner calls `done` when that item has ended.
 */
export class JobQueue<T> {
  private readonly waiting: T[] = [];
  private readonly started = new Set<T>();
  private paused = false;

  constructor(
    private readonly capacity: number,
    private readonly start: (item: T) => void,
  ) {}

  /** Queues an item; it starts at once when a slot is free. */
  push(item: T): void {
    this.waiting.push(item);
    this.pump();
  }

  /** Takes an item out of the queue before it started; false when it was not waiting. */
  remove(item: T): boolean {
    const index = this.waiting.indexOf(item);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    return true;
  }

  /** Frees the slot of an item that ended and starts the next one. */
  done(item: T): void {
    this.started.delete(item);
    this.pump();
  }

  /** Starts nothing more; used on shutdown. */
  pause(): void {
    this.paused = true;
  }

  /** How many of `count` more items would wait rather than start at once, with those waiting now. */
  waitingWith(count: number): number {
    const free = this.paused ? 0 : Math.max(0, this.capacity - this.started.size);
    return Math.max(0, this.waiting.length + count - free);
  }

  /** The items started and not yet done. */
  get active(): T[] {
    return [...this.started];
  }

  private pump(): void {
    while (!this.paused && this.started.size < this.capacity && this.waiting.length > 0) {
      const item = this.waiting.shift() as T;
      this.started.add(item);
      this.start(item);
    }
  }
}
