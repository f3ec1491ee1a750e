// The Pulumi bootstrap of each stack, run under mocks: which resources it creates, with which inputs.
import { blueprint } from "../../blueprint.ts";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { bootstrap } from "../../argocd/bootstrap/program.ts";
import { ARGOCD } from "../../versions.ts";
import { rm } from "node:fs/promises";
import { copyProject, PROJECT_ROOT } from "../support/project.ts";

interface Recorded {
  readonly type: string;
  readonly name: string;
  readonly inputs: any;
}

/** Values no resource but a Secret may carry. */
const SECRET_VALUES = {
  redis: { password: "redis-test-password-7f3a" },
  "carrier-api": { token: "carrier-test-token-91bc" },
  "payment-provider": { apiKey: "payment-provider-test-key-5e1d" },
};
const REPOSITORY_PASSWORD = "repository-test-token-c0de";

async function run(stack: string, secrets: object = SECRET_VALUES, root = PROJECT_ROOT): Promise<Recorded[]> {
  const recorded: Recorded[] = [];
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        recorded.push({ type: args.type, name: args.name, inputs: revealed(args.inputs) });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    },
    "trellis",
    stack,
    false,
  );
  pulumi.runtime.setAllConfig(
    { "trellis:secrets": JSON.stringify(secrets), "trellis:repositoryPassword": REPOSITORY_PASSWORD },
    ["trellis:secrets", "trellis:repositoryPassword"],
  );
  const { resources } = await bootstrap({ blueprint, root, environment: stack });
  await Promise.all(resources.map((resource) => new Promise((resolve) => resource.urn.apply(resolve))));
  return recorded;
}

/** Pulumi hands secret inputs to mocks wrapped in a signature object; tests read them as plain values. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
function revealed(value: any): any {
  if (Array.isArray(value)) return value.map(revealed);
  if (value && typeof value === "object") {
    if (SECRET_SIGNATURE in value) return revealed(value.value);
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, revealed(inner)]));
  }
  return value;
}

const byType = (recorded: readonly Recorded[], type: string) => recorded.filter((resource) => resource.type === type);
const installed = (recorded: readonly Recorded[]) =>
  (byType(recorded, "kubernetes:yaml/v2:ConfigGroup")[0]?.inputs.objs ?? []) as {
    kind: string;
    metadata: { name: string; namespace?: string };
    data?: Record<string, string>;
    spec?: any;
  }[];
const configMap = (recorded: readonly Recorded[], name: string) =>
  installed(recorded).find((object) => object.kind === "ConfigMap" && object.metadata.name === name)?.data ?? {};

/** The wave check the suite relies on; kept as a function so a test can show it catches a missing health check. */
function applicationHealthProblem(argocdCm: Record<string, string> | undefined): string | undefined {
  const lua: unknown = argocdCm?.["resource.customizations.health.argoproj.io_Application"];
  if (typeof lua !== "string")
    return "argocd-cm has no argoproj.io/Application health check: sync waves between Applications would not wait";
  if (!lua.includes("status.health.status")) return "the Application health check does not read the child's health";
  return undefined;
}

describe.each(["dev", "staging", "prod"])("pulumi up -s %s (mocked)", (stack) => {
  it("installs Argo CD v3.5.1 from its release manifests, with the Application health check and server-side diff", async () => {
    const recorded = await run(stack);
    expect(byType(recorded, "kubernetes:helm.sh/v4:Chart")).toEqual([]);
    const objects = installed(recorded);
    // prod runs Argo CD highly available: the release's HA manifests (Redis with Sentinel behind HAProxy).
    expect(
      objects.some((object) => object.metadata.name === "argocd-redis-ha-server"),
      stack,
    ).toBe(stack === "prod");
    expect(
      objects.every(
        (object) =>
          object.kind === "ClusterRole" ||
          object.kind === "ClusterRoleBinding" ||
          object.metadata.namespace === "argocd",
      ),
    ).toBe(true);
    const images = new Set(
      objects.flatMap((object) =>
        [
          ...(object.spec?.template?.spec?.containers ?? []),
          ...(object.spec?.template?.spec?.initContainers ?? []),
        ].map((container: { image: string }) => container.image),
      ),
    );
    expect([...images].filter((image) => image.startsWith("quay.io/argoproj/argocd:"))).toEqual([
      `quay.io/argoproj/argocd:${ARGOCD.version}`,
    ]);
    // Its CRDs are separate resources, kept on destroy.
    expect(
      byType(recorded, "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition")
        .map((resource) => resource.inputs.metadata.name)
        .sort(),
    ).toEqual(["applications.argoproj.io", "applicationsets.argoproj.io", "appprojects.argoproj.io"]);
    const argocdCm = configMap(recorded, "argocd-cm");
    expect(applicationHealthProblem(argocdCm)).toBeUndefined();
    // The release's own settings stay; the platform's are laid over them.
    expect(argocdCm["resource.exclusions"]).toContain("CertificateRequest");
    // Server-side diff for every Application, the ApplicationSet's create-update honoured, and no sync that waits
    // on a child's health without end.
    expect(configMap(recorded, "argocd-cmd-params-cm")).toMatchObject({
      "controller.diff.server.side": "true",
      "applicationsetcontroller.enable.policy.override": "true",
      "controller.sync.timeout.seconds": "3600",
    });
    // Health describes state: kinds without a status (Dapr's, Instrumentation) get no check that could call them Degraded.
    expect(Object.keys(argocdCm).filter((key) => key.startsWith("resource.customizations.health."))).toEqual([
      "resource.customizations.health.argoproj.io_Application",
    ]);
  });

  it("labels the cluster Secret with the environment, and applies the AppProject and the ApplicationSet", async () => {
    const recorded = await run(stack);
    const cluster = byType(recorded, "kubernetes:core/v1:Secret").find(
      (secret) => secret.inputs.metadata.labels?.["argocd.argoproj.io/secret-type"] === "cluster",
    );
    expect(cluster?.inputs.metadata.labels["trellis.io/environment"]).toBe(stack);
    expect(cluster?.inputs.stringData.server).toBe("https://kubernetes.default.svc");
    const custom = recorded.filter((resource) => resource.type.startsWith("kubernetes:argoproj.io/"));
    expect(custom.map((resource) => `${resource.inputs.kind}/${resource.inputs.metadata.name}`).sort()).toEqual([
      "AppProject/trellis-" + stack,
      "ApplicationSet/trellis",
    ]);
  });

  it("names every object it creates: no random suffixes", async () => {
    const named = (type: string) => type.startsWith("kubernetes:") && type !== "kubernetes:yaml/v2:ConfigGroup";
    for (const resource of (await run(stack)).filter((r) => named(r.type))) {
      expect(resource.inputs.metadata?.name, `${resource.type} ${resource.name}`).toMatch(/^[a-z0-9]/);
    }
  });

  it("keeps secret values out of every resource that is not a Secret", async () => {
    const recorded = await run(stack);
    const values = [REPOSITORY_PASSWORD, ...Object.values(SECRET_VALUES).flatMap((keys) => Object.values(keys))];
    for (const resource of recorded.filter((r) => r.type !== "kubernetes:core/v1:Secret")) {
      const text = JSON.stringify(resource.inputs);
      for (const value of values) expect(text, `${resource.type} ${resource.name}`).not.toContain(value);
    }
    const repository = byType(recorded, "kubernetes:core/v1:Secret").find(
      (secret) => secret.inputs.metadata.labels?.["argocd.argoproj.io/secret-type"] === "repository",
    );
    expect(repository?.inputs.stringData).toMatchObject({
      url: "https://github.com/trellis-examples/trellis.git",
      password: REPOSITORY_PASSWORD,
    });
  });
});

