// The floor plan of docs/architecture.md, enforced: the engine imports no capability, rules import no renderer or
// gate, declarations import only their schemas, only entry points import the composition root, and no cycles.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../support/project.ts";
import { floorPlanViolations, importGraph, type ImportEdge } from "./import-graph.ts";

const edge = (from: string, to: string): ImportEdge => ({ from, to });

describe("the floor plan", () => {
  it("holds for every TypeScript file of the repository", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts"], {
      cwd: PROJECT_ROOT,
      encoding: "utf8",
    })
      .split("\n")
      .filter((file) => file !== "" && !file.startsWith("imports/"));
    const edges = importGraph(PROJECT_ROOT, files);
    expect(edges.length).toBeGreaterThan(500);
    expect(floorPlanViolations(edges)).toEqual([]);
  });

  it("names an engine file that imports a capability", () => {
    expect(floorPlanViolations([edge("lib/synth.ts", "runtime/runtime-layer.ts")])).toEqual([
      "engine imports outside lib/: lib/synth.ts imports runtime/runtime-layer.ts",
    ]);
    expect(floorPlanViolations([edge("lib/synth.ts", "versions.ts"), edge("lib/a.ts", "lib/b.ts")])).toEqual([]);
  });

  it("names a rule that imports a renderer or a gate", () => {
    expect(
      floorPlanViolations([
        edge("policies/dapr/app-port-missing.ts", "runtime/apps/deployment.ts"),
        edge("policies/argocd/wave-order.ts", "argocd/render/waves.ts"),
        edge("policies/argocd/wave-order.ts", "argocd/gates/health.ts"),
      ]),
    ).toEqual([
      "rule imports a renderer or a gate: policies/argocd/wave-order.ts imports argocd/render/waves.ts",
      "rule imports a renderer or a gate: policies/argocd/wave-order.ts imports argocd/gates/health.ts",
    ]);
    expect(floorPlanViolations([edge("policies/dapr/unknown-annotation.ts", "runtime/dapr-facts.ts")])).toEqual([]);
  });

  it("names a declaration that imports code, and an import of the composition root outside an entry point", () => {
    expect(
      floorPlanViolations([
        edge("apps/order-api.ts", "lib/model/resolve.ts"),
        edge("apps/order-api.ts", "lib/model/declarations/app.ts"),
        edge("components/statestore.ts", "components/shared/redis.ts"),
        edge("runtime/runtime-layer.ts", "blueprint.ts"),
        edge("bin/trellis.ts", "blueprint.ts"),
      ]),
    ).toEqual([
      "declaration imports code other than its schema: apps/order-api.ts imports lib/model/resolve.ts",
      "only entry points import the composition root: runtime/runtime-layer.ts imports blueprint.ts",
    ]);
  });

  it("names each import cycle once, type-only imports included", () => {
    expect(
      floorPlanViolations([
        edge("lib/model/types.ts", "lib/model/tracing.ts"),
        edge("lib/model/tracing.ts", "lib/model/platform-ingress.ts"),
        edge("lib/model/platform-ingress.ts", "lib/model/types.ts"),
        edge("lib/a.ts", "lib/a.ts"),
        edge("lib/b.ts", "lib/c.ts"),
      ]),
    ).toEqual([
      "import cycle: lib/a.ts",
      "import cycle: lib/model/platform-ingress.ts -> lib/model/tracing.ts -> lib/model/types.ts",
    ]);
  });

  it("reads static, dynamic and type-only imports", () => {
    const edges = importGraph(PROJECT_ROOT, ["lib/cli/main.ts", "lib/blueprint.ts"]);
    expect(edges).toContainEqual(edge("lib/cli/main.ts", "lib/cli/synth-command.ts"));
    expect(edges).toContainEqual(edge("lib/blueprint.ts", "lib/policies/rule.ts"));
  });
});
