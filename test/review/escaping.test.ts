// Names and values from the input cannot be turned against the reader: in the review's Markdown and HTML, the
// check reports and the terminal, hostile topic, app, component and file names stay text. The Markdown is read back
// with a CommonMark parser (commonmark, the reference implementation) to find any link, image or HTML they made.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { markdownReport } from "../../lib/report/markdown-report.ts";
import { textReport } from "../../lib/report/text-report.ts";
import { diffMarkdown, diffText } from "../../lib/review/diff-output.ts";
import { toDot, toMermaid, type Graph } from "../../lib/review/graph.ts";
import { reportDocument } from "../../lib/review/report-document.ts";
import { reportHtml } from "../../lib/review/report-html.ts";
import { reportMarkdown } from "../../lib/review/report-markdown.ts";
import type { Review } from "../../lib/review/review.ts";
import type { Finding } from "../../lib/policies/rule.ts";

interface MarkdownNode {
  type: string;
  literal: string | null;
  destination: string | null;
  level: number;
  info: string | null;
  parent: MarkdownNode | null;
  firstChild: MarkdownNode | null;
  next: MarkdownNode | null;
}
const { Parser } = createRequire(import.meta.url)("commonmark") as {
  Parser: new () => { parse(text: string): { walker(): { next(): { entering: boolean; node: MarkdownNode } | null } } };
};

/** Each would do something if it reached the reader raw. */
const HOSTILE = [
  "evil](https://attacker.test/p)",
  "![tracker](https://attacker.test/pixel.png)",
  "<img src=x onerror=alert(1)>",
  "x\n```\n# injected heading\n<script>alert(1)</script>",
  "\u001b[31mred\u001b[0m\u001b]8;;https://attacker.test\u0007link\u001b]8;;\u0007",
  "\u202eexe.txt",
  "a|b`c``d",
  "@acme/admins see #1",
];
const hostile = HOSTILE.join(" ");

function nodes(markdown: string): MarkdownNode[] {
  const walker = new Parser().parse(markdown).walker();
  const found: MarkdownNode[] = [];
  for (let event = walker.next(); event; event = walker.next()) if (event.entering) found.push(event.node);
  return found;
}

/** What the Markdown makes that text must never make: links, images, HTML other than the report's own, headings. */
function injected(markdown: string, ownHtml: RegExp): string[] {
  return nodes(markdown).flatMap((node) => {
    if (node.type === "link" || node.type === "image") return [`${node.type} ${node.destination}`];
    if ((node.type === "html_inline" || node.type === "html_block") && !ownHtml.test((node.literal ?? "").trim()))
      return [`${node.type} ${node.literal}`];
    if (node.type === "heading" && /^injected/.test(textOf(node).trim())) return [`heading ${textOf(node)}`];
    return [];
  });
}

function textOf(node: MarkdownNode): string {
  let text = node.literal ?? "";
  for (let child = node.firstChild; child; child = child.next) text += textOf(child);
  return text;
}

const RAW = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

const finding: Finding = {
  rule: "dapr/component-unscoped",
  severity: "error",
  message: `Component ${hostile} has no scopes`,
  file: `deploy/dev/${hostile}.yaml`,
  line: 3,
  kind: "Component",
  namespace: hostile,
  name: hostile,
  path: `metadata.annotations["${hostile}"]`,
  fix: "Add scopes.",
};

const review: Review = {
  base: { label: `main (${hostile})`, failure: `apps/x.ts: ${hostile}\nsecond line`, ownEngine: false },
  head: { label: "working tree", failure: undefined, ownEngine: false },
  environments: [
    {
      environment: "dev",
      presence: "both",
      changes: [
        {
          kind: "Component",
          group: "dapr.io",
          namespace: hostile,
          name: hostile,
          change: "changed",
          layer: "runtime",
          fields: [{ path: `spec.metadata[name=${hostile}].value`, before: hostile, after: `${hostile}!` }],
          before: {},
          after: {},
        },
      ],
      counts: { added: 0, changed: 1, removed: 0 },
      summaries: {
        access: [`+ ${hostile} → payment-api: POST /charge`],
        scopes: [],
        topics: [`+ fulfillment-api subscribes to orderpubsub/${hostile}`],
        delivery: [],
        tracing: [],
      },
      charts: [
        { application: hostile, chart: hostile, before: "1.0.0", after: "1.0.1", kinds: [], unavailable: undefined },
      ],
      findings: {
        introduced: [
          finding,
          {
            ...finding,
            rule: "secrets/plaintext",
            suppression: { kind: "annotation", justification: `reviewed ${hostile}` },
          },
        ],
        fixed: [],
      },
      models: { before: undefined, after: undefined },
    },
  ],
};

