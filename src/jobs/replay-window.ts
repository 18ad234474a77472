/**
 * The last `capacity` events, oldest first, for streams that resume (Last-Event-ID) or fell
 * behind. A ring: adding an event copies nothing, and never more than `capacity` are held, so
 * the records that old events point to are let go as soon as the events are.
 */
export class ReplayWindow<T extends { id: number }> {
  private readonly ring: T[] = [];
  /** Where the oldest kept event is in `ring`, once it is full. */
  private oldest = 0;

  /** `forgotten`: the id of the newest event no longer kept (at first, the id before any). */
  constructor(
    private readonly capacity: number,
    private forgotten: number,
  ) {}

  push(event: T): void {
    if (this.ring.length < this.capacity) {
      this.ring.push(event);
      return;
    }
    this.forgotten = this.ring[this.oldest].id;
    this.ring[this.oldest] = event;
    this.oldest = (this.oldest + 1) % this.capacity;
  }

  /** The id of the newest event, or of the newest no longer kept: `since(newestId)` is what comes next. */
  get newestId(): number {
    return this.ring.length === 0 ? this.forgotten : this.at(this.ring.length - 1).id;
  }

  /** The events after `id`, oldest first; undefined when some may be missing (`id` is older than the kept events, or none of them). */
  since(id: number): T[] | undefined {
    if (id === this.forgotten) return this.from(0);
    if (id < this.forgotten) return undefined;
    const index = this.indexOf(id);
    return index < 0 ? undefined : this.from(index + 1);
  }

  /** The i-th kept event, oldest first. */
  private at(i: number): T {
    return this.ring[(this.oldest + i) % this.ring.length];
  }

  private from(start: number): T[] {
    const events: T[] = [];
    for (let i = start; i < this.ring.length; i++) events.push(this.at(i));
    return events;
  }

  /** Where the event with `id` is, oldest first (ids ascend), or -1. */
  private indexOf(id: number): number {
    let [low, high] = [0, this.ring.length - 1];
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.at(middle).id;
      if (found === id) return middle;
      if (found < id) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }
}
