import { Logger } from '@nestjs/common';
import type { Clock } from '../jobs/clock.js';
import { type EpochMs, isFinished, type ReplicaRecord } from '../jobs/job.model.js';
import type { BoundedOutput } from './bounded-output.js';
import { judgeFailure } from './failure-policy.js';
import type { JobDocument } from './job-document.js';
import { type AttemptOutcome, cannotStart, deadlineExceeded, describeExit, type Ending, finalReason } from './job-outcome.js';
import type { JobProcess } from './job-process.js';
import { setLongTimeout } from './long-timeout.js';

export interface RunDeps {
  clock: Clock;
  /** Starts the process of one attempt; rejects when it cannot start. */
  launch(): Promise<JobProcess>;
  outputs: BoundedOutput[];
  retryDelayMs(retry: number): number;
  /** Called after each change of the document, to persist it. */
  changed(): void;
}

/**
 * Drives one job from leaving the queue to a finished state: one attempt (process) after the
 * other while failures allow retries, within the time limit, until stopped. It mutates the
 * job's document; `done` resolves once the job finished and its processes are gone.
 */
export class JobRun {
  private readonly logger = new Logger(JobRun.name);
  private process?: JobProcess;
  private launching = true;
  private ending?: Ending;
  private cancelDeadline?: () => void;
  private cancelRetry?: () => void;
  private finished = false;
  private resolveDone!: () => void;
  readonly done = new Promise<void>((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly document: JobDocument,
    private readonly deps: RunDeps,
  ) {}

  /** Opens the output files and starts the first attempt; the time limit counts from now. */
  start(): void {
    const limit = this.document.spec.timeLimitSeconds;
    if (limit !== undefined) this.cancelDeadline = setLongTimeout(limit * 1000, () => this.end(deadlineExceeded(limit)));
    void Promise.all(this.deps.outputs.map((output) => output.open())).then(() => this.next());
  }

  /**
   * Ends the job from outside. The record says so at once; a running process gets SIGTERM to
   * its group, then SIGKILL after the grace period, and `done` resolves when it is gone.
   */
  end(ending: Ending): void {
    const { record } = this.document;
    if (this.ending || isFinished(record.status)) return;
    this.ending = ending;
    Object.assign(record, { status: ending.status, message: ending.message, reason: finalReason(ending), ended: this.now() });
    this.deps.changed();
    this.cancelRetry?.();
    if (this.process) this.process.terminate();
    else if (!this.launching) void this.finish();
  }

  private now(): EpochMs {
    return this.deps.clock.now().getTime();
  }

  private next(): void {
    this.attempt().catch((error: unknown) => {
      this.logger.error(`job run broke name=${this.document.record.name}`, (error as Error).stack);
      this.process?.terminate();
      Object.assign(this.document.record, {
        status: 'Failed',
        message: 'internal error of the local runtime',
        ended: this.now(),
      });
      void this.finish();
    });
  }

  private async attempt(): Promise<void> {
    this.launching = true;
    if (this.ending) return this.finish();
    const { record } = this.document;
    const index = record.replicas.length;
    const replica: ReplicaRecord = {
      name: `${record.name}-${index}`,
      podIndex: index,
      restartCount: 0,
      created: this.now(),
      state: 'Pending',
    };
    record.replicas.push(replica);
    let attempt: JobProcess;
    try {
      attempt = await this.deps.launch();
    } catch (error) {
      this.launching = false;
      return this.attemptEnded(replica, cannotStart(this.document.spec.argv[0], error as Error));
    }
    this.launching = false;
    this.process = attempt;
    Object.assign(replica, { started: this.now(), state: 'Running' });
    record.started ??= replica.started;
    if (!this.ending) record.status = 'Running';
    this.document.process = attempt.identity;
    this.deps.changed();
    if (this.ending) attempt.terminate();
    const exit = await attempt.exited;
    this.process = undefined;
    this.document.process = undefined;
    return this.attemptEnded(replica, describeExit(exit));
  }

  private async attemptEnded(replica: ReplicaRecord, outcome: AttemptOutcome): Promise<void> {
    const { record, spec } = this.document;
    const now = this.now();
    Object.assign(replica, outcome, { ended: now });
    if (this.ending) {
      Object.assign(replica, { state: this.ending.status, reason: this.ending.reason, message: this.ending.message });
      return this.finish();
    }
    if (outcome.exitCode === 0) {
      replica.state = 'Succeeded';
      Object.assign(record, { status: 'Succeeded', ended: now, message: undefined });
      return this.finish();
    }
    replica.state = 'Failed';
    const verdict = judgeFailure({ exitCode: outcome.exitCode, message: outcome.message ?? outcome.reason }, record.failed ?? 0, spec);
    if (verdict.counted) record.failed = (record.failed ?? 0) + 1;
    if (!verdict.retry) {
      Object.assign(record, {
        status: 'Failed',
        ended: now,
        message: verdict.message,
        reason: outcome.reason === 'StartError' ? 'StartError' : verdict.reason,
      });
      return this.finish();
    }
    this.deps.changed();
    this.cancelRetry = setLongTimeout(this.deps.retryDelayMs(record.replicas.length), () => {
      this.cancelRetry = undefined;
      this.next();
    });
  }

  private async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.launching = false;
    this.cancelDeadline?.();
    this.cancelRetry?.();
    this.document.process = undefined;
    await Promise.all(this.deps.outputs.map((output) => output.close()));
    this.deps.changed();
    this.resolveDone();
  }
}
