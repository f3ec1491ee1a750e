// `trellis diff` and `trellis report` show values in full (no cut at 80 characters), a multi-line value line by line,
// and an added object's fields, nested; secrets stay masked, and the report's Markdown stays under GitHub's limit.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { diffFolder } from "../../lib/review/environment-diff.ts";
import { diffJson, diffMarkdown, diffText } from "../../lib/review/diff-output.ts";
import { lineDiff, MASKED } from "../../lib/review/object-diff.ts";
import { reportDocument } from "../../lib/review/report-document.ts";
import { reportHtml } from "../../lib/review/report-html.ts";
import { COMMENT_LIMIT, reportMarkdown } from "../../lib/review/report-markdown.ts";
import type { Review } from "../../lib/review/review.ts";
import { summarize } from "../../lib/review/summaries.ts";

const LONG_IMAGE = `ghcr.io/trellis-examples/order-api:1.2.3@sha256:${"a".repeat(64)}`;
const COLLECTOR_BEFORE = "receivers:\n  otlp:\n    protocols:\n      grpc: {}\nexporters:\n  debug: {}\n";
const COLLECTOR_AFTER =
  "receivers:\n  otlp:\n    protocols:\n      grpc: {}\n      http: {}\nexporters:\n  debug: {}\n";

const deployment = (image: string, replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "order-api", namespace: "orders", labels: { "app.kubernetes.io/name": "order-api" } },
  spec: {
    replicas,
    template: {
      spec: {
        containers: [
          {
            name: "order-api",
            image,
            args: ["--port=8080", "--log-level=info"],
            env: [
              { name: "MODE", value: "fast" },
              { name: "DB_PASSWORD", value: "hunter2-hunter2" },
            ],
          },
        ],
      },
    },
  },
});
const configMap = (config: string) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "collector", namespace: "monitoring" },
  data: { "collector.yaml": config },
});
const secret = {
  apiVersion: "v1",
  kind: "Secret",
  metadata: { name: "redis", namespace: "orders" },
  stringData: { password: "s3cret-value" },
};

function review(): Review {
  const diff = diffFolder(
    "prod",
    [
      { path: "apps/deployment-order-api.yaml", object: deployment("ghcr.io/trellis-examples/order-api:1.0.0", 2) },
      { path: "observability/configmap-collector.yaml", object: configMap(COLLECTOR_BEFORE) },
    ],
    [
      { path: "apps/deployment-order-api.yaml", object: deployment(LONG_IMAGE, 2) },
      { path: "observability/configmap-collector.yaml", object: configMap(COLLECTOR_AFTER) },
      {
        path: "apps/deployment-audit-api.yaml",
        object: { ...deployment(LONG_IMAGE, 1), metadata: { name: "audit-api", namespace: "orders" } },
      },
      { path: "apps/secret-redis.yaml", object: secret },
    ],
  );
  return {
    base: { label: "main", failure: undefined, ownEngine: false },
    head: { label: "working tree", failure: undefined, ownEngine: false },
    environments: [
      {
        environment: "prod",
        presence: "both",
        changes: diff.changes,
        counts: { added: 2, changed: 2, removed: 0 },
        summaries: summarize(diff),
        charts: [],
        findings: undefined,
        models: { before: undefined, after: undefined },
      },
    ],
  };
}

describe("values in full", () => {
  it("a long value is shown whole in the text, JSON and Markdown forms: no … and no character count", () => {
    const result = review();
    const text = diffText(result);
    expect(text).toContain(
      `spec.template.spec.containers[name=order-api].image: ghcr.io/trellis-examples/order-api:1.0.0 → ${LONG_IMAGE}`,
    );
    expect(LONG_IMAGE.length).toBeGreaterThan(80);
    for (const output of [text, diffMarkdown(result), diffJson(result)]) {
      expect(output).toContain(LONG_IMAGE);
      expect(output).not.toMatch(/…|\(\d+ chars\)/);
    }
    const changed = JSON.parse(diffJson(result)).environments[0].changes.find(
      (change: { name: string }) => change.name === "order-api",
    );
    expect(changed.fields).toEqual([
      {
        path: "spec.template.spec.containers[name=order-api].image",
        before: "ghcr.io/trellis-examples/order-api:1.0.0",
        after: LONG_IMAGE,
      },
    ]);
  });

  it("a multi-line value is shown line by line, what stays unmarked, in text, Markdown and HTML", async () => {
    const result = review();
    expect(diffText(result)).toContain(
      [
        '        data["collector.yaml"]:',
        "            receivers:",
        "              otlp:",
        "                protocols:",
        "                  grpc: {}",
        "          +       http: {}",
        "            exporters:",
        "              debug: {}",
      ].join("\n"),
    );
    const markdown = diffMarkdown(result);
    expect(markdown).toContain('  - `data["collector.yaml"]`:\n    ```diff\n      receivers:\n');
    expect(markdown).toContain("\n    +       http: {}\n");
    const html = await reportHtml(reportDocument(result));
    expect(html).toContain('<span class="plus">+       http: {}</span>');
  });

  it("a line diff marks only what changed, and shows an absent side as all added", () => {
    expect(lineDiff("a\nb\nc", "a\nc\nd")).toEqual([
      { sign: " ", text: "a" },
      { sign: "-", text: "b" },
      { sign: " ", text: "c" },
      { sign: "+", text: "d" },
    ]);
    expect(lineDiff(undefined, "x\ny")).toEqual([
      { sign: "+", text: "x" },
      { sign: "+", text: "y" },
    ]);
  });
});

