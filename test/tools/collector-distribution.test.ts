// The collector built for the tests stands for the k8s distribution image the operator runs: it may hold only
// modules that distribution ships, at the distribution's versions, and it must hold every component type the
// rendered configs use.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../support/project.ts";
import { readManifests } from "../support/manifests.ts";

const KINDS = ["receivers", "processors", "exporters"] as const;
const distribution = parse(
  await readFile(new URL("../fixtures/collector/otelcol-k8s-0.158.0.yaml", import.meta.url), "utf8"),
) as Record<(typeof KINDS)[number], { gomod: string }[]>;
const shipped = new Set(KINDS.flatMap((kind) => distribution[kind].map((entry) => entry.gomod)));
const goMod = await readFile(`${PROJECT_ROOT}/tools/collector/go.mod`, "utf8");
const required = [...goMod.matchAll(/^\t(\S+) (v\S+)$/gm)].map((match) => ({ module: match[1]!, version: match[2]! }));
const componentModules = required.filter((entry) =>
  /\/(receiver|processor|exporter)\/\w+(receiver|processor|exporter)$/.test(entry.module),
);

describe("the pinned collector build", () => {
  it("requires only component modules the k8s distribution 0.158.0 ships, at its versions", () => {
    expect(componentModules.length).toBeGreaterThanOrEqual(9);
    expect(
      componentModules.map((entry) => `${entry.module} ${entry.version}`).filter((line) => !shipped.has(line)),
    ).toEqual([]);
  });

  it("offers every component type the rendered gateways and samplers use, and names its release", async () => {
    const { stdout } = await promisify(execFile)(inject("collector"), ["components"]);
    const built = parse(stdout) as { buildinfo: { version: string } } & Record<
      (typeof KINDS)[number],
      { name: string }[]
    >;
    const collectors = (await readManifests()).filter(
      (m) => m.object.kind === "OpenTelemetryCollector" && !String(m.object.spec.image).includes("jaegertracing/"),
    );
    expect(collectors.length).toBeGreaterThan(0);
    for (const { object } of collectors) {
      expect(object.spec.image).toMatch(new RegExp(`/opentelemetry-collector-k8s:${built.buildinfo.version}$`));
      for (const kind of KINDS) {
        const types = Object.keys(object.spec.config[kind] ?? {}).map((id) => id.split("/")[0]);
        expect(
          types.filter((type) => !built[kind].some((component) => component.name === type)),
          `${object.metadata.name} ${kind}`,
        ).toEqual([]);
      }
    }
  });
});
