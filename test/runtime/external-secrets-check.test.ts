// `secrets:external` holds only where every ExternalSecret is Ready and its Secret holds the value Vault serves.
import { describe, expect, it } from "vitest";
import { externalSecretsCheck } from "../../platform/secrets/external-secrets-check.ts";
import type { CommandResult } from "../../lib/tools/processes.ts";

const vault = { values: new Map([["trellis/staging/orderpubsub-kafka", { password: "s3cret", username: "orders" }]]) };

function cluster(options: { ready: boolean; password: string }) {
  const externalSecret = {
    metadata: { namespace: "orders", name: "orderpubsub-kafka" },
    spec: {
      target: { name: "orderpubsub-kafka" },
      data: [
        { secretKey: "password", remoteRef: { key: "trellis/staging/orderpubsub-kafka", property: "password" } },
        { secretKey: "username", remoteRef: { key: "trellis/staging/orderpubsub-kafka", property: "username" } },
      ],
    },
    status: {
      conditions: [
        options.ready
          ? { type: "Ready", status: "True" }
          : { type: "Ready", status: "False", message: "could not get secret data from provider" },
      ],
    },
  };
  const base64 = (text: string) => Buffer.from(text).toString("base64");
  return async (args: readonly string[]): Promise<CommandResult> => {
    const answer = (body: unknown) => ({ code: 0, stdout: JSON.stringify(body), stderr: "" });
    if (args[1]?.startsWith("externalsecrets")) return answer({ items: [externalSecret] });
    if (args[1] === "secret")
      return answer({ data: { password: base64(options.password), username: base64("orders") } });
    return { code: 1, stdout: "", stderr: `unexpected kubectl ${args.join(" ")}` };
  };
}

describe("secrets:external", () => {
  it("holds when the ExternalSecret is Ready and its Secret holds Vault's values", async () => {
    const check = await externalSecretsCheck(cluster({ ready: true, password: "s3cret" }), vault);
    expect(check).toMatchObject({ ok: true, detail: expect.stringMatching(/^1 ExternalSecrets Ready/) });
  });

  it("fails on an ExternalSecret that is not Ready, with External Secrets' message", async () => {
    const check = await externalSecretsCheck(cluster({ ready: false, password: "s3cret" }), vault);
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/orders\/orderpubsub-kafka not Ready: could not get secret data from provider/);
  });

  it("fails on a Secret whose value is not Vault's, without printing either value", async () => {
    const check = await externalSecretsCheck(cluster({ ready: true, password: "stale" }), vault);
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/key password does not hold Vault's trellis\/staging\/orderpubsub-kafka#password/);
    expect(check.detail).not.toMatch(/stale|s3cret/);
  });
});
