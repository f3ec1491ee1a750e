// No credential reaches deploy/: credential fields are secretKeyRef, and no file holds a credential-looking value.
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { isCredentialName, looksLikeCredential } from "../../lib/declarations/credentials.ts";
import { readTree, renderedDeploy } from "../support/project.ts";
import { readManifests } from "../support/manifests.ts";

describe("secrets in rendered output", () => {
  it("every credential field of every Component is a secretKeyRef", async () => {
    let credentials = 0;
    for (const manifest of (await readManifests()).filter((m) => m.object.kind === "Component")) {
      for (const item of manifest.object.spec.metadata as { name: string; value?: unknown; secretKeyRef?: unknown }[]) {
        if (!isCredentialName(item.name)) continue;
        credentials += 1;
        expect(item.value, `${manifest.environment}/${manifest.file}: ${item.name}`).toBeUndefined();
        expect(item.secretKeyRef, `${manifest.environment}/${manifest.file}: ${item.name}`).toEqual({
          name: expect.stringMatching(/^[a-z0-9-]+$/),
          key: expect.stringMatching(/^[A-Za-z0-9_.-]+$/),
        });
      }
    }
    expect(credentials).toBeGreaterThan(0);
  });

  it("no rendered file contains a credential-looking value or a Secret object", async () => {
    for (const [path, content] of await readTree(await renderedDeploy())) {
      expect(looksLikeCredential(content), path).toBe(false);
      expect(content, path).not.toMatch(/^kind: Secret$/m);
    }
  });

  it("the credential detector recognises the forms it must refuse", () => {
    expect(
      [
        "redisPassword",
        "saslPassword",
        "connectionString",
        "accessKey",
        "clientKey",
        "token",
        "oidcClientSecret",
      ].every(isCredentialName),
    ).toBe(true);
    expect(["redisHost", "keyPrefix", "partitionKey", "tablePrefix", "brokers"].some(isCredentialName)).toBe(false);
    expect(looksLikeCredential("postgres://app:hunter2@db:5432/orders")).toBe(true);
    expect(looksLikeCredential("host=db user=app password=hunter2")).toBe(true);
    expect(looksLikeCredential("redis.orders.svc.cluster.local:6379")).toBe(false);
  });
});
