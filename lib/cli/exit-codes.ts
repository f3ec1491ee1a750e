// What each exit code of `trellis` means, in one place: the commands return these, `trellis --help` prints this
// table, and README.md's table is checked against it (test/cli/exit-codes.test.ts).

export const EXIT = {
  /** Done as asked. */
  success: 0,
  /** The input or the output is wrong. */
  failure: 1,
  /** The command could not run as asked. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface ExitCodeMeaning {
  readonly code: ExitCode;
  readonly meaning: string;
}

export const EXIT_CODES: readonly ExitCodeMeaning[] = [
  {
    code: EXIT.success,
    meaning: "success: written, valid, no error finding that counts (check), no change (diff --exit-code)",
  },
  {
    code: EXIT.failure,
    meaning:
      "the input or the output is wrong: bad declarations or trellis.config.ts, invalid manifests, an error " +
      "finding (check), a failed gate or rehearsal check, a change (diff --exit-code), files in the output that " +
      "Trellis did not write (synth), an engine or chart that cannot be had (validate, inventory, rehearse)",
  },
  {
    code: EXIT.usage,
    meaning:
      "the command could not run: bad usage (an unknown command or option, a missing or wrong value, an " +
      "undeclared environment, an unknown git ref), input that cannot be read, a file-system error, the output " +
      "folder held by another run (synth); check also stops with 2 on settings, engines or charts it cannot " +
      "use, and with --format json or sarif still prints one document that carries the error",
  },
];

/** The table as `trellis --help` prints it. */
export function exitCodeLines(): string[] {
  return EXIT_CODES.map((entry) => `  ${entry.code}  ${entry.meaning}`);
}

/** The table as README.md holds it. */
export function exitCodeMarkdown(): string {
  return [
    "| exit code | meaning |",
    "|---:|---|",
    ...EXIT_CODES.map((entry) => `| ${entry.code} | ${entry.meaning.replaceAll("|", "\\|")} |`),
  ].join("\n");
}
