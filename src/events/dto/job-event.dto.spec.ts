import { describe, expect, it } from '@jest/globals';
import type { Response } from 'express';
import { Subject } from 'rxjs';
import { generateOpenApiDocument } from '../../openapi.document.js';
import { EventStream } from '../event-stream.service.js';
import type { JobEvent, ScheduleEvent } from '../../jobs/job-event.js';
import type { JobEventHub } from '../../jobs/job-event-hub.js';
import { JOB_EVENT_TYPES } from './job-event.dto.js';

/** What an open stream writes, frame by frame, for the events given to its hub. */
function framesFor(events: JobEvent[], scheduleEvents: ScheduleEvent[] = []): string[] {
  const events$ = new Subject<JobEvent>();
  const scheduleEvents$ = new Subject<ScheduleEvent>();
  const hub = { events$, scheduleEvents$, since: () => [], isClosed: false } as unknown as JobEventHub;
  const written: string[] = [];
  let close = () => undefined as unknown;
  const response = {
    status: () => response,
    set: () => response,
    flushHeaders: () => undefined,
    write: (chunk: string) => written.push(chunk),
    on: (name: string, listener: () => unknown) => ((close = name === 'close' ? listener : close), response),
    end: () => undefined,
  };
  new EventStream(hub).open(response as unknown as Response, {});
  events.forEach((event) => events$.next(event));
  scheduleEvents.forEach((event) => scheduleEvents$.next(event));
  close();
  return written.filter((frame) => frame.includes('data: '));
}

describe('the JobEvent schema', () => {
  const at = Date.parse('2026-01-01T00:00:00Z');
  const job = { name: 'compute-20260101000000-aaaaaaaa', created: at, status: 'Waiting' as const, replicas: [] };

  it('describes the data of every frame the event stream writes, for every event type', async () => {
    const schemas = (await generateOpenApiDocument()).components!.schemas! as Record<
      string,
      { required?: string[]; properties?: object; enum?: string[] }
    >;
    const data = framesFor(JOB_EVENT_TYPES.map((type, i) => ({ id: 1000 + i, type, at, job }))).map(
      (frame) => JSON.parse(/^data: (.*)$/m.exec(frame)![1]) as Record<string, unknown>,
    );
    expect(data.map((event) => event.event)).toEqual(schemas.JobEventType.enum);
    for (const event of data) {
      expect(Object.keys(event).sort()).toEqual([...schemas.JobEvent.required!].sort());
      expect(Object.keys(event).sort()).toEqual(Object.keys(schemas.JobEvent.properties!).sort());
      expect(event).toMatchObject({ id: expect.any(Number), at: '2026-01-01T00:00:00Z', job: { name: job.name } });
    }
  });

  it('describes the data of every schedule frame', async () => {
    const schemas = (await generateOpenApiDocument()).components!.schemas! as Record<string, { required?: string[]; properties?: object }>;
    const schedule = { id: '5d41402abc4b', expression: '0 2 * * *', scheduledTime: new Date(at), reason: 'Forbid', count: 1 };
    const frames = framesFor(
      [],
      [
        { id: 7, type: 'skipped', at, schedule },
        { id: 8, type: 'missed', at, schedule },
      ],
    );
    for (const frame of frames) {
      const data = JSON.parse(/^data: (.*)$/m.exec(frame)![1]) as Record<string, Record<string, unknown>>;
      expect(Object.keys(data).sort()).toEqual([...schemas.ScheduleEvent.required!].sort());
      expect(Object.keys(data.schedule).sort()).toEqual(Object.keys(schemas.FiringSummary.properties!).sort());
    }
    expect(frames).toHaveLength(2);
  });
});
