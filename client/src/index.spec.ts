import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { type JobEvent, type ScheduleEvent, SchedulerApiError, SchedulerClient } from './index.js';

/** A fetch that answers from a table and records what it was asked, as `POST /path` with the request's headers. */
function fakeFetch(answer: (asked: string, signal?: AbortSignal) => Response) {
  const calls: { asked: string; headers: Headers }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const asked = `${request.method} ${new URL(request.url).pathname}`;
    calls.push({ asked, headers: request.headers });
    return answer(asked, init?.signal ?? undefined);
  };
  return { fetch, calls };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** An event stream that sends `text` and stays open until `signal` aborts, as the scheduler's does. */
function stream(text: string, signal?: AbortSignal, { end = false } = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      if (end) return controller.close();
      signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
}

const schedule = {
  id: '5d41402abc4b',
  schedule: '0 3 * * *',
  timeZone: 'Europe/Oslo',
  concurrency: 'Forbid',
  nextRun: '2026-12-08T02:00:00Z',
  paused: false,
  lastRun: null,
};
const jobFrame = (id: number, name: string) => `id: ${id}\ndata: ${JSON.stringify({ id, event: 'created', job: { name } })}\n\n`;
const skipped: ScheduleEvent = {
  id: 2,
  event: 'skipped',
  at: '2026-12-07T02:00:01Z',
  schedule: { id: schedule.id, expression: '0 3 * * *', scheduledTime: '2026-12-07T02:00:00Z', reason: 'Forbid', count: 1 },
};
const scheduleFrame = `event: schedule\nid: 2\ndata: ${JSON.stringify(skipped)}\n\n`;

describe('SchedulerClient', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  describe('schedules', () => {
    it('lists, pauses, resumes and runs a schedule by its id, each with the route of its verb', async () => {
      const run = { name: 'compute-20261207020000-abcd1234', status: 'Waiting', cronSchedule: '0 3 * * *' };
      const { fetch, calls } = fakeFetch((asked) =>
        asked.endsWith('/run')
          ? json(run)
          : asked.startsWith('GET')
            ? json([schedule])
            : json({ ...schedule, paused: asked.endsWith('/pause') }),
      );
      const sut = new SchedulerClient({ baseUrl: 'http://compute:8000', token: 't0ken', fetch });

      expect(await sut.listSchedules()).toEqual([schedule]);
      expect((await sut.pauseSchedule(schedule.id)).paused).toBe(true);
      expect((await sut.resumeSchedule(schedule.id)).paused).toBe(false);
      expect(await sut.runSchedule(schedule.id)).toEqual(run);
      expect(calls.map((call) => call.asked)).toEqual([
        'GET /api/v1/schedules',
        `POST /api/v1/schedules/${schedule.id}/pause`,
        `POST /api/v1/schedules/${schedule.id}/resume`,
        `POST /api/v1/schedules/${schedule.id}/run`,
      ]);
      expect(calls.every((call) => call.headers.get('Authorization') === 'Bearer t0ken')).toBe(true);
    });

    it("reports a refused run now as a SchedulerApiError with the API's Status", async () => {
      const refusal = {
        kind: 'Status',
        status: 'Failure',
        code: 409,
        reason: 'Conflict',
        message: 'schedule "0 3 * * *" forbids concurrent runs',
      };
      const { fetch } = fakeFetch(() => json(refusal, 409));
      const sut = new SchedulerClient({ baseUrl: 'http://compute:8000', fetch });

      const error = await sut.runSchedule(schedule.id).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(SchedulerApiError);
      expect(error).toMatchObject({ status: 409, message: refusal.message, body: { reason: 'Conflict' } });
    });
  });

  describe('followEvents', () => {
    const frames = [
      jobFrame(1, 'compute-a'),
      scheduleFrame,
      ': heartbeat\n\n',
      'event: not-yet-known\nid: 3\ndata: {}\n\n',
      jobFrame(4, 'compute-b'),
    ];

    /** Follows a stream that sends `frames`, until job `compute-b` comes; what each callback got. */
    const follow = async (withSchedules: boolean) => {
      const { fetch } = fakeFetch((_, signal) => stream(frames.join(''), signal));
      const sut = new SchedulerClient({ baseUrl: 'http://compute:8000', fetch });
      const abort = new AbortController();
      const got = { jobs: [] as string[], schedules: [] as ScheduleEvent[] };
      const onEvent = (event: JobEvent) => {
        got.jobs.push(event.job.name);
        if (event.job.name === 'compute-b') abort.abort();
      };
      await sut.followEvents(onEvent, { signal: abort.signal, ...(withSchedules ? { onSchedule: (e) => got.schedules.push(e) } : {}) });
      return got;
    };

    it('tells its callback of job events only, as it did before schedules came', async () => {
      expect(await follow(false)).toEqual({ jobs: ['compute-a', 'compute-b'], schedules: [] });
    });

    it('hands schedule frames to onSchedule, and them only', async () => {
      expect(await follow(true)).toEqual({ jobs: ['compute-a', 'compute-b'], schedules: [skipped] });
    });

    it('resumes after a schedule event it was the last to get, with its id', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
      const abort = new AbortController();
      const { fetch, calls } = fakeFetch((_, signal) =>
        calls.length === 1 ? stream(jobFrame(1, 'compute-a') + scheduleFrame, signal, { end: true }) : stream('', signal),
      );
      const sut = new SchedulerClient({ baseUrl: 'http://compute:8000', fetch });
      const following = sut.followEvents(() => undefined, { signal: abort.signal });

      await jest.advanceTimersByTimeAsync(1000);
      abort.abort();
      await following;

      expect(calls.map((call) => call.headers.get('Last-Event-ID'))).toEqual([null, '2']);
    });
  });
});
