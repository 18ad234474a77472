import type { RadixApplication } from './radix-application.config.js';

/** Settings a job may also give per environment. */
const SETTINGS = [
  'image',
  'variables',
  'secretRefs',
  'resources',
  'node',
  'timeLimitSeconds',
  'backoffLimit',
  'command',
  'args',
  'batchStatusRules',
  'notifications',
  'runAsNonRoot',
  'cron',
];
const JOB_KEYS = new Set([
  ...SETTINGS,
  'name',
  'src',
  'schedulerPort',
  'payload',
  'ports',
  'secrets',
  'environmentConfig',
  'dockerfileName',
]);
const ENVIRONMENT_KEYS = new Set([...SETTINGS, 'environment', 'imageTagName']);

/**
 * One line naming what radixconfig.yaml's jobs set that this scheduler does not apply
 * (`volumeMounts`, `identity`, ...), so that nobody believes they take effect; no line when
 * there is none. Build settings (`dockerfileName`) are not named: images are built elsewhere.
 */
export function unappliedKeys(application: RadixApplication, label: string): string[] {
  const found = application.spec.jobs.flatMap((job) => {
    const own = Object.keys(job)
      .filter((key) => !JOB_KEYS.has(key))
      .map((key) => `jobs[${job.name}].${key}`);
    const perEnvironment = (job.environmentConfig ?? []).flatMap((config) =>
      Object.keys(config)
        .filter((key) => !ENVIRONMENT_KEYS.has(key))
        .map((key) => `jobs[${job.name}].environmentConfig[${config.environment}].${key}`),
    );
    return [...own, ...perEnvironment];
  });
  return found.length === 0 ? [] : [`${label}: not applied by this scheduler, so without effect: ${found.join(', ')}`];
}
