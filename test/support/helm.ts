import { type KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { admin, tokenKubeconfig } from './kube-admin.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HELM = join(ROOT, 'test/helm/bin/helm');
export const CHART = join(ROOT, 'deploy/helm/job-scheduler');

export interface HelmRun {
  status: number | null;
  output: string;
}

/** Values given as `--set key=value`, so helm types them as a user's command line would; null removes a default. */
export type ChartValues = Record<string, string | number | boolean | null>;

let home: string | undefined;

/** Runs the helm built by test/helm/build.sh, with its caches and settings in a folder of its own. */
export function helm(args: string[]): HelmRun {
  if (!existsSync(HELM)) throw new Error(`${HELM} is missing: run \`npm run helm:build\` first`);
  home ??= mkdtempSync(join(tmpdir(), 'helm-home-'));
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_DATA_HOME: join(home, 'data'),
  };
  const run = spawnSync(HELM, args, { env, encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const setFlags = (values: ChartValues) => Object.entries(values).flatMap(([key, value]) => ['--set', `${key}=${value}`]);

export function lintChart(values: ChartValues = {}): HelmRun {
  return helm(['lint', '--strict', CHART, ...setFlags(values)]);
}

/** `helm template` of the chart as release `release` in `namespace`: its objects, parsed. */
export function renderChart(namespace: string, values: ChartValues = {}, release = 'compute'): KubernetesObject[] {
  const run = helm(['template', release, CHART, '--namespace', namespace, ...setFlags(values)]);
  if (run.status !== 0) throw new Error(`helm template failed:\n${run.output}`);
  return parseAllDocuments(run.output)
    .map((document) => document.toJS() as KubernetesObject | null)
    .filter((object): object is KubernetesObject => object !== null);
}

export const ofKind = <T extends KubernetesObject = any>(objects: KubernetesObject[], kind: string): T[] =>
  objects.filter((object) => object.kind === kind) as T[];

/**
 * Creates, for real, the ServiceAccount, Role and RoleBinding the chart renders into
 * `namespace`, and returns a kubeconfig holding a token of that account (TokenRequest API),
 * so a scheduler runs with exactly the chart's permissions.
 */
export async function chartAccountKubeconfig(namespace: string, values: ChartValues = {}): Promise<string> {
  const objects = renderChart(namespace, values);
  const api = KubernetesObjectApi.makeApiClient(admin().config);
  for (const kind of ['ServiceAccount', 'Role', 'RoleBinding']) {
    for (const object of ofKind(objects, kind)) await api.create({ ...object, metadata: { ...object.metadata, namespace } });
  }
  const [account] = ofKind(objects, 'ServiceAccount');
  return tokenKubeconfig(namespace, account.metadata!.name);
}
