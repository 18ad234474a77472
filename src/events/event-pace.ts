import type { Response } from 'express';
import type { HubEvent } from '../jobs/job-event.js';
import { type JobEventHub, REPLAY_EVENTS } from '../jobs/job-event-hub.js';

/**
 * The events of one stream, written no faster than its client reads them. While the socket's
 * buffer is full (`write()` said false) nothing more is queued for it: the stream keeps only
 * the id of the last event it dealt with, and once the socket drains it reads what came since
 * from the hub's replay window, which every stream shares. So a client that does not read
 * holds one socket buffer of events in the scheduler, however many events happen, and a
 * resume of thousands of events goes out as fast as the client takes them. A client that
 * fell further behind than the replay window gets `event: reset` and goes on from there.
 * (A client that reads nothing at all is cut off by the server's stall timeout.)
 */
export class EventPace {
  /** The id of the last event written or filtered out. */
  private cursor: number;
  /** The socket's buffer is full: events are read from the replay window once it drains. */
  private behind = false;

  constructor(
    private readonly response: Response,
    private readonly hub: JobEventHub,
    /** The frame of an event for this stream, or undefined when its filter leaves the event out. */
    private readonly frame: (event: HubEvent) => string | undefined,
  ) {
    this.cursor = hub.lastId;
    response.on('drain', () => {
      this.behind = false;
      this.catchUp();
    });
  }

  /** Sends the events after `id` first; false (and nothing sent) when they are not all kept. */
  resumeAfter(id: number): boolean {
    if (this.hub.since(id) === undefined) return false;
    this.cursor = id;
    this.catchUp();
    return true;
  }

  /** A live event from the hub; one the stream is behind on waits in the replay window. */
  next(event: HubEvent): void {
    if (this.behind || event.id <= this.cursor) return;
    this.cursor = event.id;
    const text = this.frame(event);
    if (text !== undefined) this.write(text);
  }

  /** A comment or other frame that carries no event; left out while the client has unread bytes. */
  extra(text: string): void {
    if (!this.behind) this.write(text);
  }

  private write(text: string): void {
    if (!this.response.write(text)) this.behind = true;
  }

  private catchUp(): void {
    const missed = this.hub.since(this.cursor);
    if (!missed) {
      this.cursor = this.hub.lastId;
      return this.write(
        `event: reset\ndata: {"reason":"this stream fell more than the last ${REPLAY_EVENTS} events behind; list again"}\n\n`,
      );
    }
    for (const event of missed) {
      this.cursor = event.id;
      const text = this.frame(event);
      if (text !== undefined && !this.response.write(text)) return void (this.behind = true);
    }
  }
}
