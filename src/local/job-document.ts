import type { FailurePolicyRule, JobRecord, JobSpec, JobState } from '../jobs/job.model.js';
import type { ProcessIdentity } from './process-identity.js';

/** What a local job needs to run, kept so that a job still waiting at a restart can run later. */
export interface StoredSpec {
  /** Program and its arguments: the command's first word runs, with the rest and `args` after it. */
  argv: string[];
  env: Record<string, string>;
  hasPayload: boolean;
  timeLimitSeconds?: number;
  backoffLimit: number;
  failurePolicy?: { rules: FailurePolicyRule[] };
}

/** The content of a job's `job.json`: its record, how to run it, and which process runs it now. */
export interface JobDocument {
  record: JobRecord;
  spec: StoredSpec;
  process?: ProcessIdentity;
}

const VERSION = 1;
const DATE_KEYS = new Set(['created', 'started', 'ended']);
const STATES: ReadonlySet<JobState> = new Set(['Waiting', 'Running', 'Succeeded', 'Failed', 'Stopped']);

/** A job just accepted: Waiting, no attempts yet. */
export function newJobDocument(spec: JobSpec, created: Date): JobDocument {
  return { record: { name: spec.name, jobId: spec.jobId, created, status: 'Waiting', replicas: [] }, spec: storedSpec(spec) };
}

export function storedSpec(spec: JobSpec): StoredSpec {
  return {
    argv: [...(spec.command ?? []), ...(spec.args ?? [])],
    env: spec.env,
    hasPayload: spec.payload !== undefined,
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
  const value = JSON.parse(text, (key, raw: unknown) => (DATE_KEYS.has(key) && typeof raw === 'string' ? new Date(raw) : raw)) as
    | (Partial<JobDocument> & { version?: number })
    | null;
  if (value?.version !== VERSION) throw new Error(`unknown format version ${String(value?.version)}`);
  const { record, spec } = value;
  if (record?.name !== folderName) throw new Error(`record names ${String(record?.name)}, not ${folderName}`);
  if (!STATES.has(record.status)) throw new Error(`unknown status ${String(record.status)}`);
  if (!(record.created instanceof Date) || Number.isNaN(record.created.getTime())) throw new Error('created is not a time');
  if (!Array.isArray(record.replicas)) throw new Error('replicas is not a list');
  if (!Array.isArray(spec?.argv) || spec.argv.length === 0 || typeof spec.env !== 'object') throw new Error('no command to run');
  return { record, spec, process: value.process };
}
