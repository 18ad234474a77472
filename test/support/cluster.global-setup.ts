import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const LAUNCHER = resolve(dirname(fileURLToPath(import.meta.url)), '../cluster/bin/testcluster');
const START_TIMEOUT_MS = 180_000;

export interface ClusterInfo {
  ready: true;
  kubeconfig: string;
  server: string;
  token: string;
  dir: string;
}

declare global {
  var testCluster: ChildProcess | undefined;
}

/**
 * Starts the test control plane once per run (real kube-apiserver, Job controller, pod
 * simulator) and exports KUBECONFIG for every test worker. Its stdin stays open: if this
 * process dies, the launcher sees EOF and takes the cluster down with it.
 */
export default async function startCluster(): Promise<void> {
  if (!existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run \`npm run cluster:build\` first`);
  const child = spawn(LAUNCHER, [], { stdio: ['pipe', 'pipe', 'pipe'] });
  globalThis.testCluster = child;
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const info = await firstLine(child, () => stderr.join('').split('\n').slice(-40).join('\n'));
  process.env.KUBECONFIG = info.kubeconfig;
  process.env.TEST_CLUSTER_SERVER = info.server;
  process.env.TEST_CLUSTER_TOKEN = info.token;
  process.env.TEST_CLUSTER_PID = String(child.pid);
}

function firstLine(child: ChildProcess, tail: () => string): Promise<ClusterInfo> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => fail(`not ready after ${START_TIMEOUT_MS / 1000}s`), START_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`test cluster ${why}\n${tail()}`));
    };
    child.once('exit', (code) => fail(`exited with ${code} before it was ready`));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      try {
        resolvePromise(JSON.parse(line) as ClusterInfo);
      } catch {
        fail(`printed an unexpected line: ${line}`);
      }
    });
  });
}
