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

/** The record's times, and its attempts', by name and place: only those are times. */
const RECORD_TIMES = ['created', 'started', 'ended', 'restartedAt', 'scheduledTime'] as const;
const REPLICA_TIMES = ['created', 'started', 'ended'] as const;

/** A job.json's text. Times are written as RFC 3339 text, as they always were, for people who read the file. */
export function serializeJob(document: JobDocument): string {
  const { record } = document;
  const replicas = record.replicas.map((replica) => ({ ...replica, ...asText(replica, REPLICA_TIMES) }));
  return `${JSON.stringify({ version: VERSION, ...document, record: { ...record, ...asText(record, RECORD_TIMES), replicas } }, null, 2)}\n`;
}

function asText<T extends object>(item: T, keys: readonly (keyof T)[]): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const key of keys) if (typeof item[key] === 'number') texts[key as string] = new Date(item[key]).toISOString();
  return texts;
}

/** Reads a `job.json`; throws an Error saying what is wrong when it is not a whole, valid document. */
export function parseJob(text: string, folderName: string): JobDocument {
  const value = JSON.parse(text) as (Partial<JobDocument> & { version?: number }) | null;
  if (value?.version !== VERSION) throw new Error(`unknown format version ${String(value?.version)}`);
  const { record, spec } = value;
  if (record) readTimes(record);
  if (record?.name !== folderName) throw new Error(`record names ${String(record?.name)}, not ${folderName}`);
  if (!STATES.has(record.status)) throw new Error(`unknown status ${String(record.status)}`);
  if (!Number.isFinite(record.created)) throw new Error('created is not a time');
  if (!Array.isArray(record.replicas)) throw new Error('replicas is not a list');
  if (!Array.isArray(spec?.argv) || spec.argv.length === 0 || typeof spec.env !== 'object') throw new Error('no command to run');
  return { record, spec, description: value.description, process: value.process };
}

/**
 * Turns the times of a record and its attempts back into numbers (EpochMs): only those, by name
 * and place, so that a variable or jobId that happens to be called `created` stays a string.
 */
function readTimes(record: JobRecord): void {
  const read = <T extends object>(item: T, keys: readonly (keyof T)[]) => {
    for (const key of keys) if (typeof item[key] === 'string') (item[key] as unknown) = Date.parse(item[key]);
  };
  read(record, RECORD_TIMES);
  if (Array.isArray(record.replicas)) record.replicas.forEach((replica: ReplicaRecord) => read(replica, REPLICA_TIMES));
}
