// A platform of N apps with the proportions of a real one, for the bench, the scaling tests and the diff timing:
// teams of about 25 apps per namespace, five languages, HTTP and gRPC apps, a state store per namespace (its
// actor store), a pub/sub per four namespaces, an output binding per namespace, the shared secret store,
// two invocation edges per app (one inside its team, one across teams), a topic per third app with two
// subscribers, and the reference environments and resiliency policies. Deterministic: the same N gives the
// same files.
import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../support/project.ts";

export const APPS_PER_NAMESPACE = 25;
const LANGUAGES = ["nodejs", "java", "python", "nodejs", "dotnet", "java", "python", "nodejs", "dotnet", "go"] as const;

export interface GeneratedPlatform {
  readonly root: string;
  readonly apps: number;
  readonly namespaces: number;
  readonly components: number;
}

export const appId = (index: number) => `app-${String(index).padStart(4, "0")}`;
const namespaceOf = (index: number) => `team-${String(Math.floor(index / APPS_PER_NAMESPACE)).padStart(3, "0")}`;
const pubsubOf = (namespace: number) => `events-${String(Math.floor(namespace / 4)).padStart(3, "0")}`;

/** The declaration of app `index` of `apps`, as a plain object (the file default-exports it). */
export function generatedApp(index: number, apps: number): Record<string, unknown> {
  const language = LANGUAGES[index % LANGUAGES.length] ?? "nodejs";
  const grpc = language === "go" || index % 5 === 3;
  const team = Math.floor(index / APPS_PER_NAMESPACE);
  const invokes = [index - 1, index - APPS_PER_NAMESPACE - 3]
    .filter((callee) => callee >= 0 && callee < apps)
    .map((callee, position) => ({
      app: appId(callee),
      method: position === 0 ? "work" : "status",
      verbs: position === 0 ? ["POST"] : ["GET"],
    }));
  const publisher = (candidate: number) => candidate >= 0 && candidate % 3 === 0;
  const subscribes = [index - 1, index - 2].filter(publisher).map((source) => ({
    pubsub: pubsubOf(Math.floor(source / APPS_PER_NAMESPACE)),
    topic: `${appId(source)}.changed`,
    route: "/events",
    deadLetterTopic: `${appId(source)}.changed.deadletter`,
  }));
  const readsSecrets = index % 10 === 7;
  return {
    id: appId(index),
    description: `Generated app ${index} of team ${team}`,
    namespace: namespaceOf(index),
    language,
    image: `ghcr.io/bench/${appId(index)}:1.${index % 7}.${index}@sha256:${(index % 16).toString(16).repeat(64)}`,
    port: grpc ? 50051 : 8080,
    protocol: grpc ? "grpc" : "http",
    replicas: { default: 1, staging: 2, prod: index % 4 === 0 ? 3 : 2 },
    resources: { cpu: { request: "100m", limit: "500m" }, memory: { request: "128Mi", limit: "256Mi" } },
    health: grpc ? { kind: "grpc" } : { kind: "http", path: "/healthz" },
    ...(language === "go" ? { executable: `/app/${appId(index)}` } : {}),
    methods: [
      // Takes an idempotency key, as a retried POST must (synth refuses a retry policy on one that does not).
      { name: "work", verbs: ["POST"], idempotent: true },
      { name: "status", verbs: ["GET"] },
    ],
    uses: [
      `state-${namespaceOf(index)}`,
      ...(index % 5 === 0 ? [`outbox-${namespaceOf(index)}`] : []),
      ...(readsSecrets ? ["secretstore"] : []),
    ],
    invokes,
    publishes: publisher(index) ? [{ pubsub: pubsubOf(team), topic: `${appId(index)}.changed` }] : [],
    subscribes,
    ...(index % 10 === 4 ? { resiliency: "payment" } : {}),
    ...(index % 20 === 9 ? { exposedTo: ["ingress-nginx"] } : {}),
    ...(readsSecrets
      ? { secrets: [{ store: "secretstore", name: `${appId(index)}-provider`, keys: ["apiKey"] }] }
      : {}),
    actors: index % 8 === 2,
  };
}

