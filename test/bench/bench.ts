// `npm run bench`: synth, its floor, check, kubeconform and a Helm peer on generated platforms of 10 to 2,000
// apps, all measured in this one run (each figure the median of --runs runs, each in a process of its own).
// Prints a table and the goals, and writes bench/results.json. Goals are measured here, never asserted in tests.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { loadConfig } from "../../lib/config.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { loadPlatform } from "../../lib/synth.ts";
import { withSchemaLocations } from "../../lib/tools/crd-schemas.ts";
import { ensureGoTool, run } from "../../lib/tools/go-tool.ts";
import { ensureHelm } from "../../lib/tools/helm.ts";
import { KUBECONFORM, runKubeconform } from "../../lib/tools/kubeconform.ts";
import { PROJECT_ROOT } from "../support/project.ts";
import { appId, generatePlatform, writeGeneratedPlatform } from "./generated-platform.ts";
import type { Measured } from "./measure.ts";

const { values: options } = parseArgs({
  options: {
    sizes: { type: "string", default: "10,100,1000,2000" },
    runs: { type: "string", default: "3" },
    out: { type: "string", default: join(PROJECT_ROOT, "bench", "results.json") },
  },
});
const SIZES = options.sizes.split(",").map(Number);
const RUNS = Number(options.runs);
const MEASURE = join(PROJECT_ROOT, "test", "bench", "measure.ts");
const HELM_PEER = join(PROJECT_ROOT, "test", "bench", "helm-peer");

