// Without kubeconform and without Go, the test command says exactly how to get kubeconform.
import { afterEach, describe, expect, it } from "vitest";
import { ensureKubeconform, KUBECONFORM_MODULE, KubeconformUnavailable } from "../../lib/validate/kubeconform.ts";

const saved = { PATH: process.env.PATH, KUBECONFORM: process.env.KUBECONFORM };
afterEach(() => {
  process.env.PATH = saved.PATH;
  if (saved.KUBECONFORM === undefined) delete process.env.KUBECONFORM;
  else process.env.KUBECONFORM = saved.KUBECONFORM;
});

describe("kubeconform installation", () => {
  it("fails with the install command when neither kubeconform nor Go can be found", async () => {
    process.env.PATH = "/nonexistent";
    delete process.env.KUBECONFORM;
    const attempt = ensureKubeconform();
    await expect(attempt).rejects.toBeInstanceOf(KubeconformUnavailable);
    await expect(attempt).rejects.toThrow(`go install ${KUBECONFORM_MODULE}`);
  });

  it("finds the pinned kubeconform that the test setup provided", async () => {
    await expect(ensureKubeconform()).resolves.toMatch(/kubeconform$/);
  });
});
