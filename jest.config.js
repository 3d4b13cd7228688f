// Unit specs beside the code, integration specs against a real embedded
// Postgres, end-to-end specs through the real gateway and processes, and the
// Kafka specs (run by `npm run test:kafka`, which starts a broker).
const swcOptions = require('./tools/build/swc-options.cjs');

// The aliases are rewritten at transform time, so global setup files (which
// jest loads outside its module registry) resolve them too.
const swc = ['@swc/jest', { ...swcOptions(), sourceMaps: 'inline' }];

// `jest --selectProjects integration apps/crm/src/deals` reads the path as
// one more project name; paths given that way narrow the run instead.
const selectAt = process.argv.indexOf('--selectProjects');
const strayPaths = [];
for (let i = selectAt + 1; selectAt >= 0 && i < process.argv.length && !process.argv[i].startsWith('-'); i++) {
  if (process.argv[i].includes('/')) strayPaths.push(process.argv[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}
const onlyStrayPaths = strayPaths.length ? [`^(?!.*(?:${strayPaths.join('|')}))`] : [];

const base = {
  testPathIgnorePatterns: ['/node_modules/', ...onlyStrayPaths],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // Nest 12, graphql-request and jose ship ES modules only; jest's CommonJS runtime needs them transpiled.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|graphql-request|jose)/)'],
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
};

module.exports = {
  // Jest reads the timeout from the top-level config only; integration, e2e
  // and Kafka specs start servers and brokers.
  testTimeout: 120000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['**/*.spec.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/postgres.global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/postgres.global-teardown.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/platform.global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/platform.global-teardown.ts',
    },
    {
      // Needs a broker: `npm run test:kafka` starts one (tools/kafka) and sets KAFKA_BROKERS.
      ...base,
      displayName: 'kafka',
      testMatch: ['**/*.kafka-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/postgres.global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/postgres.global-teardown.ts',
    },
  ],
};
