import { describe, expect, it } from '@jest/globals';
import { aSchedulerConfig } from '../../test/fakes/scheduler-config.fixture.js';
import { InvalidRequestError } from './jobs.errors.js';
import { isLoaderVariable, refuseUntrusted } from './request-trust.js';

describe('refuseUntrusted', () => {
  const local = aSchedulerConfig({ runtime: 'local' });
  const kubernetes = aSchedulerConfig({ runtime: 'kubernetes' });
  const risky = { command: ['sh'], args: ['-c', 'id'], variables: { LD_PRELOAD: '/tmp/x.so' } };

  it('lets every field through on Kubernetes, where the job runs in its own container', () => {
    expect(() => refuseUntrusted(kubernetes, risky)).not.toThrow();
  });

  it('refuses a command on the local runtime, naming the field with its prefix', () => {
    expect(() => refuseUntrusted(local, { command: ['sh'] }, 'jobScheduleDescriptions[2].')).toThrow(
      new InvalidRequestError(
        'jobScheduleDescriptions[2].command: the local runtime runs the program of the job definition; a request may not choose it (JOB_SCHEDULER_ALLOW_REQUEST_COMMAND=compute allows it for this job)',
      ),
    );
  });

  it('lets command and args through where the operator allows it, but never loader variables', () => {
    const allowing = aSchedulerConfig({ runtime: 'local', local: { ...local.local, requestCommand: true } });
    expect(() => refuseUntrusted(allowing, { command: ['sh'], args: ['-c', 'id'] })).not.toThrow();
    expect(() => refuseUntrusted(allowing, risky)).toThrow(/^variables\.LD_PRELOAD: may not be set/);
  });

  it('lets ordinary variables through on the local runtime', () => {
    expect(() => refuseUntrusted(local, { variables: { MODE: 'fast', NODE_ENV: 'production', PY_LEVEL: '3' } })).not.toThrow();
  });
});

describe('isLoaderVariable', () => {
  const cases: { name: string; loader: boolean }[] = [
    { name: 'NODE_OPTIONS', loader: true },
    { name: 'LD_PRELOAD', loader: true },
    { name: 'ld_library_path', loader: true },
    { name: 'DYLD_INSERT_LIBRARIES', loader: true },
    { name: 'PYTHONSTARTUP', loader: true },
    { name: 'PERL5OPT', loader: true },
    { name: 'BASH_FUNC_ls', loader: true },
    { name: 'npm_config_node_options', loader: true },
    { name: 'YARN_RC_FILENAME', loader: true },
    { name: 'JAVA_OPTS', loader: true },
    { name: 'MAVEN_OPTS', loader: true },
    { name: 'MAKEFLAGS', loader: true },
    { name: 'GOFLAGS', loader: true },
    { name: 'RUSTC_WRAPPER', loader: true },
    { name: 'OPENSSL_CONF', loader: true },
    { name: 'XDG_CONFIG_HOME', loader: true },
    { name: 'GLIBC_TUNABLES', loader: true },
    { name: 'MANPAGER', loader: true },
    { name: 'SSH_ASKPASS', loader: true },
    { name: 'CC', loader: true },
    { name: 'NODE_ENV', loader: false },
    { name: 'LOAD_FACTOR', loader: false },
    { name: 'ENVIRONMENT', loader: false },
    { name: 'OPTIMIZER', loader: false },
    { name: 'CCY', loader: false },
    { name: 'GOAL', loader: false },
    { name: 'FEATURE_FLAG', loader: false },
  ];

  it.each(cases)('$name: $loader', ({ name, loader }) => {
    expect(isLoaderVariable(name)).toBe(loader);
  });
});
