import type { Readable } from 'node:stream';
import type { JobChange, RuntimeSignal } from './job-event.js';
import type { JobDescription, JobRecord, JobSpec } from './job.model.js';

export interface GatewayReadiness {
  ready: boolean;
  /** Why not ready, for the readiness probe. */
  reason?: string;
}

export interface LogOptions {
  /** Go on with what comes while the job runs, and end when it has ended. */
  follow: boolean;
  /** Only the last lines. */
  tail?: number;
  /** The attempt (pod) by its index; the last one when absent. */
  attempt?: number;
  /** Aborts a follow that still waits for its attempt to begin (the client went, or shutdown). */
  signal?: AbortSignal;
}

/** What a runtime keeps of a job's request: enough to copy or restart it. */
export interface StoredJob {
  description: JobDescription;
  /** The payload bytes as stored; undefined when the job definition takes none. */
  payload?: Buffer;
}

/**
 * The port to a job runtime (Kubernetes or local processes), and its injection token.
 * It speaks in jobs, never in runtime objects, and only ever sees the jobs of the
 * job definition it was built for. A batch is jobs that share a batchName; the runtime
 * creates and deletes them together and keeps no batch object of its own.
 */
export abstract class JobGateway {
  /**
   * Starts jobs, all or nothing: when one cannot be made, none is left behind and none has
   * been seen by a reader. Throws JobConflictError when a name is taken,
   * RuntimeUnavailableError when the runtime cannot be reached.
   */
  abstract create(specs: JobSpec[]): Promise<JobRecord[]>;

  /**
   * Every job of this job definition, batch jobs included, in no particular order. Read-only:
   * while no job changes, runtimes answer the same array to every caller.
   */
  abstract list(): Promise<readonly JobRecord[]>;

  /**
   * Every job as the runtime holds it at this moment, not as a cache last saw it: what a
   * write over all jobs (stop all) acts on, so that a job another replica created a moment
   * ago is not missed. Where there is no cache, the list.
   */
  listCurrent(): Promise<readonly JobRecord[]> {
    return this.list();
  }

  /** One job, or undefined when it does not exist or belongs to another job definition. */
  abstract get(name: string): Promise<JobRecord | undefined>;

  /** The request and payload a job was made from. Throws JobNotFoundError. */
  abstract describe(name: string): Promise<StoredJob>;

  /** The output of a job's attempt, as text; empty when there is none yet. Throws JobNotFoundError. */
  abstract logs(name: string, options: LogOptions): Promise<Readable>;

  /** Keeps with the job what its webhook was last told (a deliverySignature); a job gone meanwhile is no failure. */
  abstract markDelivered(name: string, signature: string): Promise<void>;

  /** Stops a job that has not finished; its record stays, with status Stopped. A queued job is stopped without having run. */
  abstract stop(name: string): Promise<JobRecord>;

  /** Starts a queued job (see src/queue); one no longer queued (admitted, stopped, gone) is left as it is. */
  abstract admit(name: string): Promise<void>;

  /**
   * Ends a job that is not running its start deadline after its creation: Failed, with reason
   * StartDeadlineExceeded; its pods (or process) go, its record stays. Throws JobNotActiveError
   * when it has finished meanwhile, JobNotFoundError when it is gone.
   */
  abstract expire(name: string): Promise<JobRecord>;

  /** Deletes jobs and everything they own (a single job, or every job of a batch). Throws JobNotFoundError when one does not exist. */
  abstract delete(names: string[]): Promise<void>;

  /** Runs finished jobs again, each under its own name, from its spec; their attempts start anew. */
  abstract restart(specs: JobSpec[]): Promise<JobRecord[]>;

  /**
   * Removes jobs whose creation never completed (the scheduler died or lost the runtime
   * half-way) and that began before `before`, with every job of their batch; returns their
   * names. Nobody was told such a job exists, so nothing accepted is lost.
   */
  abstract removeAbandoned(before: Date): Promise<string[]>;

  abstract readiness(): GatewayReadiness;

  /**
   * Registers a listener called, in order, for each change of a job seen: created, changed,
   * deleted. State loaded at start (the first sync on Kubernetes, the records on disk
   * locally) is no change; what a start changes (a local job it fails) is.
   */
  abstract onChange(listener: (change: JobChange) => void): void;

  /** Registers a listener for what the runtime notices about itself; a runtime with nothing to tell never calls it. */
  onSignal(_listener: (signal: RuntimeSignal) => void): void {}
}
