// trellis diff and trellis report over commits of a real git repository: each commit one kind of change, each
// side rendered from its own declarations (and its own code where that differs), never from deploy/.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ObjectChange } from "../../lib/review/environment-diff.ts";
import type { EnvironmentReview, Review } from "../../lib/review/review.ts";
import { gitProject, type GitProject } from "../support/git-project.ts";
import { runCli } from "../support/project.ts";

const AUDIT_API = `import type { AppDeclaration } from "../lib/model/declarations/app.ts";

export default {
  id: "audit-api",
  description: "Keeps an audit trail of created orders",
  namespace: "orders",
  language: "java",
  image: "ghcr.io/trellis-examples/audit-api:1.0.0@sha256:${"a".repeat(64)}",
  port: 8080,
  protocol: "http",
  replicas: { default: 1 },
  resources: { cpu: { request: "50m", limit: "200m" }, memory: { request: "128Mi", limit: "256Mi" } },
  health: { kind: "http", path: "/healthz" },
  subscribes: [{ pubsub: "orderpubsub", topic: "orders.created", route: "/audit" }],
} satisfies AppDeclaration;
`;

let project: GitProject;
const commits: Record<string, string> = {};

beforeAll(async () => {
  project = await gitProject();
  commits.base = await project.commit("base");
  await project.write("apps/audit-api.ts", AUDIT_API);
  commits.subscriber = await project.commit("add an app that subscribes to a topic");
  await project.edit("resiliency/payment.ts", 'timeout: "3s"', 'timeout: "5s"');
  commits.timeout = await project.commit("change a resiliency timeout");
  await project.edit("apps/fulfillment-api.ts", 'uses: ["shipments"],', "");
  await project.remove("components/shipments.ts");
  commits.component = await project.commit("remove a component");
  await project.edit(
    "apps/fulfillment-api.ts",
    "  subscribes: [",
    '  invokes: [{ app: "payment-api", method: "status", verbs: ["GET"] }],\n  subscribes: [',
  );
  commits.call = await project.commit("let one app call another");
  await project.edit("apps/payment-api.ts", "prod: 3 }", "prod: 4 }");
  commits.replicas = await project.commit("one app in one environment");
  await project.edit("environments/staging.ts", "highAvailability: false", "highAvailability: true");
  commits.values = await project.commit("chart values: an HA control plane in staging");
  await project.edit("versions.ts", /(chart: "dapr",\n\s+version: )"1\.18\.3"/, '$1"1.18.4"');
  commits.chart = await project.commit("bump a chart version");
  await project.edit("runtime/components/component-object.ts", "    scopes: [...component.scopes],\n", "");
  commits.unscoped = await project.commit("a renderer that leaves components unscoped");
}, 120_000);

afterAll(async () => rm(project.root, { recursive: true, force: true }));

