/**
 * A filesystem error shaped like Node's (`code`, `errno`, `syscall`, `path`), for adapters that
 * are not backed by `node:fs`. The lock only looks at `code`.
 */
export class FsError extends Error {
  override name = 'FsError';
  readonly code: string;
  readonly syscall: string | undefined;
  readonly path: string | undefined;
  readonly errno: number | undefined;

  constructor(
    code: string,
    options: {
      syscall?: string;
      path?: string;
      errno?: number;
      message?: string;
      cause?: unknown;
    } = {},
  ) {
    const where = [options.syscall, options.path && `'${options.path}'`].filter(Boolean).join(' ');
    super(options.message ?? `${code}${where ? `: ${where}` : ''}`, { cause: options.cause });
    this.code = code;
    this.syscall = options.syscall;
    this.path = options.path;
    this.errno = options.errno;
  }
}

/** The errno code of an error thrown by an adapter, if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function hasCode(error: unknown, ...codes: string[]): boolean {
  const code = errorCode(error);
  return code !== undefined && codes.includes(code);
}
