// Jest runs the project as native ESM (NestJS 12 is ESM-only); see README "Tests".
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
export default {
  testTimeout: 60000,
  // Every test file gets its own database cloned from a template, so files run in parallel safely. Two workers
  // on a 2-core machine cut the suite to about a third of one in-band run (files spend much of their time waiting
  // on PostgreSQL and chromium); recycling a worker that has grown keeps memory flat over ~100 files.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1536MB',
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
      testTimeout: 60000,
    },
  ],
};
