// The real process's Io, for bin/trellis.ts: standard output and error, standard input, whether output is a
// terminal, and the environment.
import type { Io } from "./options.ts";

export function processIo(): Io {
  const line = (text: string) => (text.endsWith("\n") ? text : `${text}\n`);
  return {
    out: (text) => process.stdout.write(line(text)),
    err: (text) => process.stderr.write(line(text)),
    stdin: () => process.stdin,
    outIsTerminal: process.stdout.isTTY === true,
    env: process.env,
  };
}
