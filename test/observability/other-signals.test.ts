// Metrics and logs, which the SDKs export by default: an environment either turns them off in every Instrumentation
// or routes them through a gateway pipeline to a backend. Either way no SDK exports to a collector that refuses it.
import { blueprint } from "../../blueprint.ts";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifests } from "../../lib/manifests/load-manifests.ts";
import { synth } from "../../lib/synth.ts";
import { runChecks } from "../../lib/policies/run.ts";
import { copyProject } from "../support/project.ts";
import { find, readManifests } from "../support/manifests.ts";

const RULES = blueprint.rules;

const SDK_LANGUAGES = ["dotnet", "java", "nodejs", "python"];

describe("metrics and logs of the reference environments (none declared)", () => {
  it("are turned off for every SDK language, and the gateways take traces only", async () => {
    const manifests = await readManifests();
    const instrumentations = manifests.filter((m) => m.object.kind === "Instrumentation");
    expect(instrumentations.length).toBeGreaterThan(0);
    for (const { file, environment, object } of instrumentations) {
      for (const language of SDK_LANGUAGES.filter((candidate) => candidate in object.spec)) {
        expect(object.spec[language].env, `${environment}/${file} ${language}`).toEqual(
          expect.arrayContaining([
            { name: "OTEL_METRICS_EXPORTER", value: "none" },
            { name: "OTEL_LOGS_EXPORTER", value: "none" },
          ]),
        );
      }
      // Go's eBPF instrumentation exports traces only: nothing to turn off.
      if ("go" in object.spec) expect(JSON.stringify(object.spec.go.env)).not.toContain('_EXPORTER"');
    }
    for (const environment of ["dev", "staging", "prod"])
      expect(
        Object.keys(find(manifests, environment, "OpenTelemetryCollector", "gateway").spec.config.service.pipelines),
      ).toEqual(["traces"]);
  });
});

describe("an environment that routes metrics to a backend", () => {
  it("gives the gateway a metrics pipeline to it, leaves metrics on in the SDKs, keeps logs off, and passes otel/signal-without-pipeline", async () => {
    const project = await copyProject();
    await project.edit(
      "environments/staging.ts",
      'otherSignals: { metrics: "none", logs: "none" }',
      'otherSignals: { metrics: { otlpHttpEndpoint: "https://metrics.staging.example.com:4318" }, logs: "none" }',
    );
    const out = join(project.root, "out");
    await synth(blueprint, project.root, out);
    const manifests = await readManifests(out);
    const gateway = find(manifests, "staging", "OpenTelemetryCollector", "gateway");
    expect(gateway.spec.config.service.pipelines.metrics).toEqual({
      receivers: ["otlp"],
      processors: ["memory_limiter", "batch"],
      exporters: ["otlp_http/metrics"],
    });
    expect(gateway.spec.config.exporters["otlp_http/metrics"]).toEqual({
      endpoint: "https://metrics.staging.example.com:4318",
    });
    const orders = find(manifests, "staging", "Instrumentation", "tracing");
    for (const language of SDK_LANGUAGES.filter((candidate) => candidate in orders.spec)) {
      expect(orders.spec[language].env.map((env: { name: string }) => env.name)).not.toContain("OTEL_METRICS_EXPORTER");
      expect(orders.spec[language].env).toContainEqual({ name: "OTEL_LOGS_EXPORTER", value: "none" });
    }
    const set = await loadManifests([join(out, "staging"), join(out, "argocd")]);
    expect(
      runChecks(RULES, set, "staging").findings.filter((finding) => finding.rule === "otel/signal-without-pipeline"),
    ).toEqual([]);
  });

  it("would be reported by otel/signal-without-pipeline if the gateway lost that pipeline", async () => {
    const project = await copyProject();
    await project.edit(
      "environments/staging.ts",
      'otherSignals: { metrics: "none", logs: "none" }',
      'otherSignals: { metrics: { otlpHttpEndpoint: "https://metrics.staging.example.com:4318" }, logs: "none" }',
    );
    const out = join(project.root, "out");
    await synth(blueprint, project.root, out);
    const set = await loadManifests([join(out, "staging"), join(out, "argocd")]);
    const gateway = set.objects.find(
      (entry) => entry.object.kind === "OpenTelemetryCollector" && entry.object.metadata.name === "gateway",
    );
    delete gateway?.object.spec.config.service.pipelines.metrics;
    const reported = runChecks(RULES, set, "staging").findings.filter(
      (finding) => finding.rule === "otel/signal-without-pipeline",
    );
    expect(reported.map((finding) => `${finding.severity} ${finding.namespace} ${finding.path}`).sort()).toEqual([
      "error orders spec.dotnet.env",
      "error orders spec.nodejs.env",
      "error orders spec.python.env",
    ]);
  });
});
