import { type Client, createClient } from './gen/client/index.js';
import * as sdk from './gen/sdk.gen.js';
import type {
  BatchScheduleDescription,
  BatchStatus,
  GetBatchesData,
  GetJobsData,
  JobEvent,
  JobScheduleDescription,
  JobStatus,
  ScheduleEvent,
  ScheduleStatus,
  Status,
} from './gen/types.gen.js';

export * from './gen/types.gen.js';
export { sdk };

export interface SchedulerClientOptions {
  /** The scheduler, e.g. `http://compute:8000`; `''` for the page's own origin. */
  baseUrl: string;
  /** The API token, when the scheduler has one. */
  token?: string | (() => string | undefined);
  fetch?: typeof fetch;
}

/** An answer of the API that is not a success: its Radix Status. */
export class SchedulerApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<Status>,
  ) {
    super(body.message ?? `the scheduler answered ${status}`);
    this.name = 'SchedulerApiError';
  }
}

export interface Page<T> {
  items: T[];
  /** The `continue` token of the next page, when there is one. */
  next?: string;
}

export interface FollowEventsOptions {
  /** Only the events of this job. */
  job?: string;
  /** Only the events of this batch's jobs. */
  batch?: string;
  signal?: AbortSignal;
  /** Events were missed (the scheduler no longer keeps them): list again. */
  onReset?: () => void;
  /** A firing of a schedule that started no job (skipped or missed); sent to unfiltered streams only. */
  onSchedule?: (event: ScheduleEvent) => void;
}

const FINISHED = new Set(['Succeeded', 'Failed', 'Stopped']);

/**
 * The generated operations (`sdk`) bound to one scheduler, and what is more than one call:
 * waiting for a job, following the event stream and following a log.
 */
export class SchedulerClient {
  readonly client: Client;
  private readonly options: SchedulerClientOptions;

  constructor(options: SchedulerClientOptions) {
    this.options = options;
    this.client = createClient({ baseUrl: options.baseUrl, fetch: options.fetch, auth: () => this.token() });
  }

  createJob(body: JobScheduleDescription = {}, idempotencyKey?: string): Promise<JobStatus> {
    return this.call(
      sdk.createJob({ client: this.client, body, headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined }),
    );
  }

  getJob(jobName: string): Promise<JobStatus> {
    return this.call(sdk.getJob({ client: this.client, path: { jobName } }));
  }

  async listJobs(query: GetJobsData['query'] = {}): Promise<Page<JobStatus>> {
    const { data, response } = await sdk.getJobs({ client: this.client, query }).then(this.checked);
    return { items: data, next: response.headers.get('x-continue') ?? undefined };
  }

  stopJob(jobName: string): Promise<Status> {
    return this.call(sdk.stopJob({ client: this.client, path: { jobName } }));
  }

  deleteJob(jobName: string): Promise<Status> {
    return this.call(sdk.deleteJob({ client: this.client, path: { jobName } }));
  }

  restartJob(jobName: string): Promise<JobStatus> {
    return this.call(sdk.restartJob({ client: this.client, path: { jobName } }));
  }

  copyJob(jobName: string): Promise<JobStatus> {
    return this.call(sdk.copyJob({ client: this.client, path: { jobName } }));
  }

  async payload(jobName: string): Promise<string> {
    return (await this.text(`/api/v1/jobs/${encodeURIComponent(jobName)}/payload`)).text();
  }

  createBatch(body: BatchScheduleDescription, idempotencyKey?: string): Promise<BatchStatus> {
    return this.call(
      sdk.createBatch({ client: this.client, body, headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined }),
    );
  }

  getBatch(batchName: string): Promise<BatchStatus> {
    return this.call(sdk.getBatch({ client: this.client, path: { batchName } }));
  }

  async listBatches(query: GetBatchesData['query'] = {}): Promise<Page<BatchStatus>> {
    const { data, response } = await sdk.getBatches({ client: this.client, query }).then(this.checked);
    return { items: data, next: response.headers.get('x-continue') ?? undefined };
  }

  deleteBatch(batchName: string): Promise<Status> {
    return this.call(sdk.deleteBatch({ client: this.client, path: { batchName } }));
  }

  stopBatch(batchName: string): Promise<Status> {
    return this.call(sdk.stopBatch({ client: this.client, path: { batchName } }));
  }

  /** The job definition's cron schedules with their next and last firings; `[]` when it has none. */
  listSchedules(): Promise<ScheduleStatus[]> {
    return this.call(sdk.getSchedules({ client: this.client }));
  }

  /** Pauses a schedule on every replica and across restarts: it fires nothing until resumed. */
  pauseSchedule(scheduleId: string): Promise<ScheduleStatus> {
    return this.call(sdk.pauseSchedule({ client: this.client, path: { scheduleId } }));
  }

  /** Resumes a schedule: it fires from its next time on, not for the times that fell in the pause. */
  resumeSchedule(scheduleId: string): Promise<ScheduleStatus> {
    return this.call(sdk.resumeSchedule({ client: this.client, path: { scheduleId } }));
  }