function generatedComponents(namespaces: number): Record<string, unknown>[] {
  const components: Record<string, unknown>[] = [
    {
      name: "secretstore",
      description: "Kubernetes Secrets of the app's namespace",
      kind: "secretstore",
      backends: { default: { type: "secretstores.kubernetes", version: "v1" } },
    },
  ];
  for (let team = 0; team < namespaces; team += 1) {
    const namespace = namespaceOf(team * APPS_PER_NAMESPACE);
    components.push({
      name: `state-${namespace}`,
      description: `State and actors of ${namespace}`,
      kind: "state",
      actorStateStore: true,
      backends: {
        dev: { type: "state.redis", version: "v1", inCluster: "redis" },
        default: {
          type: "state.postgresql",
          version: "v2",
          metadata: { tablePrefix: `${namespace.replaceAll("-", "_")}_` },
          secrets: { connectionString: { name: `state-${namespace}-postgresql`, key: "connectionString" } },
        },
      },
    });
    components.push({
      name: `outbox-${namespace}`,
      description: `Outgoing webhooks of ${namespace}`,
      kind: "binding",
      direction: "output",
      backends: {
        default: { type: "bindings.http", version: "v1", metadata: { url: `https://hooks.example.com/${namespace}` } },
      },
    });
    if (team % 4 === 0) {
      components.push({
        name: pubsubOf(team),
        description: `Events of teams ${team} to ${team + 3}`,
        kind: "pubsub",
        backends: {
          dev: { type: "pubsub.redis", version: "v1", inCluster: "redis" },
          default: {
            type: "pubsub.kafka",
            version: "v1",
            metadata: {
              brokers: { setting: "kafkaBrokers" },
              authType: "password",
              saslMechanism: "SHA-512",
              initialOffset: "oldest",
            },
            secrets: {
              saslUsername: { name: `${pubsubOf(team)}-kafka`, key: "username" },
              saslPassword: { name: `${pubsubOf(team)}-kafka`, key: "password" },
            },
          },
        },
      });
    }
  }
  return components;
}

/** Writes the declarations of an `apps`-app platform into `root` (created when missing). */
export async function writeGeneratedPlatform(root: string, apps: number): Promise<GeneratedPlatform> {
  for (const folder of ["environments", "resiliency"])
    await cp(join(PROJECT_ROOT, folder), join(root, folder), { recursive: true });
  await mkdir(join(root, "apps"), { recursive: true });
  await mkdir(join(root, "components"), { recursive: true });
  const namespaces = Math.ceil(apps / APPS_PER_NAMESPACE);
  const components = generatedComponents(namespaces);
  // Only components some app uses are declared: an unused one is an error.
  const used = new Set<string>();
  const declarations: [string, Record<string, unknown>][] = [];
  for (let index = 0; index < apps; index += 1) {
    const app = generatedApp(index, apps);
    for (const name of app.uses as string[]) used.add(name);
    for (const topic of [...(app.publishes as { pubsub: string }[]), ...(app.subscribes as { pubsub: string }[])])
      used.add(topic.pubsub);
    declarations.push([`apps/${app.id as string}.ts`, app]);
  }
  const declared = components.filter((component) => used.has(component.name as string));
  for (const component of declared) declarations.push([`components/${component.name as string}.ts`, component]);
  for (const [file, value] of declarations)
    await writeFile(join(root, file), `export default ${JSON.stringify(value, null, 2)};\n`);
  return { root, apps, namespaces, components: declared.length };
}

export async function generatePlatform(apps: number): Promise<GeneratedPlatform> {
  return writeGeneratedPlatform(await mkdtemp(join(tmpdir(), `trellis-bench-${apps}-`)), apps);
}
