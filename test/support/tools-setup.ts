// Makes sure the pinned upstream tools are there before any test runs, building them with Go when missing.
// A tool that cannot be had fails the whole run: a suite that skips its real engines would pass without
// having proven anything.
import type { TestProject } from "vitest/node";
import { ensureControlPlane, type ControlPlaneBinaries } from "../../lib/tools/control-plane.ts";
import { ensureGoTool } from "../../lib/tools/go-tool.ts";
import { KUBECONFORM } from "../../lib/tools/kubeconform.ts";
import { KUSTOMIZE } from "../../lib/tools/kustomize.ts";

declare module "vitest" {
  export interface ProvidedContext {
    kubeconform: string;
    kustomize: string;
    /** The local control plane's binaries. */
    controlPlane: ControlPlaneBinaries;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  project.provide("kubeconform", await ensureGoTool(KUBECONFORM, log));
  project.provide("kustomize", await ensureGoTool(KUSTOMIZE, log));
  project.provide("controlPlane", await ensureControlPlane(log));
}
