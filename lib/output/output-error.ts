// Why the output could not be written. What the message says was left as it was.

/**
 * - "foreign": the output holds something Trellis did not write (exit 1: move it or choose another folder);
 * - "file-system": a read or write failed (permissions, space, a link loop; exit 2);
 * - "busy": another run holds the output's lock (exit 2).
 */
export type OutputFailure = "foreign" | "file-system" | "busy";

export class OutputError extends Error {
  constructor(
    message: string,
    readonly failure: OutputFailure = "file-system",
  ) {
    super(message);
    this.name = "OutputError";
  }
}

/** "CODE (message)" of a failed file-system call, or its message. */
export function errnoReason(error: unknown): string {
  const failed = error as NodeJS.ErrnoException;
  return failed.code ? `${failed.code} (${failed.message.replace(/^[A-Z]+: /, "")})` : String(failed.message ?? error);
}
