import { BatchV1Api, CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { restClient } from './seed.mjs';

const LAUNCHER = 'test/cluster/bin/testcluster';

/**
 * A control plane to measure against: the one at BENCH_KUBECONFIG when set, otherwise the
 * project's test control plane (real kube-apiserver and Job controller, simulated kubelet),
 * started here and stopped by `stop()`. Each run works in a namespace of its own.
 */
export async function startCluster() {
  const launched = process.env.BENCH_KUBECONFIG ? undefined : await launch();
  const kubeconfig = process.env.BENCH_KUBECONFIG ?? launched.info.kubeconfig;
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfig);
  const batch = kc.makeApiClient(BatchV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const namespace = `bench-${Date.now().toString(36)}`;
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  const rest = await restClient(kc);
  return {
    kubeconfig,
    kc,
    batch,
    core,
    namespace,
    watch: new Watch(kc),
    /** Plain JSON calls over a keep-alive pool, for seeding (see seed.mjs). */
    rest,
    async stop() {
      rest.close();
      await core.deleteNamespace({ name: namespace }).catch(() => undefined);
      if (!launched) return;
      const exited = new Promise((resolve) => launched.child.once('exit', resolve));
      launched.child.kill('SIGTERM');
      const timer = setTimeout(() => launched.child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function launch() {
  if (!existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run \`npm run cluster:build\` first`);
  // stdin stays open: if this process dies, the launcher sees EOF and takes the cluster down.
  const child = spawn(LAUNCHER, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`test cluster exited with ${code}:\n${stderr.join('').slice(-3000)}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      child.removeAllListeners('exit');
      child.stderr.removeAllListeners('data');
      child.stderr.resume();
      resolve({ child, info: JSON.parse(line) });
    });
  });
}

const PAYLOAD = '{"x": 10, "y": 20}';

/**
 * What a client without the scheduler does for one job with a payload: Job, payload Secret,
 * Service. The simulated kubelet runs its pod for `runSeconds`.
 */
export async function createDirect(cluster, name, labels = { 'bench-direct': 'true' }, runSeconds = '0') {
  const { batch, core, namespace } = cluster;
  const job = await batch.createNamespacedJob({
    namespace,
    body: {
      metadata: { name, labels },
      spec: {
        backoffLimit: 0,
        template: {
          metadata: { labels },
          spec: {
            restartPolicy: 'Never',
            containers: [
              {
                name: 'compute',
                image: 'compute:1.0.0',
                env: [{ name: 'SIM_RUN_SECONDS', value: runSeconds }],
                volumeMounts: [{ name: 'payload', mountPath: '/compute/args', readOnly: true }],
              },
            ],
            volumes: [{ name: 'payload', secret: { secretName: `${name}-payload` } }],
          },
        },
      },
    },
  });
  const ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata.uid, controller: true }];
  await core.createNamespacedSecret({
    namespace,
    body: { metadata: { name: `${name}-payload`, labels, ownerReferences }, stringData: { payload: PAYLOAD } },
  });
  await core.createNamespacedService({
    namespace,
    body: { metadata: { name, labels, ownerReferences }, spec: { selector: { 'job-name': name }, ports: [{ port: 3000 }] } },
  });
}

export const PAYLOAD_TEXT = PAYLOAD;
