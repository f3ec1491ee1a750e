// The bootstrap with the real Pulumi engine (CLI v3.274.1, its Node.js language host, the Kubernetes provider
// 4.34.2) against a local kube-apiserver, for every environment: what `npm run rehearse` does.
import { describe, expect, it } from "vitest";
import { passed, report } from "../../argocd/rehearse/rehearsal-report.ts";
import { rehearse } from "../../argocd/rehearse/rehearse.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const log = (line: string) => process.stderr.write(`${line}\n`);

// Each rehearsal has its own control plane, workspace and state: they run side by side.
describe.concurrent("rehearse: pulumi up for real", () => {
  it.each(["dev", "staging", "prod"])(
    "%s: creates what the program declares, converges, and destroys to nothing",
    async (environment) => {
      const rehearsal = await rehearse({ root: PROJECT_ROOT, environment, log });
      log(report(rehearsal).join("\n"));
      expect(rehearsal.failure).toBeUndefined();
      expect(rehearsal.checks.filter((check) => !check.ok)).toEqual([]);
      const expected = [
        "namespaces",
        "Argo CD CRDs",
        "Argo CD install",
        "cluster Secret",
        "repository credentials",
        "AppProject from deploy/",
        "ApplicationSet from deploy/",
      ];
      expect(rehearsal.checks.map((check) => check.name)).toEqual(
        environment === "dev" ? [...expected.slice(0, 5), "bootstrap Secrets", ...expected.slice(5)] : expected,
      );
      expect(rehearsal.created).toBeGreaterThan(20);
      expect(rehearsal.secondPreviewChanges).toBe(0);
      expect(rehearsal.leftAfterDestroy).toEqual([]);
      // Destroy keeps what would take the environment with it: Argo CD's namespace and CRDs, the AppProject and the
      // ApplicationSet.
      expect(rehearsal.retained).toEqual(
        expect.arrayContaining([
          "Namespace argocd",
          "ApplicationSet argocd/trellis",
          `AppProject argocd/trellis-${environment}`,
          "CustomResourceDefinition applications.argoproj.io",
          "CustomResourceDefinition applicationsets.argoproj.io",
          "CustomResourceDefinition appprojects.argoproj.io",
        ]),
      );
      expect(passed(rehearsal)).toBe(true);
    },
    600_000,
  );

  it("stops a stack that lacks a secret before anything is created, naming each command once", async () => {
    const rehearsal = await rehearse({
      root: PROJECT_ROOT,
      environment: "dev",
      withholdSecrets: ["payment-provider.apiKey"],
      log,
    });
    expect(rehearsal.failure?.step).toBe("preview");
    expect(rehearsal.created).toBe(0);
    const output = rehearsal.failure?.output ?? "";
    expect(output).toContain("the stack is missing 1 secret value(s); nothing was created");
    expect(output.split("pulumi config set --secret --path 'secrets.payment-provider.apiKey' <value>").length - 1).toBe(
      1,
    );
    expect(passed(rehearsal)).toBe(false);
  }, 600_000);
});
