import { describe, expect, it } from "vitest";
import { COMPONENT_CONTRACTS } from "../../../runtime/components/contracts/component-contracts.ts";
import {
  validateComponent,
  type ComponentToValidate,
  type ContractProblem,
} from "../../../runtime/components/contracts/validate-component.ts";

function check(component: Partial<ComponentToValidate> & Pick<ComponentToValidate, "type">): ContractProblem[] {
  return validateComponent({ version: "v1", metadata: {}, secretKeys: [], ...component });
}

/** "severity field" per problem, the shape most assertions compare. */
function findings(component: Parameters<typeof check>[0]): string[] {
  return check(component).map((problem) => `${problem.severity} ${problem.field}`);
}

const redis = { type: "state.redis", metadata: { redisHost: "redis:6379" } };
const s3 = { type: "bindings.aws.s3", metadata: { bucket: "orders" } };

describe("component type", () => {
  it("reports an unknown type and suggests the nearest known one", () => {
    const [problem, ...rest] = check({ type: "bindings.aws.s4", metadata: { bucket: "orders" } });
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ field: "type", severity: "error" });
    expect(problem?.fix).toBe('did you mean "bindings.aws.s3"?');
  });

  it("accepts the known type", () => {
    expect(check(s3)).toEqual([]);
  });

  it("suggests the same component under another kind", () => {
    expect(check({ type: "state.kafka" })[0]?.fix).toBe('did you mean "bindings.kafka" or "pubsub.kafka"?');
  });

  it("accepts a name daprd registers as an alias, with the canonical type's contract", () => {
    // daprd registers pubsub.azure.servicebus.topics also as "azure.servicebus" (cmd/daprd/components).
    expect(
      check({ type: "pubsub.azure.servicebus", metadata: { namespaceName: "orders.servicebus.windows.net" } }),
    ).toEqual([]);
    expect(check({ type: "state.postgres", version: "v2", secretKeys: ["connectionString"] })).toEqual([]);
    expect(findings({ type: "pubsub.azure.servicebus", metadata: { namespaceNme: "x" } })).toContain(
      "error metadata.namespaceNme",
    );
  });

  it("knows every name and version daprd registers, aliases included", () => {
    const registered = Object.entries(COMPONENT_CONTRACTS.types).filter(([, entry]) => entry.registered);
    expect(registered.length).toBeGreaterThan(150);
    for (const [type, entry] of registered) {
      for (const version of Object.keys(entry.versions)) {
        const problems = check({ type, version }).filter((p) => p.field === "type" || p.field === "version");
        expect(
          problems.filter((p) => p.severity === "error"),
          `${type} ${version}`,
        ).toEqual([]);
      }
    }
  });

  it("rejects a type only a metadata.yaml names, pointing at the name daprd registers", () => {
    const [problem] = check({ type: "secretstores.aws.secretsmanager", metadata: { region: "eu-west-1" } });
    expect(problem).toMatchObject({ field: "type", severity: "error" });
    expect(problem?.fix).toContain('"secretstores.aws.secretmanager"');
    expect(check({ type: "secretstores.aws.secretmanager", metadata: { region: "eu-west-1" } })).toEqual([]);
  });

  it("accepts a type daprd registers without a metadata.yaml, fields unchecked", () => {
    expect(check({ type: "middleware.http.uppercase", metadata: { anything: "x" } })).toEqual([]);
  });
});

describe("version", () => {
  it("reports an unknown version and lists the known ones", () => {
    const [problem, ...rest] = check({ ...redis, version: "v2" });
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ field: "version", severity: "error" });
    expect(problem?.message).toContain("known: v1");
  });

  it("accepts the known version, and v0 where daprd serves it as v1", () => {
    expect(check({ ...redis, version: "v1" })).toEqual([]);
    expect(check({ ...redis, version: "v0" })).toEqual([]);
    // Registered with explicit versions only: no v0 fallback (pkg/components/state/registry.go).
    expect(findings({ type: "state.postgresql", version: "v0", secretKeys: ["connectionString"] })).toEqual([
      "error version",
    ]);
  });

  it("warns about a version daprd deprecates", () => {
    const blobstorage = {
      type: "state.azure.blobstorage",
      metadata: { containerName: "orders" },
      secretKeys: ["connectionString"],
    };
    expect(findings({ ...blobstorage, version: "v1" })).toEqual(["warning version"]);
    expect(findings({ ...blobstorage, version: "v2" })).toEqual([]);
  });
});

