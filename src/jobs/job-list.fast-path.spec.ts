import { describe, expect, it } from '@jest/globals';
import type { Request, Response } from 'express';
import { JobListJson } from './job-list-json.js';
import { jobListFastPath } from './job-list.fast-path.js';
import type { JobRecord } from './job.model.js';
import type { JobsService } from './jobs.service.js';

const RECORD = { name: 'compute-1', status: 'Succeeded', created: new Date('2026-12-01T00:00:00Z'), replicas: [] } as unknown as JobRecord;

interface Outcome {
  next: boolean;
  status?: number;
  headers?: Record<string, unknown>;
  body?: string;
  route?: unknown;
}

/** Runs the fast path on one request; resolves once it answered or passed the request on. */
function run(method: string, url: string, list: () => Promise<{ items: JobRecord[] }>): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { next: false };
    const response = {
      locals: {} as Record<string, unknown>,
      writeHead(status: number, headers: Record<string, unknown>) {
        Object.assign(outcome, { status, headers });
        return response;
      },
      end(bytes: Buffer) {
        resolve({ ...outcome, body: bytes.toString(), route: response.locals.route });
      },
    };
    const jobs = { list } as unknown as JobsService;
    jobListFastPath(jobs, new JobListJson())({ method, url } as Request, response as unknown as Response, () =>
      resolve({ ...outcome, next: true }),
    );
  });
}

describe('jobListFastPath', () => {
  const listed = () => Promise.resolve({ items: [RECORD] });

  it('answers GET /api/v1/jobs with the list as JSON bytes, and names its route for the metrics', async () => {
    const outcome = await run('GET', '/api/v1/jobs', listed);
    expect(outcome).toMatchObject({ next: false, status: 200, route: '/api/v1/jobs' });
    expect(outcome.headers).toEqual({
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(outcome.body!),
    });
    expect(JSON.parse(outcome.body!)).toMatchObject([{ name: 'compute-1', status: 'Succeeded' }]);
  });

  it.each([
    ['a query', 'GET', '/api/v1/jobs?status=Running'],
    ['HEAD', 'HEAD', '/api/v1/jobs'],
    ['a POST', 'POST', '/api/v1/jobs'],
    ['a trailing slash', 'GET', '/api/v1/jobs/'],
    ['another case', 'GET', '/API/v1/jobs'],
    ['one job', 'GET', '/api/v1/jobs/compute-1'],
  ])('leaves %s to the Nest route', async (_, method, url) => {
    expect(await run(method, url, listed)).toEqual({ next: true });
  });

  it('leaves a failed list to the Nest route, which answers it through the one filter', async () => {
    expect(await run('GET', '/api/v1/jobs', () => Promise.reject(new Error('not loaded')))).toEqual({ next: true });
  });
});
