import type { JobRecord, JobSpec } from './job.model.js';

export interface GatewayReadiness {
  ready: boolean;
  /** Why not ready, for the readiness probe. */
  reason?: string;
}

/**
 * The port to a job runtime (Kubernetes or local processes), and its injection token.
 * It speaks in jobs, never in runtime objects, and only ever sees the jobs of the
 * job definition it was built for.
 */
export abstract class JobGateway {
  /**
   * Starts a job. Throws JobConflictError when the name is taken, RuntimeUnavailableError
   * when the runtime cannot be reached; a failed start leaves nothing behind.
   */
  abstract create(spec: JobSpec): Promise<JobRecord>;

  /** Every job of this job definition, newest first. */
  abstract list(): Promise<JobRecord[]>;

  /** One job, or undefined when it does not exist or belongs to another job definition. */
  abstract get(name: string): Promise<JobRecord | undefined>;

  /** Stops a job that has not finished; its record stays, with status Stopped. */
  abstract stop(name: string): Promise<JobRecord>;

  /** Deletes a job and everything it owns. Throws JobNotFoundError when it does not exist. */
  abstract delete(name: string): Promise<void>;

  /**
   * Removes jobs whose creation never completed (the scheduler died or lost the runtime
   * half-way) and that began before `before`; returns their names. Nobody was told such a
   * job exists, so nothing accepted is lost.
   */
  abstract removeAbandoned(before: Date): Promise<string[]>;

  abstract readiness(): GatewayReadiness;

  /** Registers a listener called once for each job seen to finish. */
  abstract onFinished(listener: (job: JobRecord) => void): void;
}
