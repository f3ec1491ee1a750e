// A Helm already on this machine is used when it is the pinned version ($HELM first, then PATH); any other version is
// passed over and Helm is built as before. Fake `helm` scripts that print a version stand in for real ones.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { chooseHelm, findPinnedHelm, HELM, helmPaths } from "../../lib/tools/helm.ts";
import { testFolder } from "../support/temp-folder.ts";

/** A folder holding a `helm` that answers `helm version --template {{.Version}}` with `version`. */
async function fakeHelm(root: string, name: string, version: string): Promise<string> {
  const folder = join(root, name);
  await mkdir(folder, { recursive: true });
  const helm = join(folder, "helm");
  await writeFile(
    helm,
    `#!/bin/sh\nif [ "$1" = version ] && [ "$2" = --template ]; then printf '%s' '${version}'; exit 0; fi\nexit 3\n`,
  );
  await chmod(helm, 0o755);
  return folder;
}

describe("which Helm", () => {
  it("the choice: the first candidate of exactly the pinned version, else none", () => {
    expect(
      chooseHelm([
        { path: "/a/helm", version: "v3.17.0" },
        { path: "/b/helm", version: HELM.version },
      ]),
    ).toBe("/b/helm");
    expect(
      chooseHelm([
        { path: "/a/helm", version: `${HELM.version}-rc.1` },
        { path: "/b/helm", version: undefined },
      ]),
    ).toBeUndefined();
    expect(helmPaths({ HELM: "/opt/helm", PATH: ["/x", "", "/y"].join(delimiter) })).toEqual([
      "/opt/helm",
      "/x/helm",
      "/y/helm",
    ]);
  });

  it("uses a helm on PATH that says it is the pinned version", async () => {
    const root = await testFolder("helm");
    const other = await fakeHelm(root, "other", "v3.17.0");
    const pinned = await fakeHelm(root, "pinned", HELM.version);
    const found = await findPinnedHelm({ PATH: [join(root, "empty"), other, pinned].join(delimiter) });
    expect(found.path).toBe(join(pinned, "helm"));
    expect(found.others).toEqual([{ path: join(other, "helm"), version: "v3.17.0" }]);
  });

  it("passes over a helm of another version, or one that does not answer: none is chosen, so Helm is built", async () => {
    const root = await testFolder("helm");
    const other = await fakeHelm(root, "other", "v3.17.0");
    const broken = join(root, "broken");
    await mkdir(broken);
    await writeFile(join(broken, "helm"), "#!/bin/sh\nexit 1\n");
    await chmod(join(broken, "helm"), 0o755);
    const found = await findPinnedHelm({ PATH: [other, broken].join(delimiter) });
    expect(found.path).toBeUndefined();
    expect(found.others).toEqual([
      { path: join(other, "helm"), version: "v3.17.0" },
      { path: join(broken, "helm"), version: undefined },
    ]);
  });

  it("$HELM comes before PATH", async () => {
    const root = await testFolder("helm");
    const first = await fakeHelm(root, "first", HELM.version);
    const second = await fakeHelm(root, "second", HELM.version);
    const found = await findPinnedHelm({ HELM: join(second, "helm"), PATH: first });
    expect(found.path).toBe(join(second, "helm"));
  });
});
