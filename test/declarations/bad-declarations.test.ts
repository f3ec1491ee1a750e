// Each bad declaration must stop synth with exit 1, name the file and field path, and leave deploy/ as it was.
import { describe, expect, it } from "vitest";
import { readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { copyProject, readTree, runBinary, runCli, type ProjectCopy } from "../support/project.ts";
import { appDeclaration, declarationSource } from "../support/declaration-builders.ts";

interface BadCase {
  readonly name: string;
  readonly change: (project: ProjectCopy) => Promise<void>;
  /** The one line that must name the file and field path; further fragments must appear on it too. */
  readonly file: string;
  readonly path: string;
  readonly mentions?: readonly string[];
  /** Run through the real binary: compile errors are the CLI's compiler's (tsx), not the test runner's. */
  readonly binary?: boolean;
}

const QA_ENVIRONMENT = `export default ${JSON.stringify({
  name: "qa",
  description: "qa",
  profile: "staging",
  dapr: {
    logLevel: "info",
    apiLogging: false,
    sidecarResources: { cpu: { request: "10m" }, memory: { request: "10Mi", limit: "20Mi" } },
    gracefulShutdownSeconds: 5,
    trustDomain: "qa.trellis",
    accessControl: "deny",
    controlPlane: { highAvailability: false, workloadCertTTL: "24h", schedulerStorage: { size: "1Gi" } },
    resiliency: { apps: "service-call", components: "component-call", deliveries: "event-delivery" },
  },
  tracing: { samplingRate: 1, gatewayReplicas: 1, backend: { kind: "jaeger-memory", maxTraces: 10000 } },
  secrets: { provider: "bootstrap" },
  requireImageDigests: false,
  delivery: { repoURL: "https://example.com/trellis.git", revision: { kind: "branch", name: "main" }, prune: true },
  settings: { kafkaBrokers: "kafka.qa:9093", lockRedisHost: "redis.qa:6380" },
})};\n`;

const cases: readonly BadCase[] = [
  {
    name: "an app copied to a new file that keeps the old id",
    change: async (p) =>
      p.write("apps/order-api-copy.ts", declarationSource(appDeclaration({ id: "order-api", description: "copy" }))),
    file: "apps/order-api-copy.ts",
    path: "id",
    mentions: [
      'declares "order-api" but the file is named order-api-copy.ts; rename the file to apps/order-api.ts or set id to "order-api-copy"',
    ],
  },
  {
    name: "an app whose id differs from its file name",
    change: (p) => p.edit("apps/order-api.ts", 'id: "order-api"', 'id: "order-apix"'),
    file: "apps/order-api.ts",
    path: "id",
    mentions: ['declares "order-apix" but the file is named order-api.ts'],
  },
  {
    name: "an environment file named differently from its environment",
    change: async (p) => {
      await rename(join(p.root, "environments/staging.ts"), join(p.root, "environments/stage.ts"));
    },
    file: "environments/stage.ts",
    path: "name",
    mentions: [
      'declares "staging" but the file is named stage.ts; rename the file to environments/staging.ts or set name to "stage"',
    ],
  },
  {
    name: "a component file named differently from its component",
    change: async (p) => {
      await rename(join(p.root, "components/schedule.ts"), join(p.root, "components/schedule2.ts"));
    },
    file: "components/schedule2.ts",
    path: "name",
    mentions: ['declares "schedule" but the file is named schedule2.ts'],
  },
  {
    name: "a resiliency policy file named differently from its policy",
    change: async (p) => {
      await rename(join(p.root, "resiliency/payment.ts"), join(p.root, "resiliency/payments.ts"));
    },
    file: "resiliency/payments.ts",
    path: "name",
    mentions: ['declares "payment" but the file is named payments.ts'],
  },
  {
    name: "unknown component",
    change: (p) => p.edit("apps/order-api.ts", 'uses: ["statestore"]', 'uses: ["statestore", "cachestore"]'),
    file: "apps/order-api.ts",
    path: "uses[1]",
    mentions: ['"cachestore"', "components/"],
  },
  {
    name: "invoke of an unknown app",
    change: (p) => p.edit("apps/order-api.ts", 'app: "payment-api"', 'app: "billing-api"'),
    file: "apps/order-api.ts",
    path: "invokes[0].app",
    mentions: ['"billing-api"'],
  },
  {
    name: "invoke of an unknown method",
    change: (p) => p.edit("apps/order-api.ts", 'method: "charge"', 'method: "refund"'),
    file: "apps/order-api.ts",
    path: "invokes[0].method",
    mentions: ['"refund"', "apps/payment-api.ts"],
  },
  {
    name: "invoke with a verb the method does not accept",
    change: (p) => p.edit("apps/order-api.ts", 'verbs: ["POST"]', 'verbs: ["DELETE"]'),
    file: "apps/order-api.ts",
    path: "invokes[0].verbs[0]",
    mentions: ["apps/payment-api.ts", "DELETE"],
  },
  {
    name: "publish to a topic on a non-pubsub component",
    change: (p) => p.edit("apps/order-api.ts", 'pubsub: "orderpubsub"', 'pubsub: "statestore"'),
    file: "apps/order-api.ts",
    path: "publishes[0].pubsub",
    mentions: ["components/statestore.ts", "not pubsub"],
  },
  {
    name: "subscription to a topic nobody publishes",
    change: (p) => p.edit("apps/fulfillment-api.ts", 'topic: "orders.created"', 'topic: "orders.cancelled"'),
    file: "apps/fulfillment-api.ts",
    path: "subscribes[0].topic",
    mentions: ['"orders.cancelled"'],
  },
  {
    name: "app in a namespace Kubernetes owns",
    change: (p) => p.edit("apps/payment-api.ts", 'namespace: "orders"', 'namespace: "default"'),
    file: "apps/payment-api.ts",
    path: "namespace",
    mentions: ['namespace "default" belongs to Kubernetes in environment "dev" (environments/dev.ts)'],
  },
  {
    name: "app in a kube-* namespace",
    change: (p) => p.edit("apps/payment-api.ts", 'namespace: "orders"', 'namespace: "kube-payments"'),
    file: "apps/payment-api.ts",
    path: "namespace",
    mentions: ["starting with kube- are reserved for Kubernetes"],
  },
  {
    name: "app in the OpenTelemetry Operator's namespace",
    change: (p) => p.edit("apps/payment-api.ts", 'namespace: "orders"', 'namespace: "opentelemetry-operator-system"'),
    file: "apps/payment-api.ts",
    path: "namespace",
    mentions: ['belongs to the opentelemetry-operator chart in environment "dev"'],
  },
  {
    name: "app in dev's in-cluster Redis namespace",
    change: (p) => p.edit("apps/payment-api.ts", 'namespace: "orders"', 'namespace: "backends"'),
    file: "apps/payment-api.ts",
    path: "namespace",
    mentions: ['namespace "backends" belongs to the in-cluster Redis of environment "dev"'],
  },
  {
    name: "declaration with a syntax error",
    change: (p) => p.write("apps/broken.ts", "export default {{\n  id: 1 };\n"),
    binary: true,
    file: "apps/broken.ts:1:17",
    path: "(file)",
    mentions: ['cannot be compiled: Expected identifier but found "{"'],
  },
  {
    name: "declaration whose default export throws when read",
    change: (p) =>
      p.write(
        "apps/throwing.ts",
        'const unused = 1;\nexport default { get id(): string { throw new Error("no id today"); } };\n',
      ),
    file: "apps/throwing.ts:2:43",
    path: "(file)",
    mentions: ["evaluating the default export failed: no id today"],
  },
  {
    name: "declaration that throws while loading",
    change: (p) => p.write("apps/failing.ts", 'const unused = 1;\nthrow new Error("cannot start");\n'),
    file: "apps/failing.ts:2:7",
    path: "(file)",
    mentions: ["cannot be loaded: cannot start"],
  },
  {
    name: "port out of range",
    change: (p) => p.edit("apps/payment-api.ts", "port: 8080", "port: 80800"),
    file: "apps/payment-api.ts",
    path: "port",
  },
  {
    name: "port taken by the Dapr sidecar",
    change: (p) => p.edit("apps/payment-api.ts", "port: 8080", "port: 3500"),
    file: "apps/payment-api.ts",
    path: "port",
    mentions: ["Dapr sidecar"],
  },
  {
    name: "image without tag",
    change: (p) => p.edit("apps/payment-api.ts", "payment-api:2.0.1", "payment-api"),
    file: "apps/payment-api.ts",
    path: "image",
    mentions: ["tag"],
  },
  {
    name: "image tagged latest",
    change: (p) => p.edit("apps/payment-api.ts", "payment-api:2.0.1", "payment-api:latest"),
    file: "apps/payment-api.ts",
    path: "image",
    mentions: ["latest"],
  },
  {
    name: "replicas below 1",
    change: (p) => p.edit("apps/payment-api.ts", "prod: 3", "prod: 0"),
    file: "apps/payment-api.ts",
    path: "replicas.prod",
  },
  {
    name: "unknown environment",
    change: (p) => p.edit("apps/payment-api.ts", "prod: 3", "production: 3"),
    file: "apps/payment-api.ts",
    path: "replicas.production",
    mentions: ['"production"', "dev, prod, staging"],
  },
  {
    name: "environment without a backend",
    change: async (p) => {
      await p.write("environments/qa.ts", QA_ENVIRONMENT);
      await p.edit("components/schedule.ts", "default:", "prod:");
    },
    file: "components/schedule.ts",
    path: "backends",
    mentions: ['no value for environment "qa"'],
  },
  {
    name: "environment without a setting a backend uses",
    change: (p) => p.write("environments/qa.ts", QA_ENVIRONMENT.replace("kafkaBrokers", "brokers")),
    file: "components/orderpubsub.ts",
    path: "backends.default.metadata.brokers",
    mentions: ["environments/qa.ts", '"kafkaBrokers"'],
  },
  {
    name: "staging.ts copied to qa.ts with only its name changed",
    change: async (p) => {
      const staging = await readFile(join(p.root, "environments/staging.ts"), "utf8");
      await p.write("environments/qa.ts", staging.replace('name: "staging"', 'name: "qa"'));
    },
    file: "environments/qa.ts",
    path: "dapr.trustDomain",
    mentions: ["the same SPIFFE trust domain as environments/staging.ts", 'e.g. "qa.trellis"'],
  },
  {
    name: "a copied environment that keeps another's Vault key prefix",
    change: async (p) => {
      const staging = await readFile(join(p.root, "environments/staging.ts"), "utf8");
      await p.write(
        "environments/qa.ts",
        staging
          .replace('name: "staging"', 'name: "qa"')
          .replace('trustDomain: "staging.trellis"', 'trustDomain: "qa.trellis"')
          .replace('authMountPath: "kubernetes-staging"', 'authMountPath: "kubernetes-qa"'),
      );
    },
    file: "environments/qa.ts",
    path: "secrets.remoteKeyPrefix",
    mentions: ["the same Vault key prefix as environments/staging.ts", 'e.g. "trellis/qa/"'],
  },
  {
    name: "credential in an environment setting",
    change: (p) =>
      p.edit("environments/prod.ts", "settings: {", 'settings: { databaseUrl: "postgres://app:hunter2@db/orders",'),
    file: "environments/prod.ts",
    path: "settings.databaseUrl",
    mentions: ["credential"],
  },
  {
    name: "resiliency timeout without a unit",
    change: (p) => p.edit("resiliency/payment.ts", 'timeout: "3s"', 'timeout: "3"'),
    file: "resiliency/payment.ts",
    path: "timeout",
    mentions: ["Go durations"],
  },
  {
    name: "circuit breaker trip on an unknown counter",
    change: (p) => p.edit("resiliency/payment.ts", 'trip: "consecutiveFailures > 5"', 'trip: "failures > 5"'),
    file: "resiliency/payment.ts",
    path: "circuitBreaker.trip",
    mentions: ["consecutiveFailures"],
  },
  {
    name: "circuit breaker trip that is not a condition",
    change: (p) =>
      p.edit("resiliency/payment.ts", 'trip: "consecutiveFailures > 5"', 'trip: "consecutiveFailures + 5"'),
    file: "resiliency/payment.ts",
    path: "circuitBreaker.trip",
    mentions: ["bool"],
  },
  {
    name: "retry matching a status code out of range",
    change: (p) =>
      p.edit("resiliency/service-call.ts", 'httpStatusCodes: "429,502-504"', 'httpStatusCodes: "429,502-604"'),
    file: "resiliency/service-call.ts",
    path: "retry.matching.httpStatusCodes",
    mentions: ['"502-604"'],
  },
  {
    name: "app naming an unknown resiliency policy",
    change: (p) => p.edit("apps/payment-api.ts", 'resiliency: "payment"', 'resiliency: "payments"'),
    file: "apps/payment-api.ts",
    path: "resiliency",
    mentions: ['"payments"', "resiliency/"],
  },
  {
    name: "environment default naming an unknown resiliency policy",
    change: (p) => p.edit("environments/prod.ts", 'components: "component-call"', 'components: "component-calls"'),
    file: "environments/prod.ts",
    path: "dapr.resiliency.components",
    mentions: ['"component-calls"'],
  },
  {
    name: "environment's delivery policy naming an unknown resiliency policy",
    change: (p) => p.edit("environments/dev.ts", 'deliveries: "event-delivery"', 'deliveries: "event-deliveries"'),
    file: "environments/dev.ts",
    path: "dapr.resiliency.deliveries",
    mentions: ['"event-deliveries"'],
  },
  {
    name: "in-cluster Redis in an environment that runs none",
    change: (p) =>
      p.edit(
        "components/lockstore.ts",
        'dev: devRedis("lock.redis"),',
        'dev: devRedis("lock.redis"),\n    prod: devRedis("lock.redis"),',
      ),
    file: "components/lockstore.ts",
    path: "backends.prod.inCluster",
    mentions: ['environment "prod" (environments/prod.ts) runs no in-cluster Redis'],
  },
  {
    name: "tail sampling behind head sampling",
    change: (p) => p.edit("environments/prod.ts", "samplingRate: 1,", "samplingRate: 0.2,"),
    file: "environments/prod.ts",
    path: "tracing.samplingRate",
    mentions: ["set samplingRate: 1"],
  },
  {
    name: "zero sampling rate",
    change: (p) => p.edit("environments/staging.ts", "samplingRate: 0.5", "samplingRate: 0"),
    file: "environments/staging.ts",
    path: "tracing.samplingRate",
    mentions: ["records no traces"],
  },
  {
    name: "second actor state store in a namespace",
    change: async (p) => {
      await p.write(
        "components/workflowstore.ts",
        `export default ${JSON.stringify({ name: "workflowstore", description: "second", kind: "state", actorStateStore: true, backends: { default: { type: "state.redis", version: "v1", metadata: { redisHost: "redis:6379" } } } })};\n`,
      );
      await p.edit("apps/payment-api.ts", 'uses: ["secretstore"]', 'uses: ["secretstore", "workflowstore"]');
    },
    file: "components/workflowstore.ts",
    path: "actorStateStore",
    mentions: ['namespace "orders"', "statestore, workflowstore"],
  },
  {
    name: "two actor state stores for one app",
    change: async (p) => {
      await p.write(
        "components/workflowstore.ts",
        `export default ${JSON.stringify({ name: "workflowstore", description: "second", kind: "state", actorStateStore: true, backends: { default: { type: "state.redis", version: "v1", metadata: { redisHost: "redis:6379" } } } })};\n`,
      );
      await p.edit("apps/order-api.ts", 'uses: ["statestore"]', 'uses: ["statestore", "workflowstore"]');
    },
    file: "apps/order-api.ts",
    path: "uses",
    mentions: ["statestore, workflowstore"],
  },
  {
    name: "secret value given inline",
    change: (p) =>
      p.edit(
        "components/statestore.ts",
        'dev: devRedis("state.redis"),',
        'dev: { type: "state.redis", version: "v1", metadata: { redisHost: "redis:6379", redisPassword: "s3cr3t" } },',
      ),
    file: "components/statestore.ts",
    path: "backends.dev.metadata.redisPassword",
    mentions: ["secrets: { redisPassword"],
  },
  {
    name: "credential in a metadata value",
    change: (p) =>
      p.edit(
        "components/statestore.ts",
        'tablePrefix: "orders_"',
        'tablePrefix: "orders_", host: "postgres://app:hunter2@db:5432/orders"',
      ),
    file: "components/statestore.ts",
    path: "backends.default.metadata.host",
    mentions: ["secrets"],
  },
  {
    name: "credential-named metadata field",
    change: (p) =>
      p.edit("components/statestore.ts", 'tablePrefix: "orders_"', 'tablePrefix: "orders_", password: "hunter2"'),
    file: "components/statestore.ts",
    path: "backends.default.metadata.password",
    mentions: ["secrets"],
  },
  {
    name: "invalid Dapr component type for its kind",
    change: (p) => p.edit("components/statestore.ts", 'devRedis("state.redis")', 'devRedis("pubsub.redis")'),
    file: "components/statestore.ts",
    path: "backends.dev.type",
    mentions: ['"state."'],
  },
  {
    name: "malformed Dapr component type",
    change: (p) => p.edit("components/statestore.ts", 'type: "state.postgresql"', 'type: "postgresql"'),
    file: "components/statestore.ts",
    path: "backends.default.type",
    mentions: ['"<kind>.<name>"'],
  },
  {
    name: "actors without an actor state store",
    change: (p) => p.edit("components/statestore.ts", "actorStateStore: true,", ""),
    file: "apps/order-api.ts",
    path: "actors",
  },
  {
    name: "misspelt field",
    change: (p) => p.edit("apps/payment-api.ts", "replicas:", "replica:"),
    file: "apps/payment-api.ts",
    path: "replica",
    mentions: ["unknown field"],
  },
  {
    name: "TypeScript that does not compile",
    change: (p) => p.edit("apps/payment-api.ts", "export default {", "export default {{"),
    binary: true,
    file: "apps/payment-api.ts:3:17",
    path: "(file)",
    mentions: ['cannot be compiled: Expected identifier but found "{"; fix the TypeScript in this file'],
  },
];

describe("bad declarations", () => {
  it.each(cases)("$name: exit 1, names $file and $path, deploy/ untouched", async (badCase) => {
    const project = await copyProject();
    const before = await readTree(project.deploy);
    await badCase.change(project);

    const run = badCase.binary
      ? await runBinary(["synth", "--root", project.root])
      : await runCli(["synth", "--root", project.root]);

    expect(run.code).toBe(1);
    const line = run.stderr.split("\n").find((candidate) => candidate.startsWith(`${badCase.file}: ${badCase.path}: `));
    expect(line, `no line for ${badCase.file}: ${badCase.path} in:\n${run.stderr}`).toBeDefined();
    for (const fragment of badCase.mentions ?? []) expect(line).toContain(fragment);
    expect(run.stderr).toContain("nothing was written");
    expect(await readTree(project.deploy)).toEqual(before);
  });

  it("reports every problem of a phase at once, one line each", async () => {
    const project = await copyProject();
    await project.edit("apps/payment-api.ts", "port: 8080", "port: 0");
    await project.edit("apps/order-api.ts", "order-api:1.4.2", "order-api");
    const schemaRun = await runCli(["synth", "--root", project.root]);
    expect(schemaRun.code).toBe(1);
    expect(schemaRun.stderr).toMatch(/^apps\/order-api\.ts: image: /m);
    expect(schemaRun.stderr).toMatch(/^apps\/payment-api\.ts: port: /m);
    expect(schemaRun.stderr).toContain("2 problems");

    const references = await copyProject();
    await references.edit("apps/order-api.ts", 'method: "charge"', 'method: "refund"');
    await references.edit("apps/fulfillment-api.ts", 'uses: ["shipments"]', 'uses: ["parcels"]');
    const referenceRun = await runCli(["synth", "--root", references.root]);
    expect(referenceRun.stderr).toMatch(/^apps\/order-api\.ts: invokes\[0\]\.method: /m);
    expect(referenceRun.stderr).toMatch(/^apps\/fulfillment-api\.ts: uses\[0\]: /m);
  });

  it("an undeclared environment asked for by --env is an error that writes nothing", async () => {
    const project = await copyProject();
    const before = await readTree(project.deploy);
    const run = await runCli(["synth", "--root", project.root, "--env", "qa"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('environment "qa" is not declared');
    expect(await readTree(project.deploy)).toEqual(before);
  });
});
