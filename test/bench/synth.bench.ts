// `npm run bench`: how long synth takes and how much memory it uses, on the reference platform and on a
// generated large one. Goals are printed beside the measurements, never asserted in the test suite.
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDeclarations } from "../../lib/declarations/load.ts";
import { resolvePlatform } from "../../lib/model/resolve.ts";
import { renderEnvironment } from "../../lib/render/render-environment.ts";
import { synth } from "../../lib/synth.ts";
import { parse } from "yaml";
import type { LoadedObject } from "../../lib/manifests/load.ts";
import { RULES } from "../../policies/rules.ts";
import { runChecks } from "../../policies/run.ts";
import { PROJECT_ROOT } from "../support/project.ts";


interface Measurement {
  readonly scenario: string;
  readonly phase: string;
  readonly milliseconds: number;
  readonly goalMilliseconds?: number;
}

async function time<T>(action: () => Promise<T> | T): Promise<{ value: T; milliseconds: number }> {
  const started = performance.now();
  const value = await action();
  return { value, milliseconds: performance.now() - started };
}

async function measure(scenario: string, root: string, goalMilliseconds: number): Promise<Measurement[]> {
  const load = await time(() => loadDeclarations(root));
  const model = await time(() => resolvePlatform(load.value));
  const render = await time(() => model.value.environments.map(renderEnvironment));
  const out = await mkdtemp(join(tmpdir(), "trellis-bench-out-"));
  const full = await time(() => synth(root, out)); // modules are cached now: this is the warm end-to-end cost
  const files = render.value.reduce((sum, files) => sum + files.length, 0);
  // The policy checker over every rendered object of all environments at once, with the prod profile.
  const objects: LoadedObject[] = render.value.flatMap((environmentFiles, index) =>
    environmentFiles.filter((file) => !file.path.endsWith("kustomization.yaml")).map((file) => ({ file: `deploy/${index}/${file.path}`, line: 2, object: parse(file.content) })),
  );
  const check = await time(() => runChecks({ objects, files: objects.length }, "prod"));
  await rm(out, { recursive: true, force: true });
  const cold = load.milliseconds + model.milliseconds + render.milliseconds;
  return [
    { scenario, phase: "load declarations (cold: imports TypeScript)", milliseconds: load.milliseconds },
    { scenario, phase: "resolve model", milliseconds: model.milliseconds },
    { scenario, phase: `render ${files} files`, milliseconds: render.milliseconds },
    { scenario, phase: "cold load + resolve + render", milliseconds: cold, goalMilliseconds },
    { scenario, phase: "warm synth incl. atomic write", milliseconds: full.milliseconds },
    { scenario, phase: `check ${objects.length} objects (${RULES.length} rules)`, milliseconds: check.milliseconds, goalMilliseconds: Math.max(1_000, objects.length) },
  ];
}

/** A platform of `apps` apps in 10 namespaces, each using a state store, invoking its predecessor and subscribing to its topic. */
async function generatePlatform(apps: number): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "trellis-bench-"));
  await cp(join(PROJECT_ROOT, "environments"), join(root, "environments"), { recursive: true });
  await cp(join(PROJECT_ROOT, "resiliency"), join(root, "resiliency"), { recursive: true });
  await mkdir(join(root, "apps"));
  await mkdir(join(root, "components"));
  const stores = Math.max(1, Math.floor(apps / 10));
  for (let s = 0; s < stores; s += 1) {
    await writeFile(
      join(root, "components", `store-${s}.ts`),
      `export default ${JSON.stringify({ name: `store-${s}`, description: "bench", kind: "state", backends: { default: { type: "state.redis", version: "v1", metadata: { redisHost: "redis:6379" }, secrets: { redisPassword: { name: "redis", key: "password" } } } } })};\n`,
    );
  }
  await writeFile(
    join(root, "components", "events.ts"),
    `export default ${JSON.stringify({ name: "events", description: "bench", kind: "pubsub", backends: { default: { type: "pubsub.redis", version: "v1", metadata: { redisHost: "redis:6379" } } } })};\n`,
  );
  for (let a = 0; a < apps; a += 1) {
    const app = {
      id: `app-${a}`,
      description: "bench",
      namespace: `team-${a % 10}`,
      language: "nodejs",
      image: `ghcr.io/bench/app-${a}:1.0.${a}@sha256:${"0".repeat(64)}`,
      port: 8080,
      protocol: "http",
      replicas: { default: 1, prod: 3 },
      resources: { cpu: { request: "100m", limit: "500m" }, memory: { request: "128Mi", limit: "256Mi" } },
      health: { kind: "http", path: "/healthz" },
      methods: [{ name: "work", verbs: ["POST"] }],
      uses: [`store-${a % stores}`],
      invokes: a > 0 ? [{ app: `app-${a - 1}`, method: "work", verbs: ["POST"] }] : [],
      publishes: [{ pubsub: "events", topic: `topic-${a}` }],
      subscribes: a > 0 ? [{ pubsub: "events", topic: `topic-${a - 1}`, route: "/events", deadLetterTopic: "dead" }] : [],
    };
    await writeFile(join(root, "apps", `app-${a}.ts`), `export default ${JSON.stringify(app)};\n`);
  }
  return root;
}

const results: Measurement[] = [];
results.push(...(await measure("reference (4 apps x 3 environments)", PROJECT_ROOT, 2_000)));
const large = await generatePlatform(500);
results.push(...(await measure("generated (500 apps x 3 environments)", large, 15_000)));
await rm(large, { recursive: true, force: true });

const peakResidentKiB = process.resourceUsage().maxRSS;
console.log("Trellis synth benchmark (node " + process.version + ")\n");
for (const r of results) {
  const goal = r.goalMilliseconds === undefined ? "" : `  goal < ${r.goalMilliseconds} ms: ${r.milliseconds < r.goalMilliseconds ? "met" : "MISSED"}`;
  console.log(`${r.scenario.padEnd(40)} ${r.phase.padEnd(46)} ${r.milliseconds.toFixed(0).padStart(7)} ms${goal}`);
}
console.log(`\npeak resident memory of the whole run: ${(peakResidentKiB / 1024).toFixed(0)} MiB (goal < 1024 MiB)`);
