import type { RadixApplication } from './radix-application.config.js';

/** Settings a job may also give per environment. */
const SETTINGS = [
  'image',
  'variables',
  'secretRefs',
  'resources',
  'node',
  'safeToRestart',
  'runAsUser',
  'readOnlyFileSystem',
  'runtime',
  'failurePolicy',
  'volumeMounts',
  'timeLimitSeconds',
  'backoffLimit',
  'command',
  'args',
  'batchStatusRules',
  'notifications',
  'runAsNonRoot',
  'cron',
  'maxConcurrentJobs',
  'startDeadlineSeconds',
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

/** Why a key Radix knows is not applied here; other keys are not job fields of Radix's that this scheduler knows. */
const REASONS: Record<string, string> = {
  identity:
    "Azure workload identity needs Radix's federated credentials for the job's service account; give the job its credentials through secrets or secretRefs",
  monitoring: "Radix's monitoring scrapes the job's metrics port with its own Prometheus setup, which this scheduler does not make",
  monitoringConfig: "Radix's monitoring scrapes the job's metrics port with its own Prometheus setup, which this scheduler does not make",
  volumeMounts: "Azure storage (blobFuse2, azureFile) needs Radix's storage accounts and CSI drivers; only emptyDir mounts are applied",
};
const UNKNOWN = 'not a job field this scheduler knows';

/**
 * One line for each key of radixconfig.yaml's jobs that this scheduler does not apply
 * (`identity`, Azure `volumeMounts`, ...), with the reason, so that nobody believes they take
 * effect. Build settings (`dockerfileName`) are not named: images are built elsewhere.
 */
export function unappliedKeys(application: RadixApplication, label: string): string[] {
  const found = application.spec.jobs.flatMap((job) => {
    const own = unappliedOf(job, JOB_KEYS, `jobs[${job.name}]`);
    const perEnvironment = (job.environmentConfig ?? []).flatMap((config) =>
      unappliedOf(config, ENVIRONMENT_KEYS, `jobs[${job.name}].environmentConfig[${config.environment}]`),
    );
    return [...own, ...perEnvironment];
  });
  return found.map(([key, reason]) => `${label}: ${key} is not applied by this scheduler, so without effect: ${reason}`);
}

function unappliedOf(settings: object, known: Set<string>, path: string): [string, string][] {
  const keys: [string, string][] = Object.keys(settings)
    .filter((key) => !known.has(key))
    .map((key) => [`${path}.${key}`, REASONS[key] ?? UNKNOWN]);
  const mounts = (settings as { volumeMounts?: { name?: unknown; emptyDir?: unknown }[] }).volumeMounts ?? [];
  const azure = mounts.filter((mount) => mount.emptyDir === undefined);
  return [...keys, ...azure.map((mount): [string, string] => [`${path}.volumeMounts[${String(mount.name)}]`, REASONS.volumeMounts])];
}