describe("bootstrap secrets", () => {
  it("creates in dev every Secret the components and Redis read, in each namespace that reads it", async () => {
    const secrets = byType(await run("dev"), "kubernetes:core/v1:Secret").filter(
      (secret) => !secret.inputs.metadata.labels?.["argocd.argoproj.io/secret-type"],
    );
    expect(
      secrets.map((secret) => `${secret.inputs.metadata.namespace}/${secret.inputs.metadata.name}`).sort(),
    ).toEqual(["backends/redis", "orders/carrier-api", "orders/payment-provider", "orders/redis", "shipping/redis"]);
    expect(
      secrets.find((secret) => secret.inputs.metadata.namespace === "orders" && secret.inputs.metadata.name === "redis")
        ?.inputs.stringData,
    ).toEqual({ password: SECRET_VALUES.redis.password });
  });

  it("creates none where External Secrets delivers them", async () => {
    for (const stack of ["staging", "prod"]) {
      const secrets = byType(await run(stack), "kubernetes:core/v1:Secret").filter(
        (secret) => !secret.inputs.metadata.labels?.["argocd.argoproj.io/secret-type"],
      );
      expect(secrets, stack).toEqual([]);
    }
  });

  it("names the missing stack secret and the command that sets it", async () => {
    await expect(run("dev", { redis: SECRET_VALUES.redis })).rejects.toThrow(
      "pulumi config set --secret --path 'secrets.carrier-api.token' <value>   # orders/carrier-api, read by component shipments",
    );
  });

  it("counts each missing stack value once and prints its command once, whatever namespaces hold that Secret", async () => {
    const failure = await run("dev", {}).then(
      () => "no error",
      (error: Error) => error.message,
    );
    expect(failure).toBe(
      [
        "the stack is missing 3 secret value(s); nothing was created. Run:",
        "  pulumi config set --secret --path 'secrets.carrier-api.token' <value>   # orders/carrier-api, read by component shipments",
        "  pulumi config set --secret --path 'secrets.payment-provider.apiKey' <value>   # orders/payment-provider, read by app payment-api",
        "  pulumi config set --secret --path 'secrets.redis.password' <value>   # backends/redis, orders/redis, shipping/redis, read by component lockstore, component orderpubsub, component statestore, in-cluster redis",
      ].join("\n"),
    );
  });
});

describe("one source of truth", () => {
  it("applies the AppProject rendered from the current declarations, not a stale or missing deploy/", async () => {
    const project = await copyProject();
    await rm(project.deploy, { recursive: true });
    await project.edit("apps/payment-api.ts", 'namespace: "orders"', 'namespace: "payments"');
    const appProject = byType(
      await run("staging", SECRET_VALUES, project.root),
      "kubernetes:argoproj.io/v1alpha1:AppProject",
    )[0];
    expect(
      appProject?.inputs.spec.destinations.map((destination: { namespace: string }) => destination.namespace),
    ).toContain("payments");
  });
});

describe("the wave health check", () => {
  it("is reported missing when it is removed from argocd-cm", async () => {
    const argocdCm = structuredClone(configMap(await run("dev"), "argocd-cm"));
    delete argocdCm["resource.customizations.health.argoproj.io_Application"];
    expect(applicationHealthProblem(argocdCm)).toContain("sync waves between Applications would not wait");
  });
});
