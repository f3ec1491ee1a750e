// Makes sure the pinned upstream tools are there before any test runs, building them with Go when missing.
import type { TestProject } from "vitest/node";
import { ensureGoTool } from "../../lib/tools/go-tool.ts";
import { KUBECONFORM } from "../../lib/tools/kubeconform.ts";
import { KUSTOMIZE } from "../../lib/tools/kustomize.ts";

declare module "vitest" {
  export interface ProvidedContext {
    kubeconform: string;
    kustomize: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  project.provide("kubeconform", await ensureGoTool(KUBECONFORM, log));
  project.provide("kustomize", await ensureGoTool(KUSTOMIZE, log));
}
