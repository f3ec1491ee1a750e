// The bootstrap with the real Pulumi engine (CLI v3.274.1, its Node.js language host, the Kubernetes provider
// 4.34.2) against the local cluster, for every environment; for dev the pods of Argo CD, cert-manager, the Dapr control
// plane, the OpenTelemetry operator, the collectors, Jaeger, Redis and the apps (stand-ins beside real daprd sidecars)
// run as processes, the real Argo CD syncs the whole environment from the loopback origin, the apps' traffic goes
// through the real sidecars, the negative cases are refused, and the environment survives the deletion steps: what
// `npm run rehearse` does. Staging and prod are rehearsed up to the bootstrap here, with every pod simulated (their sync
// needs External Secrets and Vault, not built yet, and prod's highly available Argo CD three nodes).
import { describe, expect, it } from "vitest";
import { passed, report } from "../../argocd/rehearse/rehearsal-report.ts";
import { rehearse } from "../../argocd/rehearse/rehearse.ts";
import { PREVIOUS } from "../../argocd/rehearse/upgrade-step.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const log = (line: string) => process.stderr.write(`${line}\n`);

// Each rehearsal has its own cluster, network blocks, workspace and state; they run one after another to spare the
// machine's two cores.
describe.sequential("rehearse: pulumi up for real", () => {
  it.each(["dev", "staging", "prod"])(
    "%s: creates what the program declares, converges, and destroys to nothing",
    async (environment) => {
      // Dev is installed from its previous output and upgraded to the working tree's, as a merge does.
      const rehearsal = await rehearse({
        root: PROJECT_ROOT,
        environment,
        log,
        watchSync: environment === "dev",
        ...(environment === "dev" ? { from: PREVIOUS } : {}),
      });
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
              "model:wave-order",
              "upgrade",
              "process-pods",
              "engine-versions",
              "model:effective-pods",
              "traffic:sidecars-ready",
              "traffic:invocation",
              "traffic:access-control",
              "traffic:mtls",
              "pubsub:delivery",
              "pubsub:scopes",
              "state:actors",
              "state:store",
              "state:lock",
              "state:secrets",
              "traces:one-request",
              "resiliency:retries",
              "resiliency:circuit-breaker",
              "negative:sidecar-builtin-secret-store",
              "negative:access-control-deny",
              "state:input-binding",
              "restart:consumer",
              "pubsub:dead-letter",
              "scheduler-failover",
              "negative:application-destination-namespace",
              "negative:project-destination-denied",
              "model:project-destinations",
              "negative:immutable-selector",
              "negative:appset-template-finalizer",
              "negative:project-kind-denied",
              "model:project-kinds",
              "cluster-unlabel",
              "appset-deletion",
              "destroy-keeps-workloads",
            ]
          : bootstrapChecks;
      expect(rehearsal.checks.map((check) => check.name)).toEqual(expected);
      expect(rehearsal.checks.filter((check) => !check.ok)).toEqual([]);
      expect(rehearsal.created).toBeGreaterThan(20);
      expect(rehearsal.secondPreviewChanges).toBe(0);
      expect(rehearsal.leftAfterDestroy).toEqual([]);
      // Destroy keeps what would take the environment with it: Argo CD's namespace and CRDs, the AppProject and the
      // ApplicationSet (in dev the deletion-safety step deleted the ApplicationSet before destroy).
      expect(rehearsal.retained).toEqual(
        expect.arrayContaining([
          "Namespace argocd",
          ...(environment === "dev" ? [] : ["ApplicationSet argocd/trellis"]),
          `AppProject argocd/trellis-${environment}`,
          "CustomResourceDefinition applications.argoproj.io",
          "CustomResourceDefinition applicationsets.argoproj.io",
          "CustomResourceDefinition appprojects.argoproj.io",
        ]),
      );
      if (environment === "dev") {
        const detail = (name: string) => rehearsal.checks.find((check) => check.name === name)?.detail;
        // The controllers, the collectors, Jaeger, Redis and the apps (stand-ins beside real daprd sidecars) ran as
        // processes and were Ready by their own probes; only Dex stays simulated.
        expect(rehearsal.processPods.map((pod) => pod.name)).toEqual(
          expect.arrayContaining([
            "argocd-application-controller-0",
            expect.stringMatching(/^argocd-repo-server-/),
            expect.stringMatching(/^cert-manager-webhook-/),
            expect.stringMatching(/^dapr-sentry-/),
            "dapr-scheduler-server-2",
            expect.stringMatching(/^opentelemetry-operator-/),
            expect.stringMatching(/^gateway-collector-/),
            expect.stringMatching(/^jaeger-collector-/),
            expect.stringMatching(/^redis-/),
            expect.stringMatching(/^order-api-/),
            expect.stringMatching(/^shipping-worker-/),
          ]),
        );
        expect(rehearsal.simulatedPods.map((pod) => pod.name)).toEqual([expect.stringMatching(/^argocd-dex-server-/)]);
        // The real sidecars refused what the declarations do not allow, in daprd's own words.
        expect(detail("negative:sidecar-builtin-secret-store")).toMatch(/secretstores\.kubernetes/);
        expect(detail("negative:access-control-deny")).toMatch(
          /PermissionDenied desc = access control policy has denied access/,
        );
        // Argo CD refused each negative case in its own words; the changed selector in the API server's.
        for (const name of ["negative:application-destination-namespace", "negative:project-destination-denied"])
          expect(detail(name)).toMatch(/do not match any of the allowed destinations in project 'trellis-dev'/);
        expect(detail("negative:immutable-selector")).toMatch(/field is immutable/);
        // Argo CD's resources finalizer on an ApplicationSet's template cascades a deletion to what it synced.
        expect(detail("negative:appset-template-finalizer")).toMatch(/deleted the ConfigMap its Application synced/);
        expect(detail("negative:project-kind-denied")).toMatch(
          /Argo CD refused it: resource scheduling\.k8s\.io:PriorityClass is not permitted in project trellis-dev/,
        );
        expect(rehearsal.engines).toMatchObject({ argocd: "v3.5.1", dapr: "1.18.3", otelOperator: "0.158.0" });
      }
      expect(passed(rehearsal)).toBe(true);
    },
    2_400_000,
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
