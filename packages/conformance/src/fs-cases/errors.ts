import { errorCode } from '@linklock/core';
import { errorPath, rejectionOf } from '../support/outcome.js';
import type { CaseGroup } from './adapter-case.js';

/**
 * The lock decides by `code` only (ENOENT: gone, EEXIST: taken), and the errors it passes on
 * must say which file they concern: a `path`, as node:fs errors have.
 */
export const errorCases: CaseGroup = {
  name: 'errors',
  cases: [
    {
      title: 'errors: carry the errno code and the path concerned, for every operation',
      async run({ fs, path, expect }) {
        const missing = path('missing');
        const single: [string, () => Promise<unknown>][] = [
          ['read', () => fs.read(missing, { maxBytes: 16 })],
          ['writeAt', () => fs.writeAt(missing, 0, 'x')],
          ['unlink', () => fs.unlink(missing)],
          ['stat', () => fs.stat(missing)],
          ['readdir', () => fs.readdir(missing)],
        ];
        for (const [operation, call] of single) {
          const error = await rejectionOf(call());
          expect(
            errorCode(error),
            `errors: ${operation} of a missing name must reject with code ENOENT`,
          ).toBe('ENOENT');
          expect(errorPath(error), `errors: the ${operation} error must carry the path`).toBe(
            missing,
          );
        }
        const other = path('other');
        for (const [operation, call] of [
          ['rename', () => fs.rename(missing, other)],
          ['link', () => fs.link(missing, other)],
        ] as const) {
          if (operation === 'link' && !fs.capabilities.hardLinks) continue;
          const error = await rejectionOf(call());
          expect(
            errorCode(error),
            `errors: ${operation} from a missing name must reject with ENOENT`,
          ).toBe('ENOENT');
          expect(
            [missing, other].includes(errorPath(error) as string),
            `errors: the ${operation} error must carry one of its two paths as \`path\``,
          ).toBe(true);
        }
      },
    },
  ],
};
