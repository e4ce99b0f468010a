import { createRequire } from 'node:module';

/**
 * The real `node:fs` and `node:fs/promises`, for the facade's own use (Node's streams, the
 * names of the functions it does not cover). Loaded with `require`, which a test's
 * `vi.mock('node:fs')` does not intercept: the facade is what such a mock returns, and an
 * `import` of the mocked module here would make the facade call itself.
 */
const require = createRequire(import.meta.url);

export const realFs: typeof import('node:fs') = require('node:fs');
export const realPromises: typeof import('node:fs/promises') = require('node:fs/promises');
