/** What stands at a lock path that is not a linklock lock file, in words. */
export function foreignKind(stats: { isDirectory(): boolean; isSymbolicLink(): boolean }): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'a file linklock did not write';
}
