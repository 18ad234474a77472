import {
  acceptedRecord,
  type FailurePolicyRule,
  type JobDescription,
  type JobRecord,
  type JobSpec,
  type JobState,
  type ReplicaRecord,
} from '../jobs/job.model.js';
import type { ProcessIdentity } from './process-identity.js';

/** What a local job needs to run, kept so that a job still waiting at a restart can run later. */
export interface StoredSpec {
  /** Program and its arguments: the command's first word runs, with the rest and `args` after it. */
  argv: string[];
  env: Record<string, string>;
  hasPayload: boolean;
  /** Names of the job definition's `secrets`: their values come from the scheduler's environment when the job starts, never from disk. */
  secrets?: string[];
  /** Names of the job definition's emptyDir mounts: each attempt gets an empty folder of the job's own for each. */
  scratch?: string[];
  timeLimitSeconds?: number;
  backoffLimit: number;
  failurePolicy?: { rules: FailurePolicyRule[] };
}

/** The content of a job's `job.json`: its record, how to run it, and which process runs it now. */
export interface JobDocument {
  record: JobRecord;
  spec: StoredSpec;
  /** The request it was made from (no payload), to copy or restart it; absent in records of older versions. */
  description?: JobDescription;
  process?: ProcessIdentity;
}

const VERSION = 1;
const STATES: ReadonlySet<JobState> = new Set(['Waiting', 'Running', 'Succeeded', 'Failed', 'Stopped']);

/** A job just accepted: Waiting, no attempts yet. */
export function newJobDocument(spec: JobSpec, now: Date): JobDocument {
  return { record: acceptedRecord(spec, now), spec: storedSpec(spec), description: spec.description };
}

export function storedSpec(spec: JobSpec): StoredSpec {
  return {
    argv: [...(spec.command ?? []), ...(spec.args ?? [])],
    env: spec.env,
    hasPayload: spec.payload !== undefined,
    secrets: spec.secrets.length > 0 ? spec.secrets : undefined,
    scratch: spec.emptyDirs.length > 0 ? spec.emptyDirs.map((mount) => mount.name) : undefined,
    timeLimitSeconds: spec.timeLimitSeconds,
    backoffLimit: spec.backoffLimit,
    failurePolicy: spec.failurePolicy,
  };
}

export function serializeJob(document: JobDocument): string {
  return `${JSON.stringify({ version: VERSION, ...document }, null, 2)}\n`;
}

/** Reads a `job.json`; throws an Error saying what is wrong when it is not a whole, valid document. */
export function parseJob(text: string, folderName: string): JobDocument {
  const value = JSON.parse(text) as (Partial<JobDocument> & { version?: number }) | null;
  if (value?.version !== VERSION) throw new Error(`unknown format version ${String(value?.version)}`);
  const { record, spec } = value;
  if (record) reviveDates(record);
  if (record?.name !== folderName) throw new Error(`record names ${String(record?.name)}, not ${folderName}`);
  if (!STATES.has(record.status)) throw new Error(`unknown status ${String(record.status)}`);
  if (!(record.created instanceof Date) || Number.isNaN(record.created.getTime())) throw new Error('created is not a time');
  if (!Array.isArray(record.replicas)) throw new Error('replicas is not a list');
  if (!Array.isArray(spec?.argv) || spec.argv.length === 0 || typeof spec.env !== 'object') throw new Error('no command to run');
  return { record, spec, description: value.description, process: value.process };
}

/**
 * Turns the timestamps of a record and its attempts back into Dates: only those, by name and
 * place, so that a variable or jobId that happens to be called `created` stays a string.
 */
function reviveDates(record: JobRecord): void {
  const revive = <T extends object>(item: T, keys: (keyof T)[]) => {
    for (const key of keys) if (typeof item[key] === 'string') (item[key] as unknown) = new Date(item[key]);
  };
  revive(record, ['created', 'started', 'ended', 'restartedAt', 'scheduledTime']);
  if (Array.isArray(record.replicas)) record.replicas.forEach((replica: ReplicaRecord) => revive(replica, ['created', 'started', 'ended']));
}
