import { defineConfig } from 'vitest/config';

// `pnpm test:install`: the published packages as a user gets them. The global setup builds the
// workspace (incremental); the tests pack the packages, install the tarballs with npm in a
// temporary project outside the workspace (third-party dependencies come from the npm
// registry, so this needs the network), and use them there: no `source` condition here, the
// installed JavaScript runs.
export default defineConfig({
  test: {
    name: 'install',
    include: ['packages/*/test-install/**/*.test.ts'],
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.vitest-install-results.json' },
  },
});