  /** Starts a run of a schedule now, paused or not; a 409 when its policy is Forbid and a run is unfinished. */
  runSchedule(scheduleId: string): Promise<JobStatus> {
    return this.call(sdk.runSchedule({ client: this.client, path: { scheduleId } }));
  }

  /** The job once it has finished: the scheduler holds each ask up to 300 s (`?wait=`), and it asks again until `timeoutSeconds`. */
  async waitForJob(jobName: string, timeoutSeconds = 3600): Promise<JobStatus> {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      const wait = Math.max(0, Math.min(300, Math.ceil((deadline - Date.now()) / 1000)));
      const job = await this.call(sdk.getJob({ client: this.client, path: { jobName }, query: { wait } }));
      if (FINISHED.has(job.status) || Date.now() >= deadline) return job;
    }
  }

  /** A job's log: all of it, or the last `tail` lines. */
  async logs(jobName: string, options: { tail?: number; attempt?: number } = {}): Promise<string> {
    return (await this.text(logPath(jobName, { ...options, follow: false }))).text();
  }

  /** Calls `onText` with a running job's log as it comes; resolves when the job has ended (or `signal` aborts). */
  async followLogs(jobName: string, onText: (text: string) => void, options: { tail?: number; signal?: AbortSignal } = {}): Promise<void> {
    const response = await this.text(logPath(jobName, { ...options, follow: true }), options.signal);
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) onText(decoder.decode(chunk, { stream: true }));
  }

  /**
   * Calls `onEvent` for every job event of the stream (of one job or batch, when given) until
   * `signal` aborts; reconnects after a break with the last event id, so nothing is missed
   * while the scheduler keeps it. `onReset` is told when it did not, and the caller should list again.
   * `onSchedule` is told of the firings of schedules that started no job, which only an
   * unfiltered stream carries; without it they are left out, so `onEvent` sees job events only.
   */
  async followEvents(onEvent: (event: JobEvent) => void, options: FollowEventsOptions = {}): Promise<void> {
    let lastEventId: string | undefined;
    while (!options.signal?.aborted) {
      try {
        const query = new URLSearchParams({
          ...(options.job ? { job: options.job } : {}),
          ...(options.batch ? { batch: options.batch } : {}),
        });
        const response = await this.text(
          `/api/v1/events${query.size > 0 ? `?${query}` : ''}`,
          options.signal,
          lastEventId ? { 'Last-Event-ID': lastEventId } : {},
        );
        await readFrames(response, (frame) => {
          if (frame.event === 'reset') return options.onReset?.();
          // Schedule events are numbered in the same sequence: resuming after one misses nothing.
          if (frame.id) lastEventId = frame.id;
          if (!frame.data) return;
          if (frame.event === 'schedule') options.onSchedule?.(JSON.parse(frame.data) as ScheduleEvent);
          // A frame of a type this client does not know yet is not a job event either.
          else if (frame.event === undefined || frame.event === 'message') onEvent(JSON.parse(frame.data) as JobEvent);
        });
      } catch (error) {
        if (options.signal?.aborted) return;
        if (error instanceof SchedulerApiError && error.status < 500) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  private token(): string | undefined {
    const { token } = this.options;
    return typeof token === 'function' ? token() : token;
  }

  private readonly checked = <T>({
    data,
    error,
    response,
  }: {
    data?: T;
    error?: unknown;
    response?: Response;
  }): { data: T; response: Response } => {
    if (error !== undefined || data === undefined || !response) throw new SchedulerApiError(response?.status ?? 0, error ?? {});
    return { data, response };
  };

  private async call<T>(request: Promise<{ data?: T; error?: unknown; response?: Response }>): Promise<T> {
    return this.checked(await request).data;
  }

  /** A request whose answer is text or a stream, which the generated operations would parse. */
  private async text(path: string, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<Response> {
    const token = this.token();
    const response = await (this.options.fetch ?? fetch)(`${this.options.baseUrl}${path}`, {
      headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      signal,
    });
    if (!response.ok) throw new SchedulerApiError(response.status, (await response.json().catch(() => ({}))) as Partial<Status>);
    return response;
  }
}

function logPath(jobName: string, options: { tail?: number; attempt?: number; follow: boolean }): string {
  const query = new URLSearchParams({
    ...(options.follow ? { follow: 'true' } : {}),
    ...(options.tail !== undefined ? { tail: String(options.tail) } : {}),
    ...(options.attempt !== undefined ? { attempt: String(options.attempt) } : {}),
  });
  return `/api/v1/jobs/${encodeURIComponent(jobName)}/logs${query.size > 0 ? `?${query}` : ''}`;
}

/** Server-Sent Events frames, as they come. */
async function readFrames(response: Response, onFrame: (frame: { id?: string; event?: string; data: string }) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const frame: { id?: string; event?: string; data: string } = { data: '' };
      for (const line of buffer.slice(0, end).split('\n')) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const [field, value] = [line.slice(0, colon), line.slice(colon + 1).replace(/^ /, '')];
        if (field === 'id') frame.id = value;
        else if (field === 'event') frame.event = value;
        else if (field === 'data') frame.data += value;
      }
      buffer = buffer.slice(end + 2);
      if (frame.data || frame.event) onFrame(frame);
    }
  }
}
