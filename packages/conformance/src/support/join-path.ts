/** `directory/name` with forward slashes (adapters take POSIX-style paths, as the lock builds them). */
export function joinPath(directory: string, name: string): string {
  return directory.endsWith('/') ? `${directory}${name}` : `${directory}/${name}`;
}
