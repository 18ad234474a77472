import { afterAll, describe, expect, it } from '@jest/globals';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/kube-admin.js';
import { SseClient } from '../support/sse.js';
import { LocalApp } from './local-scheduler.js';

/** SIGTERM on the local runtime: open streams end, and nothing waits for a quiet job to print. */
describe('the local scheduler on SIGTERM', () => {
  const app = new LocalApp();

  afterAll(() => app.cleanUp());

  it('ends open event streams and followed logs of a running job, then exits 0', async () => {
    const url = await app.start('work');
    const stream = await SseClient.open(`${url}/api/v1/events`);
    const reply = await fetch(`${url}/api/v1/jobs`, { method: 'POST', body: JSON.stringify({ variables: { WORK_SECONDS: '600' } }) });
    const { name } = (await reply.json()) as JobStatus;
    await eventually(
      async () => ((await (await fetch(`${url}/api/v1/jobs/${name}`)).json()) as JobStatus).status,
      (status) => status === 'Running',
      `${name} to run`,
    );
    // The job prints one line, then nothing: once the follow has sent it, it waits on a quiet job.
    const reader = (await fetch(`${url}/api/v1/jobs/${name}/logs?follow=true`)).body!.getReader();
    let followed = '';
    while (!followed.includes(`work: ${name}`)) followed += new TextDecoder().decode((await reader.read()).value);
    app.scheduler.child.kill('SIGTERM');
    expect(await app.scheduler.exited).toBe(0);
    await stream.ended();
    expect(await reader.read()).toMatchObject({ done: true });
  });
});
