// The pull-request workflow: actionlint (pinned, built from the module proxy) accepts it and refuses a broken
// copy, and its comment script, run against a stand-in for GitHub's API, posts one comment and then updates it.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, inject, it } from "vitest";
import { REPORT_MARKER } from "../../lib/review/report-markdown.ts";
import { runActionlint } from "../../lib/tools/actionlint.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const WORKFLOW = join(PROJECT_ROOT, ".github", "workflows", "pull-request.yml");

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, string>;
}

/** The steps of one job: the tests and the report, or staging's and prod's whole install. */
async function steps(job: "test-and-report" | "rehearse-all" = "test-and-report"): Promise<Step[]> {
  const workflow = parse(await readFile(WORKFLOW, "utf8")) as { jobs: Record<string, { steps: Step[] }> };
  return workflow.jobs[job]?.steps ?? [];
}

describe("the pull-request workflow", () => {
  it("passes actionlint", async () => {
    expect(await runActionlint(inject("actionlint"), [WORKFLOW], PROJECT_ROOT)).toEqual([]);
  });

  it("is refused by actionlint when broken", async () => {
    const folder = await mkdtemp(join(tmpdir(), "trellis-workflow-"));
    try {
      const broken = join(folder, "broken.yml");
      await writeFile(
        broken,
        (await readFile(WORKFLOW, "utf8"))
          .replace("github.base_ref", "github.base_reff")
          .replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04\n    timeout-minutes: soon"),
      );
      const problems = await runActionlint(inject("actionlint"), [broken], folder);
      expect(problems.map((problem) => problem.kind).sort()).toEqual(
        expect.arrayContaining(["expression", "syntax-check"]),
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("runs .ci/run, then writes both report forms against the pull request's base", async () => {
    const runs = (await steps()).map((step) => step.run ?? "").join("\n");
    expect(runs).toContain("bash .ci/run");
    expect(runs).toMatch(/npx trellis report --base "origin\/\$BASE_REF" --format html --out report\.html/);
    expect(runs).toMatch(/npx trellis report --base "origin\/\$BASE_REF" --out report\.md/);
  });

  it("rehearses staging and prod in a job of its own", async () => {
    expect((await steps("rehearse-all")).map((step) => step.run ?? "")).toContain("bash .ci/rehearse-all");
  });

  it("writes the report, checks and uploads SARIF even when the tests fail", async () => {
    const all = await steps();
    const test = all.findIndex((step) => step.run?.includes("bash .ci/run"));
    const after = all.slice(test + 1);
    expect(after.length).toBeGreaterThan(0);
    // Every step after the tests runs unless the run was cancelled: a failed test step does not skip them.
    for (const step of after) expect(step.if ?? "", step.name).toMatch(/!cancelled\(\)|always\(\)/);
    const check = after.find((step) => step.run?.includes("trellis check --format sarif"));
    const sarifFile = /> (\S+\.sarif)/.exec(check?.run ?? "")?.[1];
    expect(sarifFile).toBeDefined();
    const upload = after.find((step) => step.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(upload?.with?.sarif_file).toBe(`trellis/${sarifFile}`);
    expect(after.indexOf(upload as Step)).toBeGreaterThan(after.indexOf(check as Step));
    const workflow = parse(await readFile(WORKFLOW, "utf8")) as { permissions: Record<string, string> };
    expect(workflow.permissions["security-events"]).toBe("write");
  });

  it("posts one comment, then updates that comment on the next push instead of adding one", async () => {
    const script = (await steps()).find((step) => step.uses?.startsWith("actions/github-script@"))?.with?.script ?? "";
    expect(script).toContain(REPORT_MARKER);
    const comments: { id: number; body: string; user: { type: string } }[] = [
      { id: 1, body: "Looks good to me", user: { type: "User" } },
    ];
    const calls: string[] = [];
    const github = {
      paginate: async (_method: unknown, _options: unknown) => comments.map((comment) => ({ ...comment })),
      rest: {
        issues: {
          listComments: {},
          createComment: async ({ body }: { body: string }) => {
            calls.push("create");
            comments.push({ id: comments.length + 1, body, user: { type: "Bot" } });
          },
          updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
            calls.push(`update ${comment_id}`);
            const comment = comments.find((candidate) => candidate.id === comment_id);
            if (comment) comment.body = body;
          },
        },
      },
    };
    const context = { repo: { owner: "acme", repo: "platform" }, payload: { pull_request: { number: 7 } } };
    // The script as github-script runs it: an async function of require, github and context; the report file it
    // reads is the one each push wrote.
    const postFrom = async (report: string) => {
      const fakeRequire = (name: string) =>
        name === "node:fs"
          ? { readFileSync: (path: string) => (path === "trellis/report.md" ? report : "") }
          : createRequire(import.meta.url)(name);
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
        ...args: string[]
      ) => (...values: unknown[]) => Promise<void>;
      await new AsyncFunction("require", "github", "context", script)(fakeRequire, github, context);
    };
    await postFrom(`${REPORT_MARKER}\nfirst push\n`);
    await postFrom(`${REPORT_MARKER}\nsecond push\n`);
    expect(calls).toEqual(["create", "update 2"]);
    expect(comments.map((comment) => comment.body)).toEqual(["Looks good to me", `${REPORT_MARKER}\nsecond push\n`]);
  });
});
