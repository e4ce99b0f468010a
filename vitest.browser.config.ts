import { defineConfig } from 'vitest/config';

// `pnpm test:browser`: the simulator's timeline report opened in Debian's chromium through
// playwright-core. Needs /usr/bin/chromium (or LINKLOCK_CHROMIUM); .ci/run installs it.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'browser',
    include: ['packages/*/test-browser/**/*.test.ts'],
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.vitest-browser-results.json' },
  },
});
