// The whole installs `npm test` rehearses only up to their bootstrap, each alone on the machine:
// - staging: the real Argo CD syncs it from the loopback origin, External Secrets (built from its release source)
//   fetches every ExternalSecret from the Vault stand-in that plays the one the ClusterSecretStore names
//   (vault-stand-in.ts), and the platform's controllers run as processes;
// - prod, on three kwok nodes: Argo CD from its highly available manifests (Redis with Sentinel behind HAProxy, every
//   replica placed on its own node by the install's required anti-affinity, two API servers and two repo servers),
//   the Dapr control plane with three replicas each, External Secrets against the Vault stand-in; the Dapr operator's
//   replicas elect a leader through a Lease, and a survivor takes over when the leader's pod goes.
// Their apps stay simulated while the rehearsal starts none of their external backends (PostgreSQL, Kafka, TLS
// Redis); the report says so.
import { describe, expect, it } from "vitest";
import { passed, report } from "../../argocd/rehearse/rehearsal-report.ts";
import { rehearse, type Rehearsal } from "../../argocd/rehearse/rehearse.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The environment's whole install; every check held, the apps' traffic reported as not run. */
async function wholeInstall(environment: string): Promise<Rehearsal> {
  const rehearsal = await rehearse({ root: PROJECT_ROOT, environment, log, watchSync: true });
  log(report(rehearsal).join("\n"));
  expect(rehearsal.failure).toBeUndefined();
  expect(rehearsal.checks.filter((check) => !check.ok)).toEqual([]);
  expect(rehearsal.trafficNotRun).toMatch(/orderpubsub \(pubsub\.kafka\)/);
  expect(passed(rehearsal)).toBe(true);
  return rehearsal;
}

describe("rehearse the whole install", () => {
  it("staging: syncs every Application with secrets from Vault, refuses the negative cases, and survives deletion", async () => {
    const rehearsal = await wholeInstall("staging");
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
        "negative:project-kind-denied",
        "model:project-kinds",
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
    expect(rehearsal.engines).toMatchObject({ externalSecrets: "v2.9.0", argocd: "v3.5.1", dapr: "1.18.3" });
  });

  it("prod: syncs every Application through the HA Argo CD, fails a Dapr operator leader over, and survives deletion", async () => {
    const rehearsal = await wholeInstall("prod");
    expect(rehearsal.checks.map((check) => check.name)).toEqual(
      expect.arrayContaining([
        "argocd-sync",
        "wave-order",
        "model:wave-order",
        "process-pods",
        "secrets:external",
        "scheduler-failover",
        "leader-election",
        "negative:application-destination-namespace",
        "negative:immutable-selector",
        "negative:appset-template-finalizer",
        "negative:project-kind-denied",
        "model:project-kinds",
        "appset-deletion",
        "destroy-keeps-workloads",
      ]),
    );
    const running = rehearsal.processPods.filter((pod) => pod.ready).map((pod) => pod.name);
    const count = (pattern: RegExp) => running.filter((name) => pattern.test(name)).length;
    expect(count(/^argocd-redis-ha-server-\d$/)).toBe(3);
    expect(count(/^argocd-redis-ha-haproxy-/)).toBe(3);
    expect(count(/^argocd-server-/)).toBe(2);
    expect(count(/^argocd-repo-server-/)).toBe(2);
    expect(count(/^dapr-operator-/)).toBe(3);
  });
});
