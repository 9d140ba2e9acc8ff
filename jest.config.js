const os = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  setupFiles: ['reflect-metadata'],
  testTimeout: 30000,
  // One worker more than the cores (jest's default is one fewer): most suites spend their time
  // waiting on loopback sockets, emulators and child processes, not on a core. On a 2-core
  // machine this is 3 workers and npm test's jest phase takes about 60% of the time of 1 worker.
  maxWorkers: (os.availableParallelism?.() ?? os.cpus().length) + 1,
};
