import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { admin, eventually } from '../support/kube-admin.js';
import { KubernetesHarness } from '../support/runtimes.js';
import { freePort, SchedulerProcess } from '../support/process.js';
import { SseClient } from '../support/sse.js';

const harness = new KubernetesHarness('process');

describe('the scheduler process', () => {
  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());

  const clusterEnv = () => ({
    KUBECONFIG: process.env.KUBECONFIG!,
    JOB_SCHEDULER_NAMESPACE: harness.namespace,
    RADIX_COMPONENT: 'compute',
  });

  it('refuses to start on bad settings, one line per setting, exit code 1', async () => {
    const sut = SchedulerProcess.start(['--runtime', 'docker'], { JOB_SCHEDULER_HISTORY_FAILED: 'many' });
    expect(await sut.exited).toBe(1);
    expect(sut.text.trim().split('\n')).toEqual([
      'invalid setting: --runtime=docker: must be one of kubernetes, local',
      'invalid setting: JOB_SCHEDULER_HISTORY_FAILED=many: must be a whole number from 0 to 1000',
    ]);
  });

  describe('serving the shipped radixconfig.yaml on Kubernetes with JSON logs', () => {
    let sut: SchedulerProcess;
    let url: string;

    beforeAll(async () => {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      sut = SchedulerProcess.start([], { ...clusterEnv(), JOB_SCHEDULER_PORT: String(port), LOG_FORMAT: 'json', LOG_LEVEL: 'debug' });
      await sut.ready(url);
    });

    afterAll(() => sut?.stop());

    it('logs JSON lines, starting with the runtime it chose and why', () => {
      const lines = sut.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines[0]).toMatchObject({ level: 'log', context: 'Main', message: 'runtime=kubernetes because KUBECONFIG is set' });
    });

    it('never logs a payload', async () => {
      const secret = 'payload-text-that-must-stay-out-of-logs';
      const created = await fetch(`${url}/api/v1/jobs`, { method: 'POST', body: JSON.stringify({ payload: secret }) });
      expect(created.status).toBe(200);
      const rejected = await fetch(`${url}/api/v1/jobs`, { method: 'POST', body: JSON.stringify({ payload: secret, backoffLimit: -1 }) });
      expect(rejected.status).toBe(422);
      expect(sut.text).toContain('job created');
      expect(sut.text).not.toContain(secret);
    });

    it('serves Swagger UI at /swagger and the document at /swagger-json', async () => {
      const ui = await fetch(`${url}/swagger`);
      expect([ui.status, ui.headers.get('content-type')]).toEqual([200, expect.stringContaining('text/html')]);
      const document = (await (await fetch(`${url}/swagger-json`)).json()) as { paths: object };
      expect(Object.keys(document.paths)).toContain('/api/v1/jobs/{jobName}');
    });
  });

  it('runs a Radix file that builds its images (no image:) with the image from JOB_SCHEDULER_IMAGE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'radix-file-'));
    writeFileSync(
      join(dir, 'radixconfig.yaml'),
      'metadata: { name: demo }\nspec:\n  environments: [{ name: prod }]\n  jobs:\n    - { name: compute, src: compute, schedulerPort: 8000 }\n',
    );
    const port = await freePort();
    const env = {
      ...clusterEnv(),
      RADIX_CONFIG_FILE: join(dir, 'radixconfig.yaml'),
      JOB_SCHEDULER_PORT: String(port),
      JOB_SCHEDULER_IMAGE: 'registry.example.com/demo/compute:41',
    };
    const sut = SchedulerProcess.start([], env);
    try {
      await sut.ready(`http://127.0.0.1:${port}`);
      const reply = await fetch(`http://127.0.0.1:${port}/api/v1/jobs`, { method: 'POST', body: JSON.stringify({ imageTagName: '42' }) });
      const { name } = (await reply.json()) as { name: string };
      const job = await admin().batch.readNamespacedJob({ name, namespace: harness.namespace });
      expect(job.spec!.template.spec!.containers[0].image).toBe('registry.example.com/demo/compute:42');
    } finally {
      await sut.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads the Kubernetes client only on the Kubernetes runtime', async () => {
    const trace = `--import=${pathToFileURL(resolve('test/support/import-trace/register.mjs')).href}`;
    const data = mkdtempSync(join(tmpdir(), 'footprint-'));
    const started = async (env: Record<string, string>) => {
      const port = await freePort();
      const sut = SchedulerProcess.start([], { ...env, RADIX_COMPONENT: 'compute', JOB_SCHEDULER_PORT: String(port), NODE_OPTIONS: trace });
      await sut.ready(`http://127.0.0.1:${port}`);
      await sut.stop();
      return sut.text;
    };
    try {
      expect(await started({ JOB_SCHEDULER_RUNTIME: 'local', JOB_SCHEDULER_DATA_DIR: data })).not.toContain('import-trace:');
      expect(await started({ ...clusterEnv() })).toContain('import-trace: @kubernetes/client-node');
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });

  it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
    const port = await freePort();
    const sut = SchedulerProcess.start([], { ...clusterEnv(), JOB_SCHEDULER_PORT: String(port) });
    try {
      await sut.ready(`http://127.0.0.1:${port}`);
      const body = JSON.stringify({ payload: 'slow' });
      // 100 Continue proves the server has the request; SIGTERM lands only then, and the
      // body follows only once the scheduler has seen the signal.
      const headers = { 'content-length': body.length, expect: '100-continue' };
      const reply = new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/v1/jobs', method: 'POST', headers }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.on('continue', () => {
          sut.child.kill('SIGTERM');
          eventually(
            async () => sut.text,
            (text) => text.includes('SIGTERM received'),
            'the scheduler to see SIGTERM',
          ).then(() => req.end(body), reject);
        });
        req.flushHeaders();
      });
      expect(await reply).toBe(200);
      expect(await sut.exited).toBe(0);
      expect(sut.text).toContain('SIGTERM received');
    } finally {
      await sut.stop();
    }
  });

  it('ends open event streams and followed logs on SIGTERM instead of waiting on them', async () => {
    const port = await freePort();
    const sut = SchedulerProcess.start([], { ...clusterEnv(), JOB_SCHEDULER_PORT: String(port) });
    try {
      const url = `http://127.0.0.1:${port}`;
      await sut.ready(url);
      const stream = await SseClient.open(`${url}/api/v1/events`);
      const created = (await (
        await fetch(`${url}/api/v1/jobs`, { method: 'POST', body: JSON.stringify({ variables: { SIM_RUN_SECONDS: '120' } }) })
      ).json()) as { name: string };
      await eventually(
        async () => ((await (await fetch(`${url}/api/v1/jobs/${created.name}`)).json()) as { status: string }).status,
        (status) => status === 'Running',
        'running',
      );
      const followed = fetch(`${url}/api/v1/jobs/${created.name}/logs?follow=true`).then((r) => r.text());
      await eventually(
        async () => stream.data,
        (data) => data.some((e) => e.event === 'started'),
        'the stream to be live',
      );
      sut.child.kill('SIGTERM');
      expect(await sut.exited).toBe(0);
      await stream.ended();
      await expect(followed).resolves.toBeDefined();
    } finally {
      await sut.stop();
    }
  });
});
