// `trellis rehearse`: each environment's bootstrap with the real Pulumi engine against a throw-away local
// control plane, checked, previewed again, destroyed; exit 1 when any step or check fails.
import { resolve } from "node:path";
import { DeclarationError } from "../declarations/problems.ts";
import { rehearse, type Rehearsal } from "../rehearse/rehearse.ts";
import { loadPlatform } from "../synth.ts";
import { ToolUnavailable } from "../tools/go-tool.ts";
import { parseOptions, UsageError, type Io } from "./options.ts";

export async function rehearseCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseOptions(args, {
    env: { type: "string", multiple: true },
    root: { type: "string" },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const root = resolve(values.root ?? ".");
  try {
    const declared = (await loadPlatform(root)).environments.map((environment) => environment.name);
    const unknown = (values.env ?? []).filter((name) => !declared.includes(name));
    if (unknown.length > 0)
      throw new UsageError(`no environment ${unknown.join(", ")}; declared: ${declared.join(", ")}`);
    let failed = false;
    for (const environment of values.env ?? declared) {
      const rehearsal = await rehearse({ root, environment, log: io.err });
      for (const line of report(rehearsal)) io.out(line);
      failed ||= !passed(rehearsal);
    }
    return failed ? 1 : 0;
  } catch (error) {
    if (error instanceof DeclarationError || error instanceof ToolUnavailable) {
      io.err(`trellis rehearse: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

export function passed(rehearsal: Rehearsal): boolean {
  return (
    !rehearsal.failure &&
    rehearsal.checks.every((check) => check.ok) &&
    rehearsal.secondPreviewChanges === 0 &&
    rehearsal.leftAfterDestroy.length === 0
  );
}

export function report(rehearsal: Rehearsal): string[] {
  const name = rehearsal.environment;
  if (rehearsal.failure)
    return [
      `${name}: stopped at ${rehearsal.failure.step}:`,
      ...rehearsal.failure.output
        .trim()
        .split("\n")
        .map((line) => `  ${line}`),
    ];
  return [
    `${name}: pulumi up created ${rehearsal.created} objects`,
    ...rehearsal.checks.map((check) => `${name}: ${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}`),
    `${name}: ${rehearsal.secondPreviewChanges === 0 ? "ok  " : "FAIL"} second preview: ${rehearsal.secondPreviewChanges} change(s)`,
    `${name}: ${rehearsal.leftAfterDestroy.length === 0 ? "ok  " : "FAIL"} destroy left ${rehearsal.leftAfterDestroy.length} object(s)${rehearsal.leftAfterDestroy.length ? `: ${rehearsal.leftAfterDestroy.join(", ")}` : ""}`,
    ...(rehearsal.releasedByStandIn
      ? [
          `${name}: released ${rehearsal.releasedByStandIn} object(s) from finalizers that the garbage collector or Argo CD would remove; neither runs on a bare API server`,
        ]
      : []),
    ...(rehearsal.finalizedNamespaces.length
      ? [
          `${name}: finalized namespace(s) ${rehearsal.finalizedNamespaces.join(", ")}: no namespace controller runs on a bare API server to finish their deletion`,
        ]
      : []),
    ...(rehearsal.retained.length
      ? [
          `${name}: kept on destroy by design, then removed: ${rehearsal.retained.join(", ")} (Argo CD owns them once it runs)`,
        ]
      : []),
  ];
}
