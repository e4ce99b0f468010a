import { defineConfig } from 'vitest/config';

// `pnpm test:realfs`: the lock on real filesystems that cache and lie (bindfs views, sshfs,
// hosts emulated with unshare). Needs root and the mounts of scripts/realfs/setup.sh, which
// .ci/run sets up and tears down. Tests run one file at a time: they share the mounts and
// measure waits, which a busy machine would stretch.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'realfs',
    include: ['packages/*/test-realfs/**/*.test.ts'],
    globalSetup: ['./scripts/vitest-global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.vitest-realfs-results.json' },
  },
});
