import { Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { formatTimestamp, toJobStatus } from '../jobs/dto/job-status.dto.js';
import type { HubEvent, JobEvent, ScheduleEvent } from '../jobs/job-event.js';
import { merge } from 'rxjs';
import { JobEventHub, REPLAY_EVENTS } from '../jobs/job-event-hub.js';
import { InvalidRequestError } from '../jobs/jobs.errors.js';
import { EventPace } from './event-pace.js';

export const HEARTBEAT_MS = 15_000;

export interface StreamFilter {
  job?: string;
  batch?: string;
}

/**
 * `GET /api/v1/events` as Server-Sent Events: each event's `id:` is its event id, and a client
 * that reconnects with `Last-Event-ID` gets what it missed, from the last REPLAY_EVENTS events
 * of this run of the scheduler. When what it missed is no longer kept (or came before a
 * restart, or the id is another replica's), it gets an `event: reset` first and should list again. A comment line every 15 s
 * keeps proxies from closing a quiet stream; shutdown ends every stream. Events go out no
 * faster than the client reads them (EventPace).
 */
@Injectable()
export class EventStream {
  private readonly logger = new Logger(EventStream.name);

  constructor(private readonly events: JobEventHub) {}

  /** Throws InvalidRequestError, before anything is written, for a Last-Event-ID that is no event id. */
  open(response: Response, filter: StreamFilter, lastEventHeader?: string): void {
    if (lastEventHeader !== undefined && !/^\d{1,17}$/.test(lastEventHeader))
      throw new InvalidRequestError('Last-Event-ID: must be the id of an event of this stream');
    response.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    response.flushHeaders();
    const filtered = filter.job !== undefined || filter.batch !== undefined;
    // A filter names jobs: firings of schedules that started none are sent to unfiltered streams only.
    const matches = (event: HubEvent) =>
      'job' in event
        ? (!filter.job || event.job.name === filter.job) && (!filter.batch || event.job.batchName === filter.batch)
        : !filtered;
    const pace = new EventPace(response, this.events, (event) =>
      matches(event) ? ('job' in event ? frame(event) : scheduleFrame(event)) : undefined,
    );
    response.write('retry: 2000\n\n');
    if (lastEventHeader !== undefined && !pace.resumeAfter(eventId(lastEventHeader)))
      pace.extra(
        `event: reset\ndata: {"reason":"events after ${lastEventHeader} are not kept here (the last ${REPLAY_EVENTS} events of this run of this replica are); list again"}\n\n`,
      );
    const subscription = merge(this.events.events$, this.events.scheduleEvents$).subscribe({
      next: (event) => pace.next(event),
      complete: () => response.end(),
    });
    const heartbeat = setInterval(() => pace.extra(': heartbeat\n\n'), HEARTBEAT_MS);
    response.on('close', () => {
      clearInterval(heartbeat);
      subscription.unsubscribe();
    });
    if (this.events.isClosed) response.end();
    this.logger.debug(`event stream opened job=${filter.job ?? '*'} batch=${filter.batch ?? '*'}`);
  }
}

/** A schedule's firing that started no job, as an SSE event of its own type: a client reading only `message` events never sees one. */
function scheduleFrame(event: ScheduleEvent): string {
  const { schedule } = event;
  const data = {
    id: event.id,
    event: event.type,
    at: formatTimestamp(event.at),
    schedule: { ...schedule, scheduledTime: formatTimestamp(schedule.scheduledTime) },
  };
  return `event: schedule\nid: ${event.id}\ndata: ${JSON.stringify(data)}\n\n`;
}

function frame(event: JobEvent): string {
  const data = { id: event.id, event: event.type, at: formatTimestamp(event.at), job: toJobStatus(event.job) };
  return `id: ${event.id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The id a Last-Event-ID names, or -1 for one past the integers a number holds exactly: no
 * event has such an id, and rounding it could name another event's.
 */
function eventId(header: string): number {
  const id = Number(header);
  return Number.isSafeInteger(id) ? id : -1;
}
