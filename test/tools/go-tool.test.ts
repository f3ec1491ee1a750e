// Pinned tools are found by their recorded module version; without them and without Go, the message says how to get them.
import { afterEach, describe, expect, inject, it } from "vitest";
import { ensureGoTool, installCommand, ToolUnavailable } from "../../lib/tools/go-tool.ts";
import { KUBECONFORM } from "../../lib/tools/kubeconform.ts";
import { KUSTOMIZE } from "../../lib/tools/kustomize.ts";

const saved = { PATH: process.env.PATH, KUBECONFORM: process.env.KUBECONFORM };
afterEach(() => {
  process.env.PATH = saved.PATH;
  if (saved.KUBECONFORM === undefined) delete process.env.KUBECONFORM;
  else process.env.KUBECONFORM = saved.KUBECONFORM;
});

describe("pinned Go tools", () => {
  it("fail with the install command when neither the tool nor Go can be found", async () => {
    process.env.PATH = "/nonexistent";
    delete process.env.KUBECONFORM;
    const attempt = ensureGoTool(KUBECONFORM);
    await expect(attempt).rejects.toBeInstanceOf(ToolUnavailable);
    await expect(attempt).rejects.toThrow(installCommand(KUBECONFORM));
  });

  it("find the binaries the test setup provided, by module version", async () => {
    await expect(ensureGoTool(KUBECONFORM)).resolves.toBe(inject("kubeconform"));
    await expect(ensureGoTool(KUSTOMIZE)).resolves.toBe(inject("kustomize"));
  });

  it("do not take another version for the pinned one", async () => {
    // kustomize is not kubeconform at any version: pointing $KUBECONFORM at it must not satisfy the pin.
    process.env.KUBECONFORM = inject("kustomize");
    await expect(ensureGoTool(KUBECONFORM)).resolves.not.toBe(inject("kustomize"));
  });
});
