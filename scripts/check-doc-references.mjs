// Every document a source comment, a test or a doc names must exist in the repository: a name
// like `hazards.md` or `docs/protocol.md` resolves against the repository root, docs/ and the
// naming file's own directory (package READMEs name docs by a path relative to themselves).
// Run by CI (pnpm lint); prints each dangling reference with where it is, and exits 1 when there
// is any.
//
//   node scripts/check-doc-references.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const SEARCHED = [
  'packages/*/src/**',
  'packages/*/test/**',
  'packages/*/test-*/**',
  'packages/*/README.md',
  'examples/**',
  'docs/*.md',
  'scripts/**',
  'README.md',
];
const REFERENCE = /(?:\.{1,2}\/)*[A-Za-z0-9_][A-Za-z0-9_./-]*\.md\b/g;
/** Names that are not this repository's documents (other projects' files, quoted on purpose). */
const ELSEWHERE = new Set(['CHANGELOG.md']);

const files = execFileSync('git', ['ls-files', '--', ...SEARCHED], { encoding: 'utf8' })
  .split('\n')
  .filter((file) => file !== '' && !file.includes('node_modules/'));
const dangling = [];
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    for (const [name] of line.matchAll(REFERENCE)) {
      if (name.includes('://') || ELSEWHERE.has(name)) continue;
      const candidates = [name, join('docs', name), join(dirname(file), name)].map((c) =>
        normalize(c),
      );
      if (!candidates.some((candidate) => existsSync(candidate))) {
        dangling.push(`${file}:${index + 1}: ${name}`);
      }
    }
  });
}
if (dangling.length > 0) {
  console.error(`documents named but missing (${dangling.length}):\n${dangling.join('\n')}`);
  process.exit(1);
}
console.log(`document references: all ${files.length} files checked, none dangling`);
