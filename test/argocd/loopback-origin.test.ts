// The rehearsal's origin answers as GitHub and the chart repositories would: git over HTTPS with the repository
// credentials (a wrong password is refused), the working tree's deploy/ on the revision (a branch, or a release tag),
// and a Helm index listing each pinned chart; its certificate is trusted only through the CA it hands out.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startLoopbackOrigin, type LoopbackOrigin } from "../../argocd/rehearse/loopback-origin.ts";
import { runToEnd } from "../../lib/tools/processes.ts";
import { TEMP_PREFIX } from "../support/leftovers.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const ADDRESS = `127.63.${Math.floor(Math.random() * 200) + 1}.1`;
const REPOSITORY = "https://github.com/trellis-examples/trellis.git";

describe("the loopback origin", () => {
  let folder = "";
  let origin: LoopbackOrigin | undefined;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), `${TEMP_PREFIX}origin-`));
    origin = await startLoopbackOrigin({
      folder: join(folder, "origin"),
      address: ADDRESS,
      root: PROJECT_ROOT,
      repoURL: REPOSITORY,
      revision: "v0.5.0",
      password: "right-password",
      charts: [{ repoURL: "https://charts.jetstack.io", chart: "cert-manager", version: "v1.21.1" }],
      chartArchives: resolve(PROJECT_ROOT, "../shared/charts"),
      helm: inject("helm"),
    });
    await writeFile(join(folder, "ca.crt"), origin.ca);
  });

  afterAll(async () => {
    await origin?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  const git = (password: string, ...args: string[]) =>
    runToEnd(
      "git",
      [
        "-c",
        `http.curloptResolve=github.com:443:${ADDRESS}`,
        ...args,
        REPOSITORY.replace("https://", `https://git:${password}@`),
      ],
      { env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_SSL_CAINFO: join(folder, "ca.crt") } },
    );

  it("serves deploy/ on the release tag to the right credentials", async () => {
    const listed = await git("right-password", "ls-remote");
    expect(listed.stderr).toBe("");
    expect(listed.stdout).toMatch(/\trefs\/tags\/v0\.5\.0\n/);
    const clone = join(folder, "clone");
    const cloned = await runToEnd(
      "git",
      [
        "-c",
        `http.curloptResolve=github.com:443:${ADDRESS}`,
        "clone",
        "--quiet",
        "--branch",
        "v0.5.0",
        REPOSITORY.replace("https://", "https://git:right-password@"),
        clone,
      ],
      { env: { ...process.env, GIT_SSL_CAINFO: join(folder, "ca.crt") } },
    );
    expect(cloned.code).toBe(0);
    expect(await readFile(join(clone, "deploy/dev/argocd/kustomization.yaml"), "utf8")).toBe(
      await readFile(join(PROJECT_ROOT, "deploy/dev/argocd/kustomization.yaml"), "utf8"),
    );
  });

  it("refuses a wrong password and counts the refusal", async () => {
    const before = origin!.refusedRequests();
    const listed = await git("wrong-password", "ls-remote");
    expect(listed.code).not.toBe(0);
    expect(listed.stderr).toContain("Authentication failed");
    expect(origin!.refusedRequests()).toBeGreaterThan(before);
  });

  it("serves a Helm index naming the pinned chart, and is trusted only through its CA", async () => {
    const curl = (...args: string[]) =>
      runToEnd("curl", [
        "--silent",
        "--show-error",
        "--resolve",
        `charts.jetstack.io:443:${ADDRESS}`,
        ...args,
        "https://charts.jetstack.io/index.yaml",
      ]);
    const index = await curl("--cacert", join(folder, "ca.crt"));
    expect(index.stdout).toContain("https://charts.jetstack.io/cert-manager-v1.21.1.tgz");
    const untrusted = await curl();
    expect(untrusted.code).not.toBe(0);
  });
});
