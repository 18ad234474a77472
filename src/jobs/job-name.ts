import { createHash, randomInt } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `<job>-<yyyyMMddHHmmss in UTC>-<8 random [a-z0-9]>`, e.g. `compute-20210407105556-rkwaibwe`.
 * The suffix comes from a cryptographic source: 36^8 names a second make collisions between
 * concurrent creates vanishingly rare, and the gateway refuses the rare duplicate anyway.
 */
export function newJobName(job: string, now: Date, random: Random = randomInt): string {
  return `${job}-${stamp(now)}-${suffix(random)}`;
}

/**
 * `batch-<job>-<yyyyMMddHHmmss in UTC>-<8 random [a-z0-9]>`, e.g. `batch-compute-20210407105556-rkwaibwe`.
 * `<job>` is cut to its first 24 characters, so that the names of the batch's jobs
 * (`<batch>-<8 random>`) stay DNS-1123 labels of at most 63 characters.
 */
export function newBatchName(job: string, now: Date, random: Random = randomInt): string {
  return `batch-${job.slice(0, MAX_JOB_PART)}-${stamp(now)}-${suffix(random)}`;
}

/**
 * `<job>-<yyyyMMddHHmmss of the scheduled time>-<8 [a-z0-9] from the key>`: the name of a run a
 * schedule starts, the same for the same key and time on every replica and after a restart, so
 * that the runtime's refusal of a second job of that name makes each firing start at most once.
 */
export function scheduledJobName(job: string, scheduledTime: Date, key: string): string {
  const digest = createHash('sha256').update(`${key}@${scheduledTime.toISOString()}`).digest();
  let byte = 0;
  return `${job}-${stamp(scheduledTime)}-${suffix((max) => digest[byte++] % max)}`;
}

/** `<batch name>-<8 random [a-z0-9]>`: the name of one job of a batch. */
export function newBatchJobName(batchName: string, random: Random = randomInt): string {
  return `${batchName}-${suffix(random)}`;
}

type Random = (max: number) => number;

const MAX_JOB_PART = 63 - 'batch-'.length - '-yyyyMMddHHmmss-abcdefgh-abcdefgh'.length;

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:T]/g, '');
}

function suffix(random: Random): string {
  let text = '';
  for (let i = 0; i < 8; i++) text += ALPHABET[random(ALPHABET.length)];
  return text;
}

/**
 * Whether `name` could be a job this job definition made, single or of a batch: a name it
 * cannot have made is not found without asking the runtime.
 */
export function couldBeJobOf(job: string, name: string): boolean {
  const ours = name.startsWith(`${job}-`) || name.startsWith(`batch-${job.slice(0, MAX_JOB_PART)}-`);
  return ours && name.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name);
}
