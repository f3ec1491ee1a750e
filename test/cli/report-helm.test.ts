// Before `trellis diff` or `trellis report` finds or builds Helm to render changed charts, it says so on standard
// error, and after, how long that took; a Helm of the pinned version on PATH is used, another is passed over.
import { chmod, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HELM } from "../../lib/tools/helm.ts";
import { chartRendering } from "../../lib/review/review.ts";
import { PROJECT_ROOT } from "../support/project.ts";
import { testFolder } from "../support/temp-folder.ts";

const saved = { PATH: process.env.PATH, HELM: process.env.HELM };
afterEach(() => {
  process.env.PATH = saved.PATH;
  if (saved.HELM === undefined) delete process.env.HELM;
  else process.env.HELM = saved.HELM;
});

async function fakeHelm(version: string): Promise<string> {
  const folder = await testFolder("helm");
  await writeFile(join(folder, "helm"), `#!/bin/sh\nprintf '%s' '${version}'\n`);
  await chmod(join(folder, "helm"), 0o755);
  return folder;
}

describe("Helm for changed charts", () => {
  it("says before that it finds or builds Helm, then how long that took; uses the pinned Helm on PATH", async () => {
    const folder = await fakeHelm(HELM.version);
    delete process.env.HELM;
    process.env.PATH = [folder, saved.PATH].join(delimiter);
    const lines: string[] = [];
    const rendering = await chartRendering({ repository: PROJECT_ROOT, log: (line) => lines.push(line) });
    expect(rendering?.helm).toBe(join(folder, "helm"));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^helm: a chart Application changed; finding Helm ${HELM.version} .*or building it with Go \\(first run only, about ${HELM.coldBuild}; --no-charts skips this\\)$`,
      ),
    );
    expect(lines[1]).toMatch(new RegExp(`^helm: ${HELM.version} ready in \\d+\\.\\d s \\(${join(folder, "helm")}\\)$`));
  });

  it("passes over a Helm of another version on PATH, saying so, and takes the built one", async () => {
    const folder = await fakeHelm("v3.17.0");
    delete process.env.HELM;
    process.env.PATH = [folder, saved.PATH].join(delimiter);
    const lines: string[] = [];
    const rendering = await chartRendering({ repository: PROJECT_ROOT, log: (line) => lines.push(line) });
    expect(rendering?.helm).not.toBe(join(folder, "helm"));
    expect(lines).toContain(`helm: ${join(folder, "helm")} is v3.17.0, not the pinned ${HELM.version}; not used`);
    expect(lines.at(-1)).toMatch(new RegExp(`^helm: ${HELM.version} ready in `));
  });
});
