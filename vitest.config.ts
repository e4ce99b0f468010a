import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the `source` export condition), so
// unit tests need no build. Process tests spawn real Node children, which run the built
// packages: the global setup builds them first (incremental, fast when up to date).
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  oxc: { decorator: { legacy: true, emitDecoratorMetadata: true } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
        },
      },
      {
        // The lock's hazard and API tests (packages/lock-tests) again, with the shared disk
        // reached through a FaultyFs without faults: proves the decorator transparent.
        extends: true,
        test: {
          name: 'through-faulty',
          include: ['packages/lock-tests/test/**/*.test.ts'],
          env: { LINKLOCK_THROUGH_FAULTY: '1' },
        },
      },
    ],
    // vi.mock('node:fs') reaches an ES module in node_modules only when vitest runs it itself
    // (inlined); a CommonJS require('fs') is never reached (docs/faulty-node.md). The libraries
    // @linklock/faulty/node's tests run under faults:
    server: { deps: { inline: ['steno', 'atomically', 'stubborn-fs', 'stubborn-utils'] } },
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every core: the simulator's proofs keep a worker busy for minutes, and vitest's default
    // (one worker fewer than the cores) leaves a 2-core machine running one file at a time.
    maxWorkers: availableParallelism(),
    // CI also writes the results as JSON, for the closing "N passed, N failed" line of .ci/run.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.vitest-results.json' },
  },
});
