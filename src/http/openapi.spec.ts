import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { generateOpenApiDocument, serialize } from './openapi.js';

describe('openapi.json', () => {
  it('is what the code generates (run `npm run openapi` after changing the API)', async () => {
    const committed = readFileSync('openapi.json', 'utf8');
    expect(serialize(await generateOpenApiDocument())).toBe(committed);
  });

  it('documents every job operation with Radix\'s operation ids and the Status error body', async () => {
    const document = await generateOpenApiDocument();
    const operations = Object.values(document.paths).flatMap((path) => Object.values(path)).map((op) => op.operationId);
    expect(operations.sort()).toEqual([
      'copyJob', 'createBatch', 'createJob', 'deleteBatch', 'deleteJob', 'getBatch', 'getBatchJob', 'getBatches', 'getJob', 'getJobLogs', 'getJobPayload', 'getJobs',
      'restartBatch', 'restartJob', 'stopAllBatches', 'stopAllJobs', 'stopBatch', 'stopBatchJob', 'stopJob', 'streamEvents',
    ]);
    const create = document.paths['/api/v1/jobs'].post!;
    expect(Object.keys(create.responses).sort()).toEqual(['200', '401', '403', '409', '413', '415', '422', '500', '503']);
    expect(document.components!.schemas!.JobScheduleDescription).toBeDefined();
    expect(document.components!.schemas!.Status).toBeDefined();
  });

  it('declares the 422 of every operation that takes query parameters, which the validation pipe refuses by name', async () => {
    const document = await generateOpenApiDocument();
    const queried = Object.values(document.paths)
      .flatMap((path) => Object.values(path))
      .filter((op) => (op.parameters ?? []).some((parameter: { in?: string }) => parameter.in === 'query'));
    expect(queried.map((op) => op.operationId).sort()).toEqual(['getBatch', 'getBatches', 'getJob', 'getJobLogs', 'getJobs', 'streamEvents']);
    expect(queried.filter((op) => !op.responses['422']).map((op) => op.operationId)).toEqual([]);
  });

  it('declares every error as an application/json Status, and text only for the answers that are text', async () => {
    const document = await generateOpenApiDocument();
    const responses = Object.values(document.paths)
      .flatMap((path) => Object.values(path))
      .flatMap((op) => Object.entries(op.responses).map(([code, response]) => ({ op: op.operationId, code, content: (response as { content?: object }).content })));
    const errors = responses.filter(({ code }) => code >= '400');
    expect(errors.filter(({ content }) => JSON.stringify(content) !== JSON.stringify({ 'application/json': { schema: { $ref: '#/components/schemas/Status' } } }))).toEqual([]);
    const notJson = responses.filter(({ content }) => !content?.hasOwnProperty('application/json'));
    expect(notJson.map(({ op, code, content }) => `${op} ${code} ${Object.keys(content ?? {})}`).sort()).toEqual([
      'getJobLogs 200 text/plain',
      'getJobPayload 200 text/plain',
      'streamEvents 200 text/event-stream',
    ]);
  });
});
