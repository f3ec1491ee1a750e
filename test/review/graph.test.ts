// trellis graph: the reference platform's topology, and the report's Markdown kept under GitHub's limit.
import { describe, expect, it } from "vitest";
import { environmentGraph } from "../../lib/review/graph.ts";
import { reportDocument } from "../../lib/review/report-document.ts";
import { COMMENT_LIMIT, REPORT_MARKER, reportMarkdown } from "../../lib/review/report-markdown.ts";
import type { Review } from "../../lib/review/review.ts";
import { loadPlatform } from "../../lib/synth.ts";
import { PROJECT_ROOT, runCli } from "../support/project.ts";

describe("trellis graph", () => {
  it("draws prod's apps by namespace, invocations with methods, topics, components and the trace path", async () => {
    const run = await runCli(["graph", "--env", "prod", "--format", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const graph = JSON.parse(run.stdout) as ReturnType<typeof environmentGraph>;
    const label = (id: string) => graph.nodes.find((node) => node.id === id)?.label;
    const edges = graph.edges.map((edge) => `${label(edge.from)} ${edge.kind} ${label(edge.to)}: ${edge.label}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        "order-api invokes payment-api: POST /charge",
        "order-api publishes orderpubsub/orders.created: publishes",
        "orderpubsub/orders.created delivers fulfillment-api: delivers",
        "order-api uses statestore (state.postgresql): state",
        "schedule (bindings.cron) uses shipping-worker: triggers",
        "payment-api traces gateway collector ×2: OTLP",
        "gateway collector ×2 traces sampler collector ×3: by trace ID",
        "sampler collector ×3 traces Tempo: kept: errors, > 2000 ms, 10%",
      ]),
    );
    expect(graph.nodes.filter((node) => node.kind === "app").map((node) => `${node.namespace}/${node.label}`)).toEqual([
      "orders/fulfillment-api",
      "orders/order-api",
      "orders/payment-api",
      "shipping/shipping-worker",
    ]);
  });

  it("writes Mermaid with a subgraph per namespace and DOT with a cluster per namespace", async () => {
    const mermaid = await runCli(["graph", "--env", "dev"]);
    expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
    expect(mermaid.stdout).toContain('subgraph ns2["namespace orders"]');
    expect(mermaid.stdout).toContain('-->|"POST /charge"|');
    const dot = await runCli(["graph", "--env", "dev", "--format", "dot"]);
    expect(dot.stdout).toContain('subgraph "cluster_orders" {');
    expect(dot.stdout).toContain(
      '"app:orders/order-api" -> "app:orders/payment-api" [label="POST /charge", style=solid];',
    );
  });

  it("names the declared environments when --env names none of them", async () => {
    const run = await runCli(["graph", "--env", "qa"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('environment "qa" is not declared; declared: dev, prod, staging');
  });
});

describe("the Markdown report", () => {
  it("stays under GitHub's comment limit by cutting details, then drawings, and says where the full report is", async () => {
    const platform = await loadPlatform(PROJECT_ROOT);
    const prod = platform.environments.find((environment) => environment.name === "prod");
    // A review with thousands of field changes: far over the limit in full.
    const changes = Array.from({ length: 3000 }, (_, index) => ({
      kind: "ConfigMap",
      group: "",
      namespace: "orders",
      name: `settings-${index}`,
      change: "changed" as const,
      layer: "apps",
      fields: [{ path: "data.value", before: "x".repeat(40), after: "y".repeat(40) }],
      before: undefined,
      after: undefined,
    }));
    const review: Review = {
      base: { label: "main (1111111)", failure: undefined, ownEngine: false },
      head: { label: "working tree", failure: undefined, ownEngine: false },
      environments: [
        {
          environment: "prod",
          presence: "both",
          changes,
          counts: { added: 0, changed: changes.length, removed: 0 },
          summaries: { access: ["+ a → b: GET /x"], scopes: [], topics: [], delivery: [], tracing: [] },
          charts: [],
          findings: { introduced: [], fixed: [] },
          models: { before: prod, after: prod },
        },
      ],
    };
    const markdown = reportMarkdown(reportDocument(review), "the full report is the trellis-report artifact");
    expect(markdown.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(markdown.startsWith(`${REPORT_MARKER}\n`)).toBe(true);
    expect(markdown).toContain(
      "Object details are left out to stay under GitHub's comment limit; the full report is the trellis-report artifact.",
    );
    expect(markdown).not.toContain("<details>");
    // What the change means and the drawing survive the cut.
    expect(markdown).toContain("- `Access: + a → b: GET /x`");
    expect(markdown).toContain("```mermaid");
  });
});
