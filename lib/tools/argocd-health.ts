// Argo CD's own health assessment (tools/argocd-health: gitops-engine's GetResourceHealth with argocd-cm Lua
// overrides, run by Argo CD's Lua VM), fed with objects and the health scripts a cluster's argocd-cm holds.
import { spawn } from "node:child_process";
import { ensureModuleTool, type ModuleTool } from "./module-tool.ts";

export const ARGOCD_HEALTH: ModuleTool = {
  name: "argocd-health",
  version: "argo-cd-v3.2.12",
  packagePath: ".",
  coldBuild: "3 minutes",
};

export function ensureArgoCdHealth(log: (line: string) => void = () => {}): Promise<string> {
  return ensureModuleTool(ARGOCD_HEALTH, log).then((built) => built.path);
}

export interface HealthResult {
  /** Healthy, Progressing, Degraded, Suspended, Missing, Unknown; "" when Argo CD assesses no health for the kind. */
  readonly status: string;
  readonly message: string;
  readonly error?: string;
}

export interface HealthRequest {
  /** Scripts keyed "<group>/<Kind>" ("<Kind>" for the core group), as Argo CD keys its resource overrides. */
  readonly overrides?: Readonly<Record<string, string>>;
  /** Built-in scripts of the pinned Argo CD release, keyed the same way; argocd-cm's take precedence. */
  readonly builtIn?: Readonly<Record<string, string>>;
  /** One script for every object (how upstream's health_test.yaml cases run). */
  readonly script?: string;
  readonly objects: readonly unknown[];
}

export function assessHealth(binary: string, request: HealthRequest): Promise<HealthResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`argocd-health exited ${code}: ${stderr.trim()}`));
      else resolve(JSON.parse(stdout) as HealthResult[]);
    });
    child.stdin.end(
      JSON.stringify({
        overrides: request.overrides ?? {},
        builtIn: request.builtIn ?? {},
        script: request.script ?? "",
        objects: request.objects,
      }),
    );
  });
}
