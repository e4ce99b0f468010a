/**
 * Runs one case so that every failure names the contract line it broke: assertion failures
 * already carry the line as their message; anything else (an adapter that threw where it
 * should not have) is rethrown with the case's title in front.
 */
export async function underContractLine(title: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (isAssertionError(error)) throw error;
    throw new Error(`${title}: broken by an unexpected error: ${describe(error)}`, {
      cause: error,
    });
  }
}

function isAssertionError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AssertionError';
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${error.message})` : error.message;
  }
  return String(error);
}
