// Seeding for the list and memory benches: finished Jobs, each with its finished pod, written
// straight to the API server with their status, as the Job controller and a kubelet would
// have left them. `spec.managedBy` names another controller, so the real Job controller leaves
// these Jobs alone (it neither makes pods for them nor rewrites their status), and the pods are
// bound to a node no kubelet, simulated or not, looks after.
//
// Why not let them run: the Job controller and the simulated kubelet finish about ten Jobs a
// second on 2 busy cores, so 10,000 would take a quarter of an hour. Why not client-node:
// its 2.x makes a new connection for every call, and its TLS handshakes cost the client more
// CPU than the API server spends on the call. Over one keep-alive pool, four calls a job
// (Job, its status, pod, its status) come to about 200 jobs a second here.
import { Agent, request } from 'node:https';

const MANAGED_BY = 'bench.job-scheduler.example/seed';
const NODE = 'bench-seeded-node';

/** Plain JSON calls to the cluster's API server over a keep-alive pool, with the kubeconfig's credentials. */
export async function restClient(kc, sockets = 32) {
  const tls = {};
  await kc.applyToHTTPSOptions(tls);
  const server = new URL(kc.getCurrentCluster().server);
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, ca: tls.ca, cert: tls.cert, key: tls.key });
  const call = (method, path, body) =>
    new Promise((resolve, reject) => {
      const data = Buffer.from(JSON.stringify(body));
      const headers = { ...tls.headers, 'content-type': 'application/json', 'content-length': data.length };
      const req = request({ agent, host: server.hostname, port: server.port, method, path, headers }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 500)}`));
          else resolve(JSON.parse(text));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(data);
    });
  return { call, close: () => agent.destroy() };
}

/**
 * One finished Job named `name` with `labels` (and its pod, labelled as the Job controller
 * labels pods), Complete and succeeded, started and ended at `at`.
 */
export async function seedFinishedJob(rest, namespace, { name, labels, annotations }, at = new Date()) {
  const jobs = `/apis/batch/v1/namespaces/${namespace}/jobs`;
  const pods = `/api/v1/namespaces/${namespace}/pods`;
  const container = { name: 'compute', image: 'compute:1.0.0' };
  const job = await rest.call('POST', jobs, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, labels, annotations },
    spec: {
      managedBy: MANAGED_BY,
      backoffLimit: 0,
      template: { metadata: { labels }, spec: { restartPolicy: 'Never', containers: [container] } },
    },
  });
  const time = at.toISOString().replace(/\.\d+Z$/, 'Z');
  const uid = job.metadata.uid;
  const podLabels = {
    ...labels,
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
  const owner = { apiVersion: 'batch/v1', kind: 'Job', name, uid, controller: true, blockOwnerDeletion: true };
  const [, pod] = await Promise.all([
    rest.call('PUT', `${jobs}/${name}/status`, { ...job, status: jobStatus(time) }),
    rest.call('POST', pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${name}-seed0`, labels: podLabels, ownerReferences: [owner] },
      spec: { nodeName: NODE, restartPolicy: 'Never', containers: [container] },
    }),
  ]);
  await rest.call('PUT', `${pods}/${pod.metadata.name}/status`, { ...pod, status: podStatus(time, container) });
}

function jobStatus(time) {
  const condition = (type) => ({
    type,
    status: 'True',
    lastProbeTime: time,
    lastTransitionTime: time,
    reason: 'CompletionsReached',
    message: 'Reached expected number of succeeded pods',
  });
  return {
    startTime: time,
    completionTime: time,
    succeeded: 1,
    ready: 0,
    terminating: 0,
    uncountedTerminatedPods: {},
    conditions: [condition('SuccessCriteriaMet'), condition('Complete')],
  };
}

function podStatus(time, container) {
  const condition = (type, status) => ({ type, status, lastTransitionTime: time });
  return {
    phase: 'Succeeded',
    startTime: time,
    hostIP: '10.0.0.1',
    podIP: '10.244.0.10',
    qosClass: 'BestEffort',
    conditions: [
      condition('PodReadyToStartContainers', 'False'),
      condition('Initialized', 'True'),
      condition('Ready', 'False'),
      condition('ContainersReady', 'False'),
      condition('PodScheduled', 'True'),
    ],
    containerStatuses: [
      {
        ...container,
        imageID: 'sim://compute:1.0.0',
        containerID: 'sim://seeded',
        ready: false,
        started: false,
        restartCount: 0,
        state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: time, finishedAt: time } },
      },
    ],
  };
}
