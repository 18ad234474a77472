import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import type { BatchRecord } from './batches/batch.model.js';
import { toBatchStatus } from './batches/dto/batch-status.dto.js';
import { toJobStatus } from './jobs/dto/job-status.dto.js';
import { BatchListQuery } from './batches/dto/batch-list-query.dto.js';
import { JobListQuery } from './jobs/dto/list-query.dto.js';
import type { JobRecord } from './jobs/job.model.js';
import { LogQuery } from './jobs/dto/log-query.dto.js';
import { WaitQuery } from './jobs/dto/wait-query.dto.js';
import { generateOpenApiDocument, serialize } from './openapi.document.js';

describe('openapi.json', () => {
  it('is what the code generates (run `npm run openapi` after changing the API)', async () => {
    const committed = readFileSync('openapi.json', 'utf8');
    expect(serialize(await generateOpenApiDocument())).toBe(committed);
  });

  it("documents every job operation with Radix's operation ids and the Status error body", async () => {
    const document = await generateOpenApiDocument();
    const operations = Object.values(document.paths)
      .flatMap((path) => Object.values(path))
      .map((op) => op.operationId);
    expect(operations.sort()).toEqual([
      'copyJob',
      'createBatch',
      'createJob',
      'deleteBatch',
      'deleteJob',
      'getBatch',
      'getBatchJob',
      'getBatches',
      'getJob',
      'getJobLogs',
      'getJobPayload',
      'getJobs',
      'getQueue',
      'getSchedules',
      'pauseQueue',
      'pauseSchedule',
      'restartBatch',
      'restartJob',
      'resumeQueue',
      'resumeSchedule',
      'runSchedule',
      'stopAllBatches',
      'stopAllJobs',
      'stopBatch',
      'stopBatchJob',
      'stopJob',
      'streamEvents',
    ]);
    const create = document.paths['/api/v1/jobs'].post!;
    expect(Object.keys(create.responses).sort()).toEqual(['200', '400', '401', '403', '409', '413', '415', '422', '500', '503']);
    expect(document.components!.schemas!.JobScheduleDescription).toBeDefined();
    expect(document.components!.schemas!.Status).toBeDefined();
  });

  it('declares the 422 of every operation that takes query parameters, which the validation pipe refuses by name', async () => {
    const document = await generateOpenApiDocument();
    const queried = Object.values(document.paths)
      .flatMap((path) => Object.values(path))
      .filter((op) => (op.parameters ?? []).some((parameter: { in?: string }) => parameter.in === 'query'));
    expect(queried.map((op) => op.operationId).sort()).toEqual([
      'getBatch',
      'getBatches',
      'getJob',
      'getJobLogs',
      'getJobs',
      'streamEvents',
    ]);
    expect(queried.filter((op) => !op.responses['422']).map((op) => op.operationId)).toEqual([]);
  });

  it('declares every error as an application/json Status, and text only for the answers that are text', async () => {
    const document = await generateOpenApiDocument();
    const responses = Object.values(document.paths)
      .flatMap((path) => Object.values(path))
      .flatMap((op) =>
        Object.entries(op.responses).map(([code, response]) => ({
          op: op.operationId,
          code,
          content: (response as { content?: object }).content,
        })),
      );
    const errors = responses.filter(({ code }) => code >= '400');
    expect(
      errors.filter(
        ({ content }) =>
          JSON.stringify(content) !== JSON.stringify({ 'application/json': { schema: { $ref: '#/components/schemas/Status' } } }),
      ),
    ).toEqual([]);
    const notJson = responses.filter(({ content }) => !Object.hasOwn(content ?? {}, 'application/json'));
    expect(notJson.map(({ op, code, content }) => `${op} ${code} ${Object.keys(content ?? {}).join(',')}`).sort()).toEqual([
      'getJobLogs 200 text/plain',
      'getJobPayload 200 text/plain',
      'streamEvents 200 text/event-stream',
    ]);
  });

  const QUERIES = { getJobs: JobListQuery, getBatches: BatchListQuery, getJob: WaitQuery, getBatch: WaitQuery, getJobLogs: LogQuery };
  const accepts = (query: new () => object, name: string, value: string) =>
    validateSync(plainToInstance(query, { [name]: value })).length === 0;

  it('types each numeric and boolean query parameter as the value the server accepts, with its bounds', async () => {
    const document = await generateOpenApiDocument();
    const checked = Object.values(document.paths)
      .flatMap((path) => Object.values(path))
      .flatMap((op) =>
        (op.parameters ?? [])
          .filter(
            (parameter: { in?: string; schema?: { type?: string } }) =>
              parameter.in === 'query' && ['integer', 'boolean'].includes(parameter.schema?.type ?? ''),
          )
          .map((parameter: { name: string; schema: { type: string; minimum?: number; maximum?: number } }) => {
            const query = QUERIES[op.operationId as keyof typeof QUERIES];
            const { type, minimum, maximum } = parameter.schema;
            const [good, bad] =
              type === 'boolean'
                ? [
                    ['true', 'false'],
                    ['True', '1', ''],
                  ]
                : [
                    [minimum, maximum],
                    [minimum! - 1, maximum! + 1, 1.5],
                  ].map((values) => values.map(String));
            expect({
              [parameter.name]: [
                good.every((value) => accepts(query, parameter.name, value)),
                bad.some((value) => accepts(query, parameter.name, value)),
              ],
            }).toEqual({ [parameter.name]: [true, false] });
            return `${op.operationId}.${parameter.name}: ${type} ${minimum ?? ''}..${maximum ?? ''}`;
          }),
      );
    expect(checked.sort()).toEqual([
      'getBatch.wait: integer 0..300',
      'getBatches.limit: integer 1..1000',
      'getJob.wait: integer 0..300',
      'getJobLogs.attempt: integer 0..9999',
      'getJobLogs.follow: boolean ..',
      'getJobLogs.tail: integer 0..100000',
      'getJobs.limit: integer 1..1000',
    ]);
  });

  const at = Date.parse('2026-01-01T00:00:00Z');
  const bare: JobRecord = {
    name: 'compute-20260101000000-aaaaaaaa',
    created: at,
    status: 'Waiting',
    replicas: [{ name: 'compute-20260101000000-aaaaaaaa-0', state: 'Pending' }],
  };
  const full: JobRecord = {
    ...bare,
    jobId: 'j',
    batchName: 'batch-compute-20260101000000-bbbbbbbb',
    batchId: 'b',
    started: at,
    ended: at,
    status: 'Failed',
    message: 'm',
    reason: 'BackoffLimitExceeded',
    failed: 1,
    restarts: 1,
    restartedAt: at,
    cronSchedule: '0 2 * * *',
    scheduledTime: at,
    queue: { position: 1, reason: 'Capacity' },
    replicas: [
      {
        name: 'compute-20260101000000-aaaaaaaa-0',
        created: at,
        started: at,
        ended: at,
        exitCode: 1,
        reason: 'Error',
        message: 'm',
        image: 'compute:1',
        restartCount: 1,
        podIndex: 0,
        state: 'Failed',
      },
    ],
  };
  const batch = (jobs: JobRecord[], batchId?: string): BatchRecord => ({
    name: 'batch-compute-20260101000000-bbbbbbbb',
    ...(batchId ? { batchId } : {}),
    created: at,
    status: 'Waiting',
    finished: false,
    jobs,
  });

  it('requires exactly the fields that every JobStatus, PodStatus and BatchStatus has, and documents every field they can have', async () => {
    const { components } = await generateOpenApiDocument();
    const fields = (name: string) => ({
      required: [...((components!.schemas![name] as { required?: string[] }).required ?? [])].sort(),
      all: Object.keys((components!.schemas![name] as { properties: object }).properties).sort(),
    });
    const keys = (value: object) => Object.keys(value).sort();
    const answers = {
      JobStatus: [toJobStatus({ ...bare, replicas: [] }), toJobStatus(full)],
      PodStatus: [toJobStatus(bare).podStatuses![0], toJobStatus(full).podStatuses![0]],
      BatchStatus: [toBatchStatus(batch([])), toBatchStatus(batch([full], 'b'))],
    };
    for (const [name, [least, most]] of Object.entries(answers)) {
      expect({ [name]: fields(name) }).toEqual({ [name]: { required: keys(least), all: keys(most) } });
    }
  });
});