describe("added objects", () => {
  it("show their fields, nested, with single-field branches joined, in text", () => {
    const text = diffText(review());
    expect(text).toContain(
      [
        "    + Deployment orders/audit-api",
        "        apiVersion: apps/v1",
        "        kind: Deployment",
        "        metadata:",
        "          name: audit-api",
        "          namespace: orders",
        "        spec:",
        "          replicas: 1",
        "          template.spec.containers[name=order-api]:",
        "            name: order-api",
        `            image: ${LONG_IMAGE}`,
        '            args: ["--port=8080","--log-level=info"]',
        "            env:",
        "              [name=MODE]:",
        "                name: MODE",
        "                value: fast",
        "              [name=DB_PASSWORD]:",
        "                name: DB_PASSWORD",
        `                value: ${MASKED}`,
      ].join("\n"),
    );
  });

  it("as nested Markdown lists and HTML lists, with every field; a Secret's values masked everywhere", async () => {
    const result = review();
    const markdown = diffMarkdown(result);
    expect(markdown).toContain("- + Deployment orders/audit-api\n  - `apiVersion`: `apps/v1`\n");
    expect(markdown).toContain(
      "  - `spec`:\n    - `replicas`: `1`\n    - `template.spec.containers[name=order-api]`:\n",
    );
    const html = await reportHtml(reportDocument(result));
    expect(html).toContain("<li><code>replicas</code>: <code>1</code></li>");
    const json = diffJson(result);
    const added = JSON.parse(json).environments[0].changes.find(
      (change: { name: string }) => change.name === "audit-api",
    );
    expect(added.fields).toContainEqual({ path: "spec.replicas", after: "1" });
    for (const output of [diffText(result), markdown, html, json]) {
      expect(output).not.toContain("hunter2");
      expect(output).not.toContain("s3cret-value");
    }
    expect(diffText(result)).toContain(`    + Secret orders/redis\n`);
    expect(diffText(result)).toContain(`        stringData.password: ${MASKED}`);
  });

  it("a removed object is still named only", () => {
    const result = diffFolder("prod", [{ path: "apps/secret-redis.yaml", object: secret }], []);
    expect(result.changes[0]).toMatchObject({ change: "removed", fields: [] });
  });
});

describe("the report's Markdown", () => {
  const { Parser } = createRequire(import.meta.url)("commonmark") as {
    Parser: new () => {
      parse(text: string): {
        walker(): { next(): { entering: boolean; node: { type: string; info: string | null } } | null };
      };
    };
  };

  it("holds the full values in its details, its code blocks well formed", () => {
    const markdown = reportMarkdown(reportDocument(review()), "see the artifact");
    expect(markdown).toContain(LONG_IMAGE);
    const walker = new Parser().parse(markdown).walker();
    const blocks: string[] = [];
    for (let event = walker.next(); event; event = walker.next())
      if (event.entering && event.node.type === "code_block") blocks.push(event.node.info ?? "");
    expect(blocks).toContain("diff");
  });

  it("past GitHub's comment limit, leaves the details out whole with a note, and stays under it", () => {
    const big = review();
    const environment = big.environments[0];
    if (!environment) throw new Error("test setup: no environment");
    const many = Array.from({ length: 400 }, (_, index) => ({
      path: `apps/deployment-app-${index}.yaml`,
      object: { ...deployment(`${LONG_IMAGE}-${index}`, 1), metadata: { name: `app-${index}`, namespace: "orders" } },
    }));
    const diff = diffFolder("prod", [], many);
    const huge: Review = {
      ...big,
      environments: [{ ...environment, changes: diff.changes, counts: { added: 400, changed: 0, removed: 0 } }],
    };
    const markdown = reportMarkdown(reportDocument(huge), "see the artifact");
    expect(markdown.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(markdown).toContain("Object details are left out to stay under GitHub's comment limit; see the artifact.");
    expect(markdown).not.toContain("<details>");
  });
});
