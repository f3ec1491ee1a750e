// The bootstrap with the real Pulumi engine (CLI v3.274.1, its Node.js language host, the Kubernetes provider
// 4.34.2) against the local cluster, for every environment, with Argo CD's and cert-manager's pods running as
// processes; for dev, the real Argo CD then syncs the environment from the loopback origin: what `npm run rehearse`
// does. Staging and prod are rehearsed up to the bootstrap here, with every pod simulated (their sync needs engines
// the rehearsal does not run yet, and prod's highly available Argo CD three nodes).
import { describe, expect, it } from "vitest";
import { passed, report } from "../../argocd/rehearse/rehearsal-report.ts";
import { rehearse } from "../../argocd/rehearse/rehearse.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const log = (line: string) => process.stderr.write(`${line}\n`);

// Each rehearsal has its own cluster, workspace and state, but they run one after another: their process pods share
// this machine's network, and some images listen on every address on fixed ports (docs/delivery.md).
describe.sequential("rehearse: pulumi up for real", () => {
  it.each(["dev", "staging", "prod"])(
    "%s: creates what the program declares, converges, and destroys to nothing",
    async (environment) => {
      const rehearsal = await rehearse({ root: PROJECT_ROOT, environment, log, watchSync: environment === "dev" });
      log(report(rehearsal).join("\n"));
      expect(rehearsal.failure).toBeUndefined();
      const bootstrapChecks = [
        "namespaces",
        "Argo CD CRDs",
        "Argo CD install",
        "cluster Secret",
        "repository credentials",
        "AppProject from deploy/",
        "ApplicationSet from deploy/",
      ];
      const expected =
        environment === "dev"
          ? [
              ...bootstrapChecks.slice(0, 5),
              "bootstrap Secrets",
              ...bootstrapChecks.slice(5),
              "argocd-sync",
              "wave-order",
              "process-pods",
            ]
          : bootstrapChecks;
      expect(rehearsal.checks.map((check) => check.name)).toEqual(expected);
      expect(rehearsal.checks.filter((check) => !check.ok && check.name !== "argocd-sync")).toEqual([]);
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
      if (environment === "dev") {
        // Argo CD's controllers and cert-manager's ran as processes and were Ready by their own probes.
        expect(rehearsal.processPods.map((pod) => pod.name)).toEqual(
          expect.arrayContaining([
            "argocd-application-controller-0",
            expect.stringMatching(/^argocd-repo-server-/),
            expect.stringMatching(/^argocd-applicationset-controller-/),
            expect.stringMatching(/^argocd-redis-/),
          ]),
        );
        // The real Argo CD generated the root Application and synced the waves whose engines run for real (the
        // namespaces, cert-manager from the loopback chart repository) to Synced and Healthy; each Application that
        // is not says why in Argo CD's words. The whole sync is not green yet: the Dapr control plane and the
        // OpenTelemetry operator still run simulated (docs/delivery.md, "The rehearsal").
        const healthy = rehearsal.applications
          .filter((application) => application.sync === "Synced" && application.health === "Healthy")
          .map((application) => application.name);
        expect(healthy).toEqual(expect.arrayContaining(["dev-namespaces", "dev-cert-manager", "cert-manager"]));
        expect(rehearsal.processPods.map((pod) => pod.name)).toEqual(
          expect.arrayContaining([expect.stringMatching(/^cert-manager-webhook-/)]),
        );
        for (const application of rehearsal.applications)
          if (application.health !== "Healthy" && application.health !== "Missing")
            expect(application.message, application.name).toBeTruthy();
      } else expect(passed(rehearsal)).toBe(true);
    },
    900_000,
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
