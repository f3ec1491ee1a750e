// Staging installed for real: the real Argo CD syncs it from the loopback origin, External Secrets (built from its
// release source) fetches every ExternalSecret from a real Vault dev server that plays the one the ClusterSecretStore
// names, and the platform's controllers run as processes. Staging's apps stay simulated while the rehearsal starts
// none of their external backends (PostgreSQL, Kafka, TLS Redis); the report says so.
import { describe, expect, it } from "vitest";
import { passed, report } from "../../argocd/rehearse/rehearsal-report.ts";
import { rehearse } from "../../argocd/rehearse/rehearse.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const log = (line: string) => process.stderr.write(`${line}\n`);

describe("rehearse staging: the whole install", () => {
  it("syncs every Application with secrets from Vault, refuses the negative cases, and survives deletion", async () => {
    const rehearsal = await rehearse({ root: PROJECT_ROOT, environment: "staging", log, watchSync: true });
    log(report(rehearsal).join("\n"));
    expect(rehearsal.failure).toBeUndefined();
    expect(rehearsal.checks.filter((check) => !check.ok)).toEqual([]);
    expect(rehearsal.checks.map((check) => check.name)).toEqual(
      expect.arrayContaining([
        "argocd-sync",
        "wave-order",
        "process-pods",
        "engine-versions",
        "model:effective-pods",
        "model:wave-order",
        "secrets:external",
        "scheduler-failover",
        "negative:application-destination-namespace",
        "negative:project-destination-denied",
        "negative:immutable-selector",
        "negative:appset-template-finalizer",
        "cluster-unlabel",
        "appset-deletion",
        "destroy-keeps-workloads",
      ]),
    );
    expect(rehearsal.processPods.map((pod) => pod.name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^external-secrets-webhook-/),
        expect.stringMatching(/^external-secrets-cert-controller-/),
        expect.stringMatching(/^external-secrets-[0-9a-f]+-/),
      ]),
    );
    expect(rehearsal.trafficNotRun).toMatch(/orderpubsub \(pubsub\.kafka\)/);
    expect(rehearsal.engines).toMatchObject({ externalSecrets: "v2.9.0", argocd: "v3.5.1", dapr: "1.18.3" });
    expect(passed(rehearsal)).toBe(true);
  });
});
