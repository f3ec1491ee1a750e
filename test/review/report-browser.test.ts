// The HTML report in a real browser: Chromium loads the file with no network, Mermaid (bundled in the file)
// draws every diagram, and a screenshot is taken. A diagram Mermaid cannot parse fails the check.
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toMermaid } from "../../lib/review/graph.ts";
import { reportHtml } from "../../lib/review/report-html.ts";
import { renderInChromium } from "../support/browser.ts";
import { gitProject, type GitProject } from "../support/git-project.ts";
import { runCli } from "../support/project.ts";

let project: GitProject;
let out: string;
let report: string;

beforeAll(async () => {
  project = await gitProject();
  out = await mkdtemp(join(tmpdir(), "trellis-report-"));
  await project.commit("base");
  await project.edit(
    "apps/fulfillment-api.ts",
    "  subscribes: [",
    '  invokes: [{ app: "payment-api", method: "status", verbs: ["GET"] }],\n  subscribes: [',
  );
  await project.edit("apps/payment-api.ts", "prod: 3 }", "prod: 4 }");
  await project.commit("fulfillment-api asks payment-api for a status; payment-api scales in prod");
  report = join(out, "report.html");
  const run = await runCli([
    "report",
    "--root",
    project.root,
    "--base",
    "HEAD~1",
    "--head",
    "HEAD",
    "--no-charts",
    "--format",
    "html",
    "--out",
    report,
  ]);
  expect(run.code, run.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await rm(project.root, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

describe("the HTML report in Chromium", () => {
  it("draws every environment's diagram without a Mermaid error, offline, and is screenshotted", async () => {
    const screenshot = join(out, "report.png");
    const state = await renderInChromium(report, screenshot);
    expect(state.errors).toEqual([]);
    expect(state.figures).toBe(3);
    expect(state.rendered).toBe(3);
    expect(state.svgs).toBeGreaterThanOrEqual(3);
    expect(state.requests).toEqual([]);
    expect((await stat(screenshot)).size).toBeGreaterThan(20_000);
  });

  it("draws hostile names as text: Mermaid parses the labels, and nothing in them is fetched or run", async () => {
    const hostile = 'x"] --> evil["<img src=https://attacker.test/pixel.png onerror=alert(1)>" | ` \u001b[31m #quot; ]';
    const source = toMermaid({
      environment: "dev",
      nodes: [
        { id: "app:a/x", kind: "app", label: hostile, namespace: hostile },
        { id: "topic:p/t", kind: "topic", label: `p/${hostile}`, namespace: "" },
      ],
      edges: [{ from: "app:a/x", to: "topic:p/t", kind: "publishes", label: hostile }],
    });
    const page = join(out, "hostile.html");
    await writeFile(page, await reportHtml({ title: hostile, blocks: [{ type: "mermaid", title: hostile, source }] }));
    const state = await renderInChromium(page, join(out, "hostile.png"));
    expect(state.errors).toEqual([]);
    expect(state.rendered).toBe(1);
    expect(state.requests).toEqual([]);
  });

  it("fails on a diagram Mermaid cannot parse", async () => {
    const broken = join(out, "broken.html");
    await writeFile(
      broken,
      (await readFile(report, "utf8")).replace(
        "flowchart LR\n",
        "flowchart LR\n  n0 --&gt;|&quot;unclosed&quot; n1 ---&gt;&gt;\n",
      ),
    );
    const state = await renderInChromium(broken, join(out, "broken.png"));
    expect(state.errors.length).toBeGreaterThan(0);
    expect(state.errors[0]?.message).toMatch(/Parse error|Expecting|Lexical error/);
  });
});