async function diff(from: string, to: string, ...more: string[]): Promise<Review> {
  const run = await runCli([
    "diff",
    "--root",
    project.root,
    "--base",
    commits[from] ?? from,
    "--head",
    commits[to] ?? to,
    "--format",
    "json",
    ...more,
  ]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Review;
}

const environment = (review: Review, name: string) =>
  review.environments.find((candidate) => candidate.environment === name) as EnvironmentReview;
const titles = (changes: readonly ObjectChange[], kind?: ObjectChange["change"]) =>
  changes
    .filter((change) => kind === undefined || change.change === kind)
    .map((change) => `${change.kind} ${change.namespace}/${change.name}`)
    .sort();

describe("trellis diff", () => {
  it("an app that subscribes to a topic: its objects added in every environment, its topic and scope gained", async () => {
    const review = await diff("base", "subscriber", "--no-charts");
    for (const name of ["dev", "staging", "prod"]) {
      const prod = environment(review, name);
      expect(titles(prod.changes, "added")).toEqual(
        expect.arrayContaining([
          "Deployment orders/audit-api",
          "Service orders/audit-api",
          "ServiceAccount orders/audit-api",
          "Configuration orders/audit-api-config",
          "Subscription orders/audit-api-orderpubsub-orders-created",
        ]),
      );
      expect(prod.summaries.topics).toEqual(["+ audit-api subscribes to orderpubsub/orders.created"]);
      expect(prod.summaries.scopes).toContain("+ audit-api uses orderpubsub (orders)");
      expect(prod.counts.removed).toBe(0);
    }
    // Added objects are listed in wave order: runtime (4) before apps (5).
    const layers = environment(review, "prod").changes.map((change) => change.layer);
    expect(layers.indexOf("runtime")).toBeLessThan(layers.indexOf("apps"));
  });

  it("a resiliency timeout: the callers' Resiliency objects change in that one field, and their pods roll", async () => {
    const prod = environment(await diff("subscriber", "timeout", "--no-charts"), "prod");
    expect(titles(prod.changes)).toEqual(["Deployment orders/order-api", "Resiliency orders/order-api"]);
    const [deployment, resiliency] = prod.changes;
    expect(deployment?.fields.map((field) => field.path)).toEqual([
      'spec.template.metadata.annotations["trellis.io/sidecar-settings"]',
    ]);
    expect(resiliency?.fields).toEqual([{ path: "spec.policies.timeouts.payment", before: "3s", after: "5s" }]);
  });

  it("a removed component: its Component gone, its user's scope lost, its Secret delivery removed", async () => {
    const prod = environment(await diff("timeout", "component", "--no-charts"), "prod");
    expect(titles(prod.changes, "removed")).toEqual(
      expect.arrayContaining(["Component orders/shipments", "ExternalSecret orders/carrier-api"]),
    );
    expect(prod.summaries.scopes).toEqual(["- fulfillment-api uses shipments (orders)"]);
  });

  it("one app calling another: the callee's permission gained, matched by appId whatever the order", async () => {
    const review = await diff("component", "call", "--no-charts");
    expect(environment(review, "prod").summaries.access).toEqual(["+ fulfillment-api → payment-api: GET /status"]);
    const configuration = environment(review, "prod").changes.find((change) => change.kind === "Configuration");
    expect(configuration?.fields.map((field) => field.path)).toEqual([
      "spec.accessControl.policies[appId=fulfillment-api]",
    ]);
  });

  it("a change to one app in one environment lists only that app's objects there", async () => {
    const review = await diff("call", "replicas", "--no-charts");
    expect(titles(environment(review, "prod").changes)).toEqual(["Deployment orders/payment-api"]);
    expect(environment(review, "prod").changes[0]?.fields).toEqual([
      { path: "spec.replicas", before: "3", after: "4" },
    ]);
    for (const name of ["dev", "staging", "argocd"]) expect(environment(review, name).changes).toEqual([]);
  });

  it("chart values: what the chart renders differently, per kind, from the real chart", async () => {
    const staging = environment(await diff("replicas", "values"), "staging");
    expect(staging.summaries.delivery).toContain(
      "~ Application dapr chart values changed (see its chart output below)",
    );
    const [dapr] = staging.charts;
    expect(dapr?.unavailable).toBeUndefined();
    expect(dapr?.before).toBe("1.18.3");
    expect(dapr?.after).toBe("1.18.3");
    // HA: three replicas of each control-plane Deployment, and disruption budgets that did not exist.
    expect(dapr?.kinds).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "Deployment", changed: expect.any(Number) }),
        expect.objectContaining({ kind: "PodDisruptionBudget", added: expect.any(Number) }),
      ]),
    );
  });

  it("a chart version bump in versions.ts: rendered by that commit's own code, the version moved in every environment", async () => {
    const review = await diff("values", "chart");
    expect(review.head.ownEngine).toBe(true);
    for (const name of ["dev", "staging", "prod"]) {
      const moved = environment(review, name);
      expect(moved.summaries.delivery).toContain("~ Application dapr chart dapr: 1.18.3 → 1.18.4");
      // 1.18.4 is not in the chart cache and there is no network here: the diff says so rather than failing.
      expect(moved.charts[0]?.unavailable).toMatch(
        /chart output not compared: chart dapr 1\.18\.4 is not in .* and could not be pulled/,
      );
    }
  });

  it("the text form groups by environment and layer and shows fields old → new; --exit-code says whether anything changed", async () => {
    const run = await runCli([
      "diff",
      "--root",
      project.root,
      "--base",
      commits.subscriber ?? "",
      "--head",
      commits.timeout ?? "",
      "--no-charts",
      "--exit-code",
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("~ Resiliency orders/order-api\n        spec.policies.timeouts.payment: 3s → 5s");
    expect(run.stdout).toMatch(
      /prod: 0 added, 2 changed, 0 removed\n  apps:\n    ~ Deployment orders\/order-api\n        spec\.template\.metadata\.annotations\["trellis\.io\/sidecar-settings"\]: \w+ → \w+\n/,
    );
    const same = await runCli([
      "diff",
      "--root",
      project.root,
      "--base",
      commits.timeout ?? "",
      "--head",
      commits.timeout ?? "",
      "--no-charts",
      "--exit-code",
    ]);
    expect(same.code, same.stdout).toBe(0);
    expect(same.stdout).toContain("prod: no change");
  });

  it("reports a side whose declarations do not load instead of failing, and refuses an unknown ref with exit 2", async () => {
    await project.write("apps/broken.ts", 'export default { id: "Broken" };\n');
    const broken = await project.commit("a broken declaration");
    const review = await diff("unscoped", broken, "--no-charts");
    expect(review.head.failure).toMatch(/^apps\/broken\.ts: /m);
    expect(review.environments).toEqual([]);
    const unknown = await runCli(["diff", "--root", project.root, "--base", "no-such-ref"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"no-such-ref" is not a commit');
    await project.remove("apps/broken.ts");
    await project.commit("fixed");
  });
});

describe("trellis report", () => {
  it("lists dapr/component-unscoped as introduced by a change that leaves components unscoped", async () => {
    const run = await runCli([
      "report",
      "--root",
      project.root,
      "--base",
      commits.chart ?? "",
      "--head",
      commits.unscoped ?? "",
      "--no-charts",
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.startsWith("<!-- trellis-report -->\n")).toBe(true);
    const introduced = run.stdout.slice(run.stdout.indexOf("prod: introduced"), run.stdout.indexOf("```mermaid"));
    expect(introduced).toMatch(/- error dapr\/component-unscoped: Component orders\/statestore/);
    expect(run.stdout).toContain("| prod |");
  });

  it("introduces and fixes nothing when only a timeout moves, and still draws the environment", async () => {
    const run = await runCli([
      "report",
      "--root",
      project.root,
      "--base",
      commits.subscriber ?? "",
      "--head",
      commits.timeout ?? "",
      "--no-charts",
    ]);
    expect(run.stdout).toContain("The change introduces and fixes no policy finding.");
    expect(run.stdout).toContain("```mermaid\nflowchart LR");
    expect(run.stdout).toContain("style ");
  });

  it("writes the HTML form as one file with the Mermaid bundle inside and no address to fetch", async () => {
    const out = join(project.root, "report.html");
    const run = await runCli([
      "report",
      "--root",
      project.root,
      "--base",
      commits.base ?? "",
      "--head",
      commits.call ?? "",
      "--no-charts",
      "--format",
      "html",
      "--out",
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const html = await (await import("node:fs/promises")).readFile(out, "utf8");
    expect(html).toContain('<figure class="drawing">');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/cdn/);
  });
});
