import { CronGrammarError, isTimeZone, parseCron } from '../validation/cron-grammar.js';
import type { RadixApplication, RadixCronSchedule, RadixJob } from './radix-application.config.js';

export const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'] as const;
export type ConcurrencyPolicy = (typeof CONCURRENCY_POLICIES)[number];

/** At most this many schedules per job, as Radix allows. */
export const MAX_SCHEDULES = 20;

/** A job definition's cron, after its environment's override: when its runs start. */
export interface CronDefinition {
  /** An IANA time zone name; UTC when radixconfig.yaml names none. */
  timeZone: string;
  /** Distinct robfig/cron expressions, checked at start. */
  schedules: string[];
  /** What a firing does while one of the definition's cron runs is unfinished. */
  concurrency: ConcurrencyPolicy;
  /** Extension: after a restart or failover, start the most recent missed firing if it is at most this old. */
  startingDeadlineSeconds?: number;
}

/** The environment's `cron` replaces the job's as a whole, as in Radix; no field is merged. */
export function resolveCron(job: RadixJob, environment: string): CronDefinition | undefined {
  const cron = job.environmentConfig?.find((config) => config.environment === environment)?.cron ?? job.cron;
  if (!cron) return undefined;
  return {
    timeZone: cron.timeZone ?? 'UTC',
    schedules: cron.schedules ?? [],
    concurrency: cron.concurrency as ConcurrencyPolicy,
    startingDeadlineSeconds: cron.startingDeadlineSeconds,
  };
}

/**
 * What is wrong with the cron schedules of radixconfig.yaml, every job and environment of it,
 * as Radix's admission webhook words it (`cron schedule "99 * * * *" for job "nightly" in
 * environment "prod" is invalid: ...`), and which jobs can never start. One line each.
 */
export function cronProblems(application: RadixApplication): string[] {
  return application.spec.jobs.flatMap((job) => [
    ...scheduleProblems(`job ${JSON.stringify(job.name)}`, job.cron),
    ...(job.environmentConfig ?? []).flatMap((config) =>
      scheduleProblems(`job ${JSON.stringify(job.name)} in environment ${JSON.stringify(config.environment)}`, config.cron),
    ),
    ...startProblems(application, job),
  ]);
}

function scheduleProblems(target: string, cron: RadixCronSchedule | undefined): string[] {
  if (!cron) return [];
  const problems: string[] = [];
  const schedules = cron.schedules ?? [];
  if (schedules.length === 0) problems.push(`cron schedule for ${target}: cron schedule must contain at least one entry`);
  if (schedules.length > MAX_SCHEDULES)
    problems.push(`cron schedules for ${target}: at most ${MAX_SCHEDULES} are allowed, found ${schedules.length}`);
  schedules.forEach((schedule, i) => {
    if (schedules.indexOf(schedule) !== i) problems.push(`cron schedule ${JSON.stringify(schedule)} for ${target} is listed twice`);
    try {
      parseCron(schedule);
    } catch (error) {
      if (!(error instanceof CronGrammarError)) throw error;
      problems.push(
        `cron schedule ${JSON.stringify(schedule)} for ${target} is invalid: cron schedule format is invalid (${error.message})`,
      );
    }
  });
  if (!CONCURRENCY_POLICIES.includes(cron.concurrency as ConcurrencyPolicy))
    problems.push(
      `cron concurrency ${JSON.stringify(cron.concurrency ?? '')} for ${target} is invalid: cron concurrency policy is invalid (Allow, Forbid or Replace)`,
    );
  if (cron.timeZone === '')
    problems.push(`cron time zone "" for ${target} is invalid: cron time zone is invalid (leave timeZone out for UTC)`);
  else if (cron.timeZone !== undefined && !isTimeZone(cron.timeZone))
    problems.push(
      `cron time zone ${JSON.stringify(cron.timeZone)} for ${target} is invalid: cron time zone is invalid (unknown time zone ${cron.timeZone})`,
    );
  return problems;
}

/**
 * A job without a schedulerPort is started only by its schedules: it needs a cron of its own,
 * or one in every environment of the file, as Radix requires (`job nightly: environment dev:
 * job must specify either a schedulerPort or a cron schedule`).
 */
function startProblems(application: RadixApplication, job: RadixJob): string[] {
  if (job.schedulerPort !== undefined || job.cron) return [];
  const problem = 'job must specify either a schedulerPort or a cron schedule';
  const environments = (application.spec.environments ?? []).map((environment) => environment.name);
  if (environments.length === 0) return [`job ${job.name}: ${problem}`];
  return environments
    .filter((name) => !job.environmentConfig?.some((config) => config.environment === name && config.cron))
    .map((name) => `job ${job.name}: environment ${name}: ${problem}`);
}
