// Makes sure the pinned upstream tools are there before any test runs, building them with Go when missing.
import type { TestProject } from "vitest/node";
import { ensureControlPlane, type ControlPlaneBinaries } from "../../lib/tools/control-plane.ts";
import { ensureGoTool, ToolUnavailable } from "../../lib/tools/go-tool.ts";
import { KUBECONFORM } from "../../lib/tools/kubeconform.ts";
import { KUSTOMIZE } from "../../lib/tools/kustomize.ts";

declare module "vitest" {
  export interface ProvidedContext {
    kubeconform: string;
    kustomize: string;
    /** The local control plane's binaries, or why they could not be built. */
    controlPlane: ControlPlaneBinaries | { readonly unavailable: string };
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  project.provide("kubeconform", await ensureGoTool(KUBECONFORM, log));
  project.provide("kustomize", await ensureGoTool(KUSTOMIZE, log));
  try {
    project.provide("controlPlane", await ensureControlPlane(log));
  } catch (error) {
    if (!(error instanceof ToolUnavailable)) throw error;
    project.provide("controlPlane", { unavailable: error.message });
  }
}
