import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.errors.js';
import { loadProcessSettings } from './settings.config.js';

/** A radixconfig.yaml of two environments whose job `nightly` has these lines, indented under it. */
function withJob(lines: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cron-'));
  const indented = lines
    .trim()
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
  writeFileSync(
    join(dir, 'radixconfig.yaml'),
    `metadata: { name: demo }\nspec:\n  environments: [{ name: dev }, { name: prod }]\n  jobs:\n    - name: nightly\n      command: [node, main.mjs]\n${indented}\n`,
  );
  return dir;
}

function load(lines: string, argv: string[] = []) {
  return loadProcessSettings(argv, {}, withJob(lines));
}

function problemsOf(lines: string): string[] {
  try {
    load(lines);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.replace(/^.*radixconfig\.yaml: /, ''));
    throw error;
  }
  return [];
}

interface Refusal {
  name: string;
  lines: string;
  problems: string[];
}

/** Bad schedules stop the scheduler before it listens, each named as Radix's admission webhook names it. */
const refusals: Refusal[] = [
  {
    name: 'a schedule robfig cannot read',
    lines: 'schedulerPort: 8000\ncron: { schedules: ["99 * * * *"], concurrency: Forbid }',
    problems: [
      'cron schedule "99 * * * *" for job "nightly" is invalid: cron schedule format is invalid (end of range (99) above maximum (59): 99)',
    ],
  },
  {
    name: "an environment's bad schedule, naming the environment",
    lines: 'schedulerPort: 8000\nenvironmentConfig:\n  - environment: prod\n    cron: { schedules: ["* * 1"], concurrency: Allow }',
    problems: [
      'cron schedule "* * 1" for job "nightly" in environment "prod" is invalid: cron schedule format is invalid (expected exactly 5 fields, found 3: [* * 1])',
    ],
  },
  {
    name: 'an empty list',
    lines: 'schedulerPort: 8000\ncron: { schedules: [], concurrency: Allow }',
    problems: ['cron schedule for job "nightly": cron schedule must contain at least one entry'],
  },
  {
    name: 'a concurrency that is not a policy, or none',
    lines:
      'schedulerPort: 8000\ncron: { schedules: ["@daily"], concurrency: Skip }\nenvironmentConfig:\n  - environment: dev\n    cron: { schedules: ["@daily"] }',
    problems: [
      'cron concurrency "Skip" for job "nightly" is invalid: cron concurrency policy is invalid (Allow, Forbid or Replace)',
      'cron concurrency "" for job "nightly" in environment "dev" is invalid: cron concurrency policy is invalid (Allow, Forbid or Replace)',
    ],
  },
  {
    name: 'an unknown or empty time zone',
    lines:
      'schedulerPort: 8000\ncron: { schedules: ["@daily"], concurrency: Allow, timeZone: Not/AZone }\nenvironmentConfig:\n  - environment: dev\n    cron: { schedules: ["@daily"], concurrency: Allow, timeZone: "" }',
    problems: [
      'cron time zone "Not/AZone" for job "nightly" is invalid: cron time zone is invalid (unknown time zone Not/AZone)',
      'cron time zone "" for job "nightly" in environment "dev" is invalid: cron time zone is invalid (leave timeZone out for UTC)',
    ],
  },
  {
    name: 'a schedule listed twice',
    lines: 'schedulerPort: 8000\ncron: { schedules: ["@daily", "@daily"], concurrency: Allow }',
    problems: ['cron schedule "@daily" for job "nightly" is listed twice'],
  },
  {
    name: 'neither a port nor a cron',
    lines: 'image: x',
    problems: [
      'job nightly: environment dev: job must specify either a schedulerPort or a cron schedule',
      'job nightly: environment prod: job must specify either a schedulerPort or a cron schedule',
    ],
  },
  {
    name: 'no port, and a cron in some environments only',
    lines: 'environmentConfig:\n  - environment: prod\n    cron: { schedules: ["@daily"], concurrency: Allow }',
    problems: ['job nightly: environment dev: job must specify either a schedulerPort or a cron schedule'],
  },
];

describe('cron in radixconfig.yaml', () => {
  it.each(refusals)('refuses $name', ({ lines, problems }) => {
    expect(problemsOf(lines)).toEqual(problems);
  });

  it("replaces the job's cron with the environment's as a whole, with no merge", () => {
    const lines =
      'schedulerPort: 8000\ncron: { schedules: ["@daily"], concurrency: Forbid, timeZone: Europe/Oslo }\nenvironmentConfig:\n  - environment: prod\n    cron: { schedules: ["0 3 * * *", "@hourly"], concurrency: Allow }';
    expect(load(lines, ['--environment=prod']).schedulers[0].job.cron).toEqual({
      timeZone: 'UTC',
      schedules: ['0 3 * * *', '@hourly'],
      concurrency: 'Allow',
      startingDeadlineSeconds: undefined,
    });
    expect(load(lines, ['--environment=dev']).schedulers[0].job.cron).toMatchObject({ schedules: ['@daily'], timeZone: 'Europe/Oslo' });
  });

  it('takes a job without a schedulerPort when it has a cron, or one in every environment; such a job listens on no port', () => {
    const own = load('cron: { schedules: ["@daily"], concurrency: Allow }').schedulers[0];
    expect([own.job.schedulerPort, own.http.port]).toEqual([undefined, undefined]);
    const everywhere =
      'environmentConfig:\n  - { environment: dev, cron: { schedules: ["@daily"], concurrency: Allow } }\n  - { environment: prod, cron: { schedules: ["@hourly"], concurrency: Allow } }';
    expect(load(everywhere).schedulers[0].job.cron?.schedules).toEqual(['@daily']);
  });

  it('gives a cron-only job the port --port names, for its probes and metrics', () => {
    expect(load('cron: { schedules: ["@daily"], concurrency: Allow }', ['--port=8080']).schedulers[0].http.port).toBe(8080);
  });

  it('no longer warns that cron is not applied', () => {
    expect(load('schedulerPort: 8000\ncron: { schedules: ["@daily"], concurrency: Allow }').warnings).toEqual([]);
  });
});
