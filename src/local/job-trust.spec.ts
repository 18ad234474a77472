import { describe, expect, it } from '@jest/globals';
import { localConfig } from '../../test/fakes/local.fixtures.js';
import type { JobDocument } from './job-document.js';
import { distrust } from './job-trust.js';

describe('distrust: what a job.json found on disk may run', () => {
  const config = localConfig('/app', {
    job: { command: ['node', 'main.mjs'], args: ['--fast'], variables: { NODE_OPTIONS: '--max-old-space-size=64' } },
  });
  const stored = (argv: string[], env: Record<string, string> = {}) =>
    ({ spec: { argv, env, hasPayload: false, backoffLimit: 0 } }) as unknown as JobDocument;

  const cases = {
    "the job definition's command and args": { document: stored(['node', 'main.mjs', '--fast']), verdict: undefined },
    'another program': { document: stored(['sh', '-c', 'id']), verdict: "its command is not the job definition's" },
    'extra arguments': { document: stored(['node', 'main.mjs', '--fast', '-e', 'x']), verdict: "its command is not the job definition's" },
    "the definition's own NODE_OPTIONS": {
      document: stored(['node', 'main.mjs', '--fast'], { NODE_OPTIONS: '--max-old-space-size=64', PLAIN: 'x' }),
      verdict: undefined,
    },
    'another NODE_OPTIONS': {
      document: stored(['node', 'main.mjs', '--fast'], { NODE_OPTIONS: '--require /tmp/x.js' }),
      verdict: "its variable NODE_OPTIONS is not the job definition's",
    },
    'an LD_PRELOAD': {
      document: stored(['node', 'main.mjs', '--fast'], { LD_PRELOAD: '/tmp/x.so' }),
      verdict: "its variable LD_PRELOAD is not the job definition's",
    },
  };

  it.each(Object.entries(cases))('%s', (_, { document, verdict }) => {
    expect(distrust(document, config)).toBe(verdict);
  });

  it('lets any program run where requests may choose it, but still no loader variable', () => {
    const open = localConfig('/app', { job: { command: ['node'] }, local: { requestCommand: true } });
    expect(distrust(stored(['sh', '-c', 'id']), open)).toBeUndefined();
    expect(distrust(stored(['sh'], { LD_PRELOAD: '/x.so' }), open)).toBe("its variable LD_PRELOAD is not the job definition's");
  });
});