describe("hostile names in the review's outputs", () => {
  it("stay text in the pull-request comment (Markdown)", () => {
    const markdown = reportMarkdown(reportDocument(review), `see ${hostile}`);
    expect(injected(markdown, /^(<!-- trellis-report -->|<details><summary>[^<]*<\/summary>|<\/details>)$/)).toEqual(
      [],
    );
    expect(markdown).not.toMatch(RAW);
    expect(markdown).toContain("\\x1b[31mred");
    expect(markdown).toContain("\\u{202e}exe.txt");
    // In a code span outside a table the text is as it is: no backslash before its |.
    expect(markdown).toContain("a|b`c``d @acme/admins see #1");
    // An accepted finding is still listed, with its reason.
    expect(markdown).toMatch(/- error secrets\/plaintext: .* \(accepted: reviewed evil\\\]/);
  });

  it("stay text in the diff's Markdown and in the terminal", () => {
    expect(injected(diffMarkdown(review), /^$/)).toEqual([]);
    const text = diffText(review);
    expect(text).not.toMatch(RAW);
    expect(text).toContain("\\x1b]8;;https://attacker.test\\x07");
    // A name in an object or field cannot add lines (a declaration problem's own lines stay lines).
    const field = text.split("\n").filter((line) => line.includes("spec.metadata[name="));
    expect(field).toHaveLength(1);
    expect(field[0]).toContain("\\n```\\n# injected heading");
  });

  it("stay text in the HTML page", async () => {
    const html = await reportHtml(reportDocument(review));
    const body = html.slice(html.indexOf("<body>"), html.indexOf("<script>"));
    expect(body).not.toMatch(/<img|<script|onerror=alert\(1\)>/);
    expect(body).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(body).not.toMatch(RAW);
    // A drawing's source keeps its lines, which Mermaid needs.
    const drawing = await reportHtml({
      title: "t",
      blocks: [{ type: "mermaid", title: "dev", source: 'flowchart LR\n  n0["a"]\n' }],
    });
    expect(drawing).toContain('<pre class="mermaid-source" hidden>flowchart LR\n  n0[&quot;a&quot;]\n</pre>');
  });

  it("cannot close a Mermaid drawing's code block, nor end its labels", () => {
    const graph: Graph = {
      environment: "dev",
      nodes: [
        { id: "app:a/x", kind: "app", label: hostile, namespace: hostile },
        { id: "topic:p/t", kind: "topic", label: `p/${hostile}`, namespace: "" },
      ],
      edges: [{ from: "app:a/x", to: "topic:p/t", kind: "publishes", label: hostile }],
    };
    const source = toMermaid(graph);
    expect(source).not.toMatch(/`|\u001b|<img/);
    expect(source.split("\n").length).toBe(
      toMermaid({
        ...graph,
        nodes: graph.nodes.map((node) => ({ ...node, label: "x", namespace: node.namespace ? "a" : "" })),
        edges: graph.edges.map((edge) => ({ ...edge, label: "x" })),
      }).split("\n").length,
    );
    expect(toDot(graph)).not.toMatch(RAW);
    const markdown = reportMarkdown(
      { title: "t", blocks: [{ type: "mermaid", title: hostile, source: 'flowchart LR\n  n0["```"]\n' }] },
      "",
    );
    const blocks = nodes(markdown).filter((node) => node.type === "code_block");
    expect(blocks.map((node) => [node.info, node.literal])).toEqual([["mermaid", 'flowchart LR\n  n0["```"]\n']]);
  });
});

describe("hostile names in check's reports", () => {
  const results = [
    {
      findings: [
        finding,
        { ...finding, rule: "secrets/plaintext", suppression: { kind: "annotation" as const, justification: hostile } },
      ],
      objects: 1,
      files: 1,
      skipped: [{ file: `${hostile}.txt`, reason: "not a .yaml, .yml or .json file" }],
    },
  ];

  it("stay text in the Markdown table, the accepted findings and the skipped files", () => {
    const markdown = markdownReport(results);
    expect(injected(markdown, /^(<details><summary>\d+ accepted finding\(s\)<\/summary>|<\/details>)$/)).toEqual([]);
    expect(markdown).not.toMatch(RAW);
    // Each table row keeps its six cells: no | from a name splits one.
    const row = markdown.split("\n").find((line) => line.startsWith("| error"));
    expect(row?.replaceAll("\\|", "").split("|").length).toBe(8);
  });

  it("show control characters escaped in the terminal", () => {
    const text = textReport(results);
    expect(text).not.toMatch(RAW);
    expect(text).toContain("\\x1b[31mred");
  });
});
