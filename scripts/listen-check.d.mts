// Types for listen-check.mjs, so its test can import it.
export function listenErrorMessage(
  err: NodeJS.ErrnoException | undefined,
  port: number,
  hostname: string | undefined,
): string | null;
export function listenProblem(port: number, hostname: string | undefined): Promise<string | null>;