describe("fields", () => {
  it("reports an unknown field and suggests the nearest one", () => {
    const problems = check({ type: "bindings.aws.s3", metadata: { buckett: "orders" } });
    expect(problems.map((p) => `${p.severity} ${p.field}`)).toEqual([
      "error metadata.buckett",
      "error metadata.bucket",
    ]);
    expect(problems[0]?.fix).toBe('did you mean "bucket"?');
  });

  it("matches field names case-insensitively, as daprd's metadata decoding does", () => {
    expect(check({ type: "bindings.aws.s3", metadata: { BUCKET: "orders" } })).toEqual([]);
  });

  it("warns about a field with no near match, which may be read undocumented", () => {
    expect(findings({ ...s3, metadata: { ...s3.metadata, somethingElse: "x" } })).toEqual([
      "warning metadata.somethingElse",
    ]);
  });

  it("rejects two names that differ only in case, which daprd refuses", () => {
    expect(findings({ type: "bindings.aws.s3", metadata: { bucket: "a", Bucket: "b" } })).toEqual([
      "error metadata.Bucket",
    ]);
  });

  it("reports a missing required field, given in neither metadata nor secrets", () => {
    expect(findings({ type: "bindings.aws.s3" })).toEqual(["error metadata.bucket"]);
    expect(findings({ type: "bindings.aws.s3", metadata: { bucket: "" } })).toEqual(["error metadata.bucket"]);
    expect(check({ type: "bindings.aws.s3", secretKeys: ["bucket"] })).toEqual([]);
  });

  it("requires one complete authentication profile where the contract lists alternatives", () => {
    const servicebus = { type: "pubsub.azure.servicebus.topics" };
    expect(findings(servicebus)).toEqual(["error metadata.connectionString"]);
    // "Azure AD: Managed identity" needs only namespaceName; "Connection string" only connectionString.
    expect(check({ ...servicebus, metadata: { namespaceName: "orders.servicebus.windows.net" } })).toEqual([]);
    expect(check({ ...servicebus, secretKeys: ["connectionString"] })).toEqual([]);
  });

  it("picks the profile a given value selects (authType) and names what it still needs", () => {
    const kafka = { type: "pubsub.kafka", metadata: { brokers: "kafka:9092", authType: "password" } };
    const [problem, ...rest] = check({ ...kafka, secretKeys: ["saslUsername"] });
    expect(rest).toEqual([]);
    expect(problem?.message).toContain('"SASL Authentication", still needs saslPassword, saslMechanism');
    expect(
      check({
        ...kafka,
        metadata: { ...kafka.metadata, saslMechanism: "SHA-512" },
        secretKeys: ["saslUsername", "saslPassword"],
      }),
    ).toEqual([]);
  });

  it("only warns when the contract's single profile is incomplete", () => {
    // etcd documents only its TLS profile, yet connects without TLS.
    expect(findings({ type: "state.etcd", version: "v1", metadata: { endpoints: "etcd:2379" } })).toEqual([
      "warning version",
      "warning metadata.tlsEnable",
    ]);
  });

  it("reports a value of the wrong type and accepts strings that parse", () => {
    expect(findings({ ...redis, metadata: { ...redis.metadata, redisDB: "first" } })).toEqual([
      "error metadata.redisDB",
    ]);
    expect(findings({ ...redis, metadata: { ...redis.metadata, enableTLS: "maybe" } })).toEqual([
      "error metadata.enableTLS",
    ]);
    expect(findings({ ...redis, metadata: { ...redis.metadata, dialTimeout: "5 seconds" } })).toEqual([
      "error metadata.dialTimeout",
    ]);
    expect(findings({ ...redis, metadata: { ...redis.metadata, enableTLS: 3 } })).toEqual(["error metadata.enableTLS"]);
    expect(
      check({
        ...redis,
        metadata: { ...redis.metadata, redisDB: "2", enableTLS: "true", dialTimeout: "5s", poolSize: 20 },
      }),
    ).toEqual([]);
    expect(check({ ...redis, metadata: { ...redis.metadata, enableTLS: true, dialTimeout: "30" } })).toEqual([]);
  });

  it("skips type checks for values known only when rendering or when daprd loads them", () => {
    expect(check({ ...redis, metadata: { ...redis.metadata, redisDB: { setting: "redisDatabase" } } })).toEqual([]);
    expect(check({ type: "pubsub.redis", metadata: { ...redis.metadata, consumerID: "{podName}" } })).toEqual([]);
  });

  it("reports a value outside the allowed values", () => {
    const problems = check({ ...redis, metadata: { ...redis.metadata, redisType: "clustr" } });
    expect(problems.map((p) => `${p.severity} ${p.field}`)).toEqual(["error metadata.redisType"]);
    expect(problems[0]?.fix).toBe('use one of "node" or "cluster"');
    expect(check({ ...redis, metadata: { ...redis.metadata, redisType: "cluster" } })).toEqual([]);
    expect(findings({ ...redis, metadata: { ...redis.metadata, redisType: "Cluster" } })).toEqual([
      "warning metadata.redisType",
    ]);
  });

  it("warns about a deprecated field", () => {
    const eventhubs = {
      type: "bindings.azure.eventhubs",
      metadata: {
        eventHub: "orders",
        consumerID: "fulfillment",
        storageAccountName: "acct",
        storageContainerName: "c",
      },
      secretKeys: ["connectionString"],
    };
    expect(findings({ ...eventhubs, metadata: { ...eventhubs.metadata, consumerGroup: "g" } })).toEqual([
      "warning metadata.consumerGroup",
    ]);
    expect(check(eventhubs)).toEqual([]);
  });

  it("rejects a sensitive field given as a literal and accepts it as a secret reference", () => {
    expect(findings({ ...redis, metadata: { ...redis.metadata, redisPassword: "hunter2" } })).toEqual([
      "error metadata.redisPassword",
    ]);
    expect(
      findings({ ...redis, metadata: { ...redis.metadata, redisPassword: { setting: "redisPassword" } } }),
    ).toEqual(["error metadata.redisPassword"]);
    expect(check({ ...redis, secretKeys: ["redisPassword"] })).toEqual([]);
    // An empty literal carries no credential: the same as no password.
    expect(check({ ...redis, metadata: { ...redis.metadata, redisPassword: "" } })).toEqual([]);
  });

  it("accepts a deprecated field the component still reads, as a warning, and counts what it stands in for", () => {
    const kafka = { type: "bindings.kafka", metadata: { brokers: "kafka:9092", publishTopic: "orders" } };
    expect(findings(kafka)).toEqual(["error metadata.authType"]);
    expect(findings({ ...kafka, metadata: { ...kafka.metadata, authRequired: "false" } })).toEqual([
      "warning metadata.authRequired",
    ]);
  });
});

