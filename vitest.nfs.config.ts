import { defineConfig } from 'vitest/config';

// `pnpm test:nfs`: @linklock/nfs and the lock against a real NFS server (nfs-ganesha on
// 127.0.0.1, started by scripts/nfs/setup.sh, which .ci/run runs and tears down). Files run one
// at a time: they share the server, and some count its replies.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'nfs',
    include: ['packages/*/test-nfs/**/*.test.ts'],
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.vitest-nfs-results.json' },
  },
});
