// Native ESM Jest with SWC: decorators and their metadata must survive the transform,
// or Nest's constructor injection silently receives undefined.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  testEnvironmentOptions: { globalsCleanup: 'off' },
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
};

export default {
  // e2e tests wait for real jobs; unit tests finish far inside this anyway.
  testTimeout: 120_000,
  // Jest's default on 2 cores is one worker, and most e2e time is spent waiting on the control
  // plane and on job processes: two workers took the whole run from 17.7 to 9.5 minutes there,
  // every test passing. More than two share one control plane unmeasured, so two it is.
  maxWorkers: 2,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/client/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/test-cluster.ts',
      globalTeardown: '<rootDir>/test/support/cluster.global-teardown.ts',
      slowTestThreshold: 30,
    },
  ],
};