describe("daprd's own fields", () => {
  it("knows the fields daprd reads for every component of a kind", () => {
    expect(
      check({
        ...redis,
        metadata: {
          ...redis.metadata,
          actorStateStore: "true",
          keyPrefix: "name",
          outboxPublishPubsub: "orderpubsub",
          outboxPublishTopic: "orders",
        },
        secretKeys: ["primaryEncryptionKey"],
      }),
    ).toEqual([]);
    expect(
      check({
        type: "pubsub.kafka",
        metadata: { brokers: "kafka:9092", authType: "none", consumerID: "orders", publishingScopes: "app1=orders" },
      }),
    ).toEqual([]);
    expect(
      check({ type: "bindings.cron", metadata: { schedule: "@every 1m", direction: "input", route: "/tick" } }),
    ).toEqual([]);
    expect(check({ type: "lock.redis", metadata: { ...redis.metadata, keyPrefix: "none" } })).toEqual([]);
  });

  it("does not lend one kind's runtime fields to another", () => {
    expect(findings({ type: "secretstores.kubernetes", metadata: { keyPrefix: "none" } })).toEqual([
      "warning metadata.keyPrefix",
    ]);
  });

  it("checks runtime fields as daprd reads them", () => {
    // The pub/sub processor reads "consumerID" with ==; pubsub.redis lists it too, which does not change that.
    expect(findings({ type: "pubsub.redis", metadata: { ...redis.metadata, consumerId: "orders" } })).toEqual([
      "error metadata.consumerId",
    ]);
    expect(findings({ ...redis, metadata: { ...redis.metadata, actorStateStore: "sometimes" } })).toEqual([
      "error metadata.actorStateStore",
    ]);
    expect(findings({ ...redis, metadata: { ...redis.metadata, primaryEncryptionKey: "k" } })).toEqual([
      "error metadata.primaryEncryptionKey",
    ]);
  });

  it("rejects a binding direction daprd does not register", () => {
    expect(findings({ ...s3, metadata: { ...s3.metadata, direction: "input" } })).toEqual(["error metadata.direction"]);
    expect(findings({ ...s3, direction: "input" })).toEqual(["error direction"]);
    expect(check({ ...s3, direction: "output" })).toEqual([]);
  });

  it("requires a direction's fields only when daprd starts that direction", () => {
    // bindings.kafka's publishTopic is required for output; an input-only binding does not need it.
    const kafka = { type: "bindings.kafka", metadata: { brokers: "kafka:9092", authType: "none", topics: "orders" } };
    expect(check({ ...kafka, direction: "input" })).toEqual([]);
    expect(findings(kafka)).toEqual(["error metadata.publishTopic"]);
  });
});
