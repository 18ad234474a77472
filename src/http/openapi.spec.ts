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
});