describe('the document a scheduler serves', () => {
  type Operation = { security?: unknown; responses: Record<string, unknown> };
  const operations = (document: OpenAPIObject) => Object.values(document.paths).flatMap((path) => Object.values(path) as Operation[]);
  const settings = (document: OpenAPIObject, name: string) =>
    (document.components!.schemas![name] as { properties: Record<string, { not?: object }> }).properties;

  it('declares bearer auth and the 401 only when an API token is set', async () => {
    const open = await generateOpenApiDocument({});
    expect([open.components?.securitySchemes, operations(open).filter((op) => op.security || op.responses['401']).length]).toEqual([
      undefined,
      0,
    ]);
    const guarded = await generateOpenApiDocument({ apiToken: 'secret', runtime: 'kubernetes' });
    expect(operations(guarded).filter((op) => !op.security || !op.responses['401'])).toEqual([]);
    expect(Object.keys(guarded.components!.securitySchemes!)).toEqual(['bearer']);
  });

  it('declares image and runAsUser (and command and args, unless allowed) refused on the local runtime, and keeps them on Kubernetes', async () => {
    const refused = (document: OpenAPIObject) =>
      ['RadixJobComponentConfig', 'JobScheduleDescription'].map((name) =>
        Object.entries(settings(document, name))
          .filter(([, schema]) => schema.not)
          .map(([field]) => field)
          .sort(),
      );
    expect(refused(await generateOpenApiDocument({ runtime: 'local' }))).toEqual([
      ['args', 'command', 'image', 'runAsUser'],
      ['args', 'command', 'image', 'runAsUser'],
    ]);
    expect(refused(await generateOpenApiDocument({ runtime: 'local', requestCommand: true }))).toEqual([
      ['image', 'runAsUser'],
      ['image', 'runAsUser'],
    ]);
    expect(refused(await generateOpenApiDocument({ runtime: 'kubernetes' }))).toEqual([[], []]);
  });

  it('makes the create body optional (an empty body creates a job) and the batch body required', async () => {
    const document = await generateOpenApiDocument();
    const body = (path: string) => (document.paths[path].post!.requestBody as { required?: boolean }).required;
    expect([body('/api/v1/jobs'), body('/api/v1/batches')]).toEqual([false, true]);
  });
});
