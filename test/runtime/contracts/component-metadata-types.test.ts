import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { testFolder } from "../../support/temp-folder.ts";

const PROJECT_ROOT = resolve(import.meta.dirname, "../../..");
const TYPES = resolve(PROJECT_ROOT, "lib/model/declarations/generated/component-metadata.ts");
const SCHEMA = resolve(PROJECT_ROOT, "lib/model/declarations/component.ts");
const TSC_TIMEOUT = 120_000;

/**
 * Type-checks one file that imports the generated types (as `contracts`) and the component schema's declaration
 * type (`ComponentDeclaration`, as components/*.ts use it); resolves to tsc's exit code and output.
 */
async function typeCheck(source: string): Promise<{ code: number; output: string }> {
  const file = join(await testFolder("contracts"), "declaration.ts");
  writeFileSync(
    file,
    [
      `import type * as contracts from ${JSON.stringify(TYPES)};`,
      `import type { ComponentDeclaration } from ${JSON.stringify(SCHEMA)};`,
      source,
    ].join("\n"),
  );
  const args = [
    "tsc",
    "--noEmit",
    "--strict",
    "--module",
    "nodenext",
    "--moduleResolution",
    "nodenext",
    "--allowImportingTsExtensions",
    "--target",
    "es2022",
    "--skipLibCheck",
    file,
  ];
  try {
    const { stdout } = await promisify(execFile)("npx", args, { cwd: PROJECT_ROOT });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

describe("the generated metadata types", () => {
  it(
    "reject a misspelt field of a component declaration at compile time",
    async () => {
      const { code, output } = await typeCheck(`
export default {
  name: "statestore",
  description: "Order records",
  kind: "state",
  backends: { default: { type: "state.redis", version: "v1", metadata: { redisHots: "redis:6379" } } },
} satisfies ComponentDeclaration;
`);
      expect(code).not.toBe(0);
      expect(output).toMatch(/'redisHots' does not exist in type 'MetadataOf<"state.redis", "v1">/);
    },
    TSC_TIMEOUT,
  );

  it(
    "type each backend of a declaration from its own type, version and kind, with settings, secrets and inCluster",
    async () => {
      const wrong = await typeCheck(`
export const literalPassword = {
  name: "statestore",
  description: "Order records",
  kind: "state",
  backends: { default: { type: "state.redis", version: "v1", metadata: { redisHost: "redis:6379", redisPassword: "hunter2" } } },
} satisfies ComponentDeclaration;
export const derivedHost = {
  name: "lockstore",
  description: "Locks",
  kind: "lock",
  backends: { dev: { type: "lock.redis", version: "v1", inCluster: "redis", metadata: { redisHost: "redis:6379" } } },
} satisfies ComponentDeclaration;
export const otherKind = {
  name: "orderpubsub",
  description: "Order events",
  kind: "pubsub",
  backends: { default: { type: "state.redis", version: "v1", metadata: { redisHost: "redis:6379" } } },
} satisfies ComponentDeclaration;
export const unknownVersion = {
  name: "statestore",
  description: "Order records",
  kind: "state",
  backends: { default: { type: "state.redis", version: "v2" } },
} satisfies ComponentDeclaration;
`);
      expect(wrong.code).not.toBe(0);
      expect(wrong.output).toContain("Types of property 'redisPassword' are incompatible");
      expect(wrong.output).toContain(
        `'redisHost' does not exist in type 'InClusterRedisMetadataOf<"lock.redis", "v1">'`,
      );
      expect(wrong.output).toContain(`Type '"state.redis"' is not assignable to type '"pubsub.`);
      expect(wrong.output).toContain(`Type '"v2"' is not assignable to type '"v1"'`);

      const right = await typeCheck(`
export const statestore = {
  name: "statestore",
  description: "Order records and actor state",
  kind: "state",
  actorStateStore: true,
  backends: {
    dev: { type: "state.redis", version: "v1", inCluster: "redis", metadata: { enableTLS: false } },
    default: {
      type: "state.redis",
      version: "v1",
      metadata: { redisHost: { setting: "redisHost" }, redisDB: 2, keyPrefix: "name" },
      secrets: { redisPassword: { name: "redis", key: "password" } },
    },
  },
} satisfies ComponentDeclaration;
export const schedule = {
  name: "schedule",
  description: "Ticks",
  kind: "binding",
  direction: "input",
  backends: { default: { type: "bindings.cron", version: "v1", metadata: { schedule: "@every 1m" } } },
} satisfies ComponentDeclaration;
`);
      expect(right.output).toBe("");
      expect(right.code).toBe(0);
    },
    TSC_TIMEOUT,
  );

  it(
    "accept the field spelt right, typed values and daprd's own fields",
    async () => {
      const { code, output } = await typeCheck(`
export const metadata: contracts.ComponentMetadataByType["state.redis"]["v1"] = {
  redisHost: { setting: "redisHost" },
  redisDB: 2,
  enableTLS: "true",
  keyPrefix: "name",
};
`);
      expect(output).toBe("");
      expect(code).toBe(0);
    },
    TSC_TIMEOUT,
  );

  it(
    "type a backend from its type and version, with credentials only under secrets",
    async () => {
      const wrong = await typeCheck(`
export const misspelt: contracts.TypedComponentBackend = {
  type: "pubsub.kafka",
  version: "v1",
  metadata: { brokers: "kafka:9092", saslMechanisms: "SHA-512" },
};
export const literalPassword: contracts.TypedComponentBackend = {
  type: "state.redis",
  version: "v1",
  metadata: { redisHost: "redis:6379", redisPassword: "hunter2" },
};
export const unknownVersion: contracts.TypedComponentBackend = { type: "state.redis", version: "v2" };
`);
      expect(wrong.code).not.toBe(0);
      expect(wrong.output).toContain("'saslMechanisms' does not exist in type 'PubsubKafkaV1Metadata'");
      expect(wrong.output).toContain("The types of 'metadata.redisPassword' are incompatible");
      expect(wrong.output).toContain(`Type '"v2"' is not assignable to type '"v1"'`);

      const right = await typeCheck(`
export const kafka: contracts.TypedComponentBackend = {
  type: "pubsub.kafka",
  version: "v1",
  metadata: { brokers: "kafka:9092", saslMechanism: "SHA-512", authType: "password" },
  secrets: { saslPassword: { name: "kafka", key: "password" } },
};
export const alias: contracts.TypedComponentBackend = { type: "state.postgres", version: "v2" };
`);
      expect(right.output).toBe("");
      expect(right.code).toBe(0);
    },
    TSC_TIMEOUT,
  );
});
