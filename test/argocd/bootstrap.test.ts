// The Pulumi bootstrap of each stack, run under mocks: which resources it creates, with which inputs.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { bootstrap } from "../../argocd/bootstrap/program.ts";
import { ARGOCD } from "../../versions.ts";
import { rm } from "node:fs/promises";
import { join } from "node:path";
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
  const { resources } = await bootstrap({ root, environment: stack });
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
const chartValues = (recorded: readonly Recorded[]) => byType(recorded, "kubernetes:helm.sh/v4:Chart")[0]?.inputs.values;

/** The wave check the suite relies on; kept as a function so a test can show it catches a missing health check. */
function applicationHealthProblem(values: any): string | undefined {
  const lua: unknown = values?.configs?.cm?.["resource.customizations.health.argoproj.io_Application"];
  if (typeof lua !== "string") return "argocd-cm has no argoproj.io/Application health check: sync waves between Applications would not wait";
  if (!lua.includes("status.health.status")) return "the Application health check does not read the child's health";
  return undefined;
}

describe.each(["dev", "staging", "prod"])("pulumi up -s %s (mocked)", (stack) => {
  it("installs the pinned Argo CD chart with the Application health check and server-side diff", async () => {
    const recorded = await run(stack);
    const chart = byType(recorded, "kubernetes:helm.sh/v4:Chart");
    expect(chart).toHaveLength(1);
    // From the chart cache (../shared/charts here), so no repository needs to be reachable.
    expect(chart[0]?.inputs).toMatchObject({ chart: join(PROJECT_ROOT, "..", "shared", "charts", `argo-cd-${ARGOCD.chart.version}.tgz`), namespace: "argocd" });
    expect(chart[0]?.inputs.repositoryOpts).toBeUndefined();
    const values = chartValues(recorded);
    // Argo CD v3.5.1's own CRDs, not the chart's older ones.
    expect(values.crds.install).toBe(false);
    expect(byType(recorded, "kubernetes:yaml/v2:ConfigFile").map((resource) => resource.inputs.file.split("/").slice(-2).join("/"))).toEqual([
      "argo-cd-v3.5.1/application-crd.yaml",
      "argo-cd-v3.5.1/applicationset-crd.yaml",
      "argo-cd-v3.5.1/appproject-crd.yaml",
    ]);
    expect(applicationHealthProblem(values)).toBeUndefined();
    expect(values.global.image.tag).toBe(ARGOCD.version);
    expect(values.configs.params["controller.diff.server.side"]).toBe("true");
    // Health describes state: kinds without a status (Dapr's, Instrumentation) get no check that could call them Degraded.
    expect(Object.keys(values.configs.cm).filter((key) => key.startsWith("resource.customizations.health."))).toEqual(["resource.customizations.health.argoproj.io_Application"]);
  });

  it("labels the cluster Secret with the environment, and applies the AppProject and the ApplicationSet", async () => {
    const recorded = await run(stack);
    const cluster = byType(recorded, "kubernetes:core/v1:Secret").find((secret) => secret.inputs.metadata.labels?.["argocd.argoproj.io/secret-type"] === "cluster");
    expect(cluster?.inputs.metadata.labels["trellis.io/environment"]).toBe(stack);
    expect(cluster?.inputs.stringData.server).toBe("https://kubernetes.default.svc");
    const custom = recorded.filter((resource) => resource.type.startsWith("kubernetes:argoproj.io/"));
    expect(custom.map((resource) => `${resource.inputs.kind}/${resource.inputs.metadata.name}`).sort()).toEqual(["AppProject/trellis-" + stack, "ApplicationSet/trellis"]);
  });

  it("names every object it creates: no random suffixes", async () => {
    const named = (type: string) => type.startsWith("kubernetes:") && type !== "kubernetes:helm.sh/v4:Chart" && type !== "kubernetes:yaml/v2:ConfigFile";
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
    const repository = byType(recorded, "kubernetes:core/v1:Secret").find((secret) => secret.inputs.metadata.labels?.["argocd.argoproj.io/secret-type"] === "repository");
    expect(repository?.inputs.stringData).toMatchObject({ url: "https://github.com/trellis-examples/trellis.git", password: REPOSITORY_PASSWORD });
  });
});

describe("bootstrap secrets", () => {
  it("creates in dev every Secret the components and Redis read, in each namespace that reads it", async () => {
    const secrets = byType(await run("dev"), "kubernetes:core/v1:Secret").filter((secret) => !secret.inputs.metadata.labels?.["argocd.argoproj.io/secret-type"]);
    expect(secrets.map((secret) => `${secret.inputs.metadata.namespace}/${secret.inputs.metadata.name}`).sort()).toEqual([
      "backends/redis",
      "orders/carrier-api",
      "orders/payment-provider",
      "orders/redis",
      "shipping/redis",
    ]);
    expect(secrets.find((secret) => secret.inputs.metadata.namespace === "orders" && secret.inputs.metadata.name === "redis")?.inputs.stringData).toEqual({ password: SECRET_VALUES.redis.password });
  });

  it("creates none where External Secrets delivers them", async () => {
    for (const stack of ["staging", "prod"]) {
      const secrets = byType(await run(stack), "kubernetes:core/v1:Secret").filter((secret) => !secret.inputs.metadata.labels?.["argocd.argoproj.io/secret-type"]);
      expect(secrets, stack).toEqual([]);
    }
  });

  it("names the missing stack secret and the command that sets it", async () => {
    await expect(run("dev", { redis: SECRET_VALUES.redis })).rejects.toThrow("pulumi config set --secret --path 'secrets.carrier-api.token' <value>   # orders/carrier-api, read by component shipments");
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
    const appProject = byType(await run("staging", SECRET_VALUES, project.root), "kubernetes:argoproj.io/v1alpha1:AppProject")[0];
    expect(appProject?.inputs.spec.destinations.map((destination: { namespace: string }) => destination.namespace)).toContain("payments");
  });
});

describe("the wave health check", () => {
  it("is reported missing when it is removed from the Argo CD values", async () => {
    const values = structuredClone(chartValues(await run("dev")));
    delete values.configs.cm["resource.customizations.health.argoproj.io_Application"];
    expect(applicationHealthProblem(values)).toContain("sync waves between Applications would not wait");
  });
});
