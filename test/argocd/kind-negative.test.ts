// The denied-kind case passes only on Argo CD's own refusal with the PriorityClass kept out of the cluster, and the
// kind model check only when the gate's model agrees with what Argo CD synced and refused. Argo CD is played here
// by a scripted API server (kubectl answers); the rehearsal runs the real one.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { rehearseDeniedKind } from "../../argocd/rehearse/kind-negative.ts";
import type { CommandResult } from "../../lib/tools/processes.ts";

const PROJECT_SPEC = {
  destinations: [{ server: "https://kubernetes.default.svc", namespace: "orders" }],
  clusterResourceWhitelist: [{ group: "", kind: "Namespace" }],
};
const SYNCED = [
  { group: "", kind: "Namespace", name: "orders" },
  { group: "apps", kind: "Deployment", name: "order-api", namespace: "orders" },
];
const REFUSED = "resource scheduling.k8s.io:PriorityClass is not permitted in project trellis-dev";

function fakeArgoCd(options: { refusal?: string; reached?: boolean; projectSpec?: object }) {
  const calls: string[] = [];
  const answer = (stdout: string, code = 0): CommandResult => ({ code, stdout, stderr: code ? "NotFound" : "" });
  const kubectl = async (args: readonly string[]): Promise<CommandResult> => {
    calls.push(args.join(" "));
    const [verb, kind, name] = args;
    if (verb === "apply" || verb === "delete") return answer("");
    if (verb === "get" && kind === "priorityclass") return answer("", options.reached ? 0 : 1);
    if (verb === "get" && kind === "appproject.argoproj.io")
      return answer(JSON.stringify({ spec: options.projectSpec ?? PROJECT_SPEC }));
    if (verb === "get" && kind === "application.argoproj.io" && name === "trellis-negative-project-kind-denied")
      return answer(
        JSON.stringify({
          metadata: { name },
          status: {
            operationState: {
              phase: "Failed",
              message: "one or more synchronization tasks are not valid",
              syncResult: {
                resources: options.refusal ? [{ kind: "PriorityClass", name: "x", message: options.refusal }] : [],
              },
            },
          },
        }),
      );
    if (verb === "get" && kind === "application.argoproj.io")
      return answer(
        JSON.stringify({
          items: [{ metadata: { name: "dev-apps" }, spec: { project: "trellis-dev" }, status: { resources: SYNCED } }],
        }),
      );
    throw new Error(`unexpected kubectl ${args.join(" ")}`);
  };
  return { kubectl, calls };
}

describe("the denied-kind negative case and the kind model check", () => {
  let folder = "";
  afterEach(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const run = async (argocd: ReturnType<typeof fakeArgoCd>) => {
    folder = await mkdtemp(join(tmpdir(), "trellis-kind-negative-"));
    const deploy = join(folder, "deploy");
    const checks = await rehearseDeniedKind(argocd.kubectl, {
      argoCdNamespace: "argocd",
      environment: "dev",
      project: "trellis-dev",
      repoURL: "https://example.test/repo.git",
      revision: "main",
      namespace: "orders",
      advance: async (edit) => {
        await edit(deploy);
        return "c0ffee";
      },
      folder,
      log: () => {},
      deadlineMs: 3_000,
    });
    return { checks, probeFiles: await readdir(join(deploy, "dev", "rehearsal-denied-kind")) };
  };

  it("passes on Argo CD's refusal, and the model agrees on what was synced and refused", async () => {
    const argocd = fakeArgoCd({ refusal: REFUSED });
    const { checks, probeFiles } = await run(argocd);
    expect(probeFiles).toEqual(["priorityclass-trellis-rehearsal-denied-kind.yaml"]);
    expect(checks).toEqual([
      expect.objectContaining({ name: "negative:project-kind-denied", ok: true }),
      expect.objectContaining({ name: "model:project-kinds", ok: true }),
    ]);
    expect(argocd.calls).toContain(
      "delete application.argoproj.io trellis-negative-project-kind-denied -n argocd --ignore-not-found",
    );
  });

  it("fails when Argo CD does not refuse, or the PriorityClass reaches the cluster", async () => {
    const silent = await run(fakeArgoCd({}));
    expect(silent.checks[0]).toMatchObject({ ok: false, detail: expect.stringMatching(/did not refuse/) });
    const reached = await run(fakeArgoCd({ refusal: REFUSED, reached: true }));
    expect(reached.checks[0]).toMatchObject({ ok: false, detail: expect.stringMatching(/reached the cluster/) });
  });

  it("fails the model check when the model would permit what Argo CD refused", async () => {
    const whitelisted = {
      ...PROJECT_SPEC,
      clusterResourceWhitelist: [
        ...PROJECT_SPEC.clusterResourceWhitelist,
        { group: "scheduling.k8s.io", kind: "PriorityClass" },
      ],
    };
    const { checks } = await run(fakeArgoCd({ refusal: REFUSED, projectSpec: whitelisted }));
    expect(checks[1]).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/the model says permitted, Argo CD refused/),
    });
  });

  it("fails the model check when the model refuses what Argo CD synced", async () => {
    const { checks } = await run(
      fakeArgoCd({ refusal: REFUSED, projectSpec: { ...PROJECT_SPEC, clusterResourceWhitelist: [] } }),
    );
    expect(checks[1]).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/core\/Namespace orders: Argo CD synced it/),
    });
  });
});
