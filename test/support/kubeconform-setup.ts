// Makes sure the pinned kubeconform is there before any test runs, installing it with Go when missing.
import type { TestProject } from "vitest/node";
import { ensureKubeconform } from "../../lib/validate/kubeconform.ts";

declare module "vitest" {
  export interface ProvidedContext {
    kubeconform: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const binary = await ensureKubeconform((line) => process.stderr.write(`${line}\n`));
  process.env.KUBECONFORM = binary;
  project.provide("kubeconform", binary);
}