interface Run {
  apps: number;
  files: number;
  objects: number;
  synth_ms: number;
  load_ms: number;
  resolve_ms: number;
  render_ms: number;
  write_ms: number;
  synth_cli_ms: number;
  floor_ms: number;
  floor_jsyaml_ms: number;
  check_ms: number;
  kubeconform_ms: number;
  helm_ms: number;
  helm_objects: number;
  incremental_ms: number;
  incremental_written: number;
  incremental_kept: number;
  peak_rss_mib: number;
  check_exit: number;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** A measurement in its own process; `wall` includes Node's start and module loading. */
async function measure(
  task: string,
  input: object,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Measured & { wall: number }> {
  const started = performance.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", MEASURE, task, JSON.stringify(input)],
    { cwd: PROJECT_ROOT, env, maxBuffer: 256 * 1024 * 1024 },
  );
  const wall = performance.now() - started;
  return { ...(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Measured), wall };
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

async function repeat<T>(times: number, action: () => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let index = 0; index < times; index += 1) results.push(await action());
  return results;
}

/** The Helm peer's values for one environment: the same apps and components, from Trellis's model. */
function helmValues(environment: EnvironmentModel) {
  return {
    apps: environment.apps,
    components: environment.components,
    tracing: {
      samplingRate: String(environment.tracing.samplingRate),
      endpoint: `${environment.tracing.gateway.host}:${environment.tracing.gateway.otlpGrpcPort}`,
    },
    grpcProbePort: 50051,
  };
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const kubeconform = await ensureGoTool(KUBECONFORM, log);
const helm = await ensureHelm(log);
const config = await loadConfig(PROJECT_ROOT);
const results: Run[] = [];

await withSchemaLocations(PROJECT_ROOT, config.validation, async (schemaLocations) => {
  for (const apps of SIZES) {
    log(`bench: ${apps} apps`);
    const platform = await generatePlatform(apps);
    const scratch = await mkdtemp(join(tmpdir(), "trellis-bench-out-"));
    try {
      const synthRuns = await repeat(RUNS, async () => {
        const out = await mkdtemp(join(scratch, "synth-"));
        const measured = await measure("synth", { root: platform.root, out });
        await rm(out, { recursive: true, force: true });
        return measured;
      });
      const floorRuns = await repeat(RUNS, async () => {
        const out = await mkdtemp(join(scratch, "floor-"));
        const measured = await measure("floor", { root: platform.root, out });
        await rm(out, { recursive: true, force: true });
        return measured;
      });
      // The tree the checkers read: the platform's own deploy/, so that Applications own their files.
      const deploy = join(platform.root, "deploy");
      await measure("synth", { root: platform.root, out: deploy });
      const checkRuns = await repeat(RUNS, () => measure("cli", { args: ["check", "--root", platform.root] }));
      const kubeconformRuns = await repeat(RUNS, () =>
        timed(async () => {
          const result = await runKubeconform(kubeconform, [deploy], {
            kubernetesVersion: config.validation.kubernetesVersion,
            schemaLocations,
          });
          if (result.summary.invalid + result.summary.errors > 0)
            throw new Error(
              `kubeconform found problems in the generated platform: ${JSON.stringify(result.problems.slice(0, 3))}`,
            );
        }),
      );
      const model = await loadPlatform(platform.root);
      const valuesFiles = await Promise.all(
        model.environments.map(async (environment) => {
          const file = join(scratch, `values-${environment.name}.json`);
          await writeFile(file, JSON.stringify(helmValues(environment)));
          return file;
        }),
      );
      let helmObjects = 0;
      const helmRuns = await repeat(RUNS, async () => {
        const out = await mkdtemp(join(scratch, "helm-"));
        const milliseconds = await timed(async () => {
          for (const [index, values] of valuesFiles.entries())
            await run(
              helm,
              ["template", "peer", HELM_PEER, "--values", values, "--output-dir", join(out, String(index))],
              { maxBuffer: 64 * 1024 * 1024 },
            );
        });
        helmObjects = 0;
        for (const index of valuesFiles.keys()) {
          for (const template of ["deployment", "service", "component", "configuration", "resiliency"]) {
            const text = await readFile(
              join(out, String(index), "platform-peer", "templates", `${template}.yaml`),
              "utf8",
            ).catch(() => "");
            helmObjects += (text.match(/^kind: /gm) ?? []).length;
          }
        }
        await rm(out, { recursive: true, force: true });
        return milliseconds;
      });
      // One app changed: its image tag. Only the files whose bytes change are written.
      const changed = join(platform.root, "apps", `${appId(apps - 1)}.ts`);
      await writeFile(changed, (await readFile(changed, "utf8")).replace(/:1\.(\d+)\.(\d+)@/, ":1.$1.$2-patched@"));
      const incremental = await measure("synth", { root: platform.root, out: deploy });
      const first = synthRuns[0];
      const phase = (name: string) => median(synthRuns.map((measured) => measured.ms[name] ?? 0));
      results.push({
        apps,
        files: first?.counts.files ?? 0,
        objects: first?.counts.objects ?? 0,
        synth_ms: phase("synth"),
        load_ms: phase("load"),
        resolve_ms: phase("resolve"),
        render_ms: phase("render"),
        write_ms: phase("write"),
        synth_cli_ms: median(synthRuns.map((measured) => measured.wall)),
        floor_ms: median(floorRuns.map((measured) => measured.ms.floor ?? 0)),
        floor_jsyaml_ms: median(floorRuns.map((measured) => measured.ms.floor_jsyaml ?? 0)),
        check_ms: median(checkRuns.map((measured) => measured.wall)),
        kubeconform_ms: median(kubeconformRuns),
        helm_ms: median(helmRuns),
        helm_objects: helmObjects,
        incremental_ms: incremental.ms.synth ?? 0,
        incremental_written: incremental.counts.written ?? 0,
        incremental_kept: incremental.counts.kept ?? 0,
        peak_rss_mib: Math.max(
          ...synthRuns.map((measured) => measured.peakRssMiB),
          ...checkRuns.map((measured) => measured.peakRssMiB),
        ),
        check_exit: Math.max(...checkRuns.map((measured) => measured.counts.exit ?? 0)),
      });
    } finally {
      await rm(scratch, { recursive: true, force: true });
      await rm(platform.root, { recursive: true, force: true });
    }
  }
});

// trellis diff between two commits of a 500-app platform: one app changed in one environment (its prod
// replicas), and one app changed in every environment (its image). The repository holds the whole project
// with the generated declarations, so both sides render with this engine, as in a pull request.
const DIFF_APPS = 500;
const diffTimes: Record<string, number> = {};
{
  const repository = await mkdtemp(join(tmpdir(), "trellis-bench-diff-"));
  try {
    const { stdout: tracked } = await promisify(execFile)("git", ["ls-files"], {
      cwd: PROJECT_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    const declarationFile = /^(apps|components|environments|resiliency)\/[^/]+\.ts$/;
    for (const file of tracked
      .split("\n")
      .filter((path) => path && !/^(deploy|docs|test)\//.test(path) && !declarationFile.test(path))) {
      await mkdir(join(repository, file, ".."), { recursive: true });
      await writeFile(join(repository, file), await readFile(join(PROJECT_ROOT, file)));
    }
    await writeGeneratedPlatform(repository, DIFF_APPS);
    const git = (...args: string[]) =>
      promisify(execFile)("git", ["-c", "user.name=bench", "-c", "user.email=bench@trellis.invalid", ...args], {
        cwd: repository,
      });
    await git("init", "--quiet");
    await git("add", "--all");
    await git("commit", "--quiet", "-m", "base");
    const app = join(repository, "apps", `${appId(100)}.ts`);
    for (const [name, change] of [
      ["one app, one environment", (text: string) => text.replace(/"prod": \d+/, '"prod": 7')],
      ["one app, every environment", (text: string) => text.replace(/:1\.(\d+)\.(\d+)@/, ":2.$1.$2@")],
    ] as const) {
      await writeFile(app, change(await readFile(app, "utf8")));
      await git("commit", "--quiet", "--all", "-m", name);
      diffTimes[name] = median(
        await repeat(RUNS, () =>
          timed(() =>
            measure("cli", {
              args: ["diff", "--root", repository, "--base", "HEAD~1", "--head", "HEAD", "--format", "json"],
            }),
          ),
        ),
      );
    }
  } finally {
    await rm(repository, { recursive: true, force: true });
  }
}

// Start-up of the CLI: the same check with the OTEL_* environment unset, and with tracing asked for.
const referenceCheck = [
  "check",
  join(PROJECT_ROOT, "deploy", "dev"),
  join(PROJECT_ROOT, "deploy", "argocd"),
  "--profile",
  "dev",
];
const unset = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("OTEL_")));
const startupUnset = median(
  (await repeat(Math.max(RUNS, 5), () => measure("cli", { args: referenceCheck }, unset))).map(
    (measured) => measured.wall,
  ),
);
const tracedEnv = {
  ...unset,
  OTEL_TRACES_EXPORTER: "console",
  OTEL_METRICS_EXPORTER: "none",
  OTEL_LOGS_EXPORTER: "none",
};
const startupTraced = median(
  (await repeat(Math.max(RUNS, 5), () => measure("cli", { args: referenceCheck }, tracedEnv))).map(
    (measured) => measured.wall,
  ),
);

const at = (apps: number) => results.find((result) => result.apps === apps);
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? null : Number((a / b).toFixed(2));
const ratios = {
  synth_over_floor_1000: ratio(at(1000)?.synth_ms, at(1000)?.floor_ms),
  synth_over_helm_1000: ratio(at(1000)?.synth_ms, at(1000)?.helm_ms),
  check_over_kubeconform_1000: ratio(at(1000)?.check_ms, at(1000)?.kubeconform_ms),
  synth_1000_over_100: ratio(at(1000)?.synth_ms, at(100)?.synth_ms),
  check_1000_over_100: ratio(at(1000)?.check_ms, at(100)?.check_ms),
  synth_over_floor_jsyaml_1000: ratio(at(1000)?.synth_ms, at(1000)?.floor_jsyaml_ms),
};
const largest = at(2000);
const goals = [
  {
    goal: "synth/floor <= 2 at 1,000 apps",
    value: ratios.synth_over_floor_1000,
    met: ratios.synth_over_floor_1000 !== null && ratios.synth_over_floor_1000 <= 2,
  },
  {
    goal: "check at least 3x faster than kubeconform at 1,000 apps",
    value: ratios.check_over_kubeconform_1000,
    met: ratios.check_over_kubeconform_1000 !== null && ratios.check_over_kubeconform_1000 <= 1 / 3,
  },
  {
    goal: "synth t(1000)/t(100) <= 11",
    value: ratios.synth_1000_over_100,
    met: ratios.synth_1000_over_100 !== null && ratios.synth_1000_over_100 <= 11,
  },
  {
    goal: "check t(1000)/t(100) <= 11",
    value: ratios.check_1000_over_100,
    met: ratios.check_1000_over_100 !== null && ratios.check_1000_over_100 <= 11,
  },
  {
    goal: "2,000 apps synth + check <= 10 s wall",
    value: largest ? Math.round(largest.synth_cli_ms + largest.check_ms) : null,
    met: largest !== undefined && largest.synth_cli_ms + largest.check_ms <= 10_000,
  },
  {
    goal: "2,000 apps peak RSS <= 1 GB",
    value: largest ? Math.round(largest.peak_rss_mib) : null,
    met: largest !== undefined && largest.peak_rss_mib <= 1024,
  },
  ...Object.entries(diffTimes).map(([name, milliseconds]) => ({
    goal: `trellis diff of ${DIFF_APPS} apps (${name}) < 5 s`,
    value: Math.round(milliseconds),
    met: milliseconds < 5_000,
  })),
];

const table = [
  "| apps | files | synth ms (load / resolve / render / write) | synth CLI ms | floor ms (yaml / js-yaml) | check ms | kubeconform ms | helm ms (objects) | one app changed: ms, written / kept | peak RSS MiB |",
  "|---:|---:|---|---:|---|---:|---:|---|---|---:|",
  ...results.map(
    (r) =>
      `| ${r.apps} | ${r.files} | ${r.synth_ms.toFixed(0)} (${r.load_ms.toFixed(0)} / ${r.resolve_ms.toFixed(0)} / ${r.render_ms.toFixed(0)} / ${r.write_ms.toFixed(0)}) | ${r.synth_cli_ms.toFixed(0)} | ${r.floor_ms.toFixed(0)} / ${r.floor_jsyaml_ms.toFixed(0)} | ${r.check_ms.toFixed(0)} | ${r.kubeconform_ms.toFixed(0)} | ${r.helm_ms.toFixed(0)} (${r.helm_objects}) | ${r.incremental_ms.toFixed(0)}, ${r.incremental_written} / ${r.incremental_kept} | ${r.peak_rss_mib.toFixed(0)} |`,
  ),
];
console.log(`Trellis bench (node ${process.version}, ${RUNS} runs per figure, medians)\n`);
console.log(table.join("\n"));
console.log(`\nratios: ${JSON.stringify(ratios)}`);
console.log(
  `CLI start-up (check of the reference dev environment): ${startupUnset.toFixed(0)} ms without OTEL_*, ${startupTraced.toFixed(0)} ms with tracing on`,
);
for (const goal of goals)
  console.log(`${goal.met ? "met   " : "MISSED"} ${goal.goal}: ${goal.value ?? "not measured"}`);
for (const result of results.filter((r) => r.check_exit !== 0))
  console.log(`WARNING: check of the ${result.apps}-app platform exited ${result.check_exit}`);

await mkdir(join(options.out, ".."), { recursive: true });
await writeFile(
  options.out,
  `${JSON.stringify({ node: process.version, runs_per_figure: RUNS, runs: results, ratios, goals, diff_500_ms: diffTimes, startup_ms: { otel_unset: startupUnset, tracing_on: startupTraced } }, null, 2)}\n`,
);
console.log(`\nwrote ${options.out}`);
