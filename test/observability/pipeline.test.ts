// Each environment's trace path: dev to Jaeger in memory, staging and prod to Tempo, prod through a tail-sampling tier.
import { describe, expect, it } from "vitest";
import { ARGOCD_PARAMS } from "../../argocd/bootstrap/argocd-settings.ts";
import { CHARTS } from "../../versions.ts";
import { find, readManifests } from "../support/manifests.ts";

const manifests = await readManifests();
const collectors = (environment: string) =>
  manifests
    .filter((m) => m.environment === environment && m.object.kind === "OpenTelemetryCollector")
    .map((m) => m.object);
const usesJaegerMemory = (collector: { [field: string]: any }) =>
  Object.values(collector.spec.config.extensions?.jaeger_storage?.backends ?? {}).some(
    (backend: any) => backend.memory !== undefined,
  );

describe("trace pipeline", () => {
  it("exports dev's gateway to Jaeger v2 with in-memory storage, one replica, UI on 16686", () => {
    const gateway = find(manifests, "dev", "OpenTelemetryCollector", "gateway");
    expect(Object.values(gateway.spec.config.exporters)).toEqual([
      { endpoint: "jaeger-collector.monitoring.svc.cluster.local:4317", tls: { insecure: true } },
    ]);
    const jaeger = find(manifests, "dev", "OpenTelemetryCollector", "jaeger");
    expect(jaeger.spec.image).toMatch(/jaegertracing\/jaeger:2\.\d+\.\d+$/);
    expect(usesJaegerMemory(jaeger)).toBe(true);
    expect(jaeger.spec.replicas).toBe(1);
    expect(jaeger.spec.ports).toContainEqual(expect.objectContaining({ port: 16686 }));
  });

  it("keeps Jaeger memory storage out of staging and prod, which export to Tempo", () => {
    for (const environment of ["staging", "prod"]) {
      expect(collectors(environment).filter(usesJaegerMemory)).toEqual([]);
      const tempo = find(manifests, environment, "Application", "tempo");
      expect(tempo.spec.source).toMatchObject({ chart: "tempo", targetRevision: CHARTS.tempo.version });
      const exportingToTempo = collectors(environment).filter((c) =>
        JSON.stringify(c.spec.config.exporters).includes("tempo.monitoring.svc.cluster.local:4317"),
      );
      expect(exportingToTempo.map((c) => c.metadata.name)).toEqual([environment === "prod" ? "sampler" : "gateway"]);
    }
    expect(find(manifests, "staging", "OpenTelemetryCollector", "gateway").spec.replicas).toBe(2);
  });

  it("runs prod as two tiers: the gateway load-balances by trace ID into a tail-sampling tier", () => {
    const gateway = find(manifests, "prod", "OpenTelemetryCollector", "gateway");
    expect(gateway.spec.config.exporters.load_balancing).toMatchObject({
      routing_key: "traceID",
      resolver: { dns: { hostname: "sampler-collector-headless.monitoring.svc.cluster.local", port: "4317" } },
      retry_on_failure: { enabled: true },
      sending_queue: { enabled: true },
    });
    const sampler = find(manifests, "prod", "OpenTelemetryCollector", "sampler");
    const policies = sampler.spec.config.processors.tail_sampling.policies.map(
      (policy: { type: string }) => policy.type,
    );
    expect(policies).toEqual(["status_code", "latency", "probabilistic"]);
    expect(sampler.spec.config.service.pipelines.traces.processors).toContain("tail_sampling");
    // Late spans (queue consumers, retries) must meet the decision already taken: ten times num_traces of each.
    const { num_traces: traces, decision_cache: cache } = sampler.spec.config.processors.tail_sampling;
    expect(cache.sampled_cache_size).toBeGreaterThanOrEqual(10 * traces);
    expect(cache.non_sampled_cache_size).toBeGreaterThanOrEqual(10 * traces);
    for (const tier of [gateway, sampler]) expect(tier.spec.podDisruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(collectors("staging").map((c) => c.metadata.name)).toEqual(["gateway"]);
  });

  it("starts every pipeline with memory_limiter and ends its processors with batch, on OTLP 4317 and 4318", () => {
    for (const environment of ["dev", "staging", "prod"]) {
      for (const collector of collectors(environment)) {
        const { config } = collector.spec;
        for (const pipeline of Object.values(config.service.pipelines) as { processors: string[] }[]) {
          expect(pipeline.processors[0]).toBe("memory_limiter");
          expect(pipeline.processors.at(-1)).toBe("batch");
        }
        expect(config.receivers.otlp.protocols).toEqual({
          grpc: { endpoint: "0.0.0.0:4317" },
          http: { endpoint: "0.0.0.0:4318" },
        });
      }
    }
  });

  it("sets the fields the operator's defaulting webhook would otherwise fill", () => {
    for (const environment of ["dev", "staging", "prod"]) {
      for (const collector of collectors(environment)) {
        for (const field of ["mode", "replicas", "upgradeStrategy", "managementState", "networkPolicy", "image"])
          expect(collector.spec, `${environment} ${collector.metadata.name}`).toHaveProperty(field);
      }
    }
  });

  it("samples in the SDKs and sidecars at the environment's rate: all of it where the tail sampler decides", () => {
    const rate = (environment: string) =>
      find(manifests, environment, "Configuration", "order-api-config").spec.tracing.samplingRate;
    expect([rate("dev"), rate("staging"), rate("prod")]).toEqual(["1", "0.5", "1"]);
    for (const instrumentation of manifests.filter((m) => m.object.kind === "Instrumentation")) {
      expect(instrumentation.object.spec.sampler).toEqual({
        type: "parentbased_traceidratio",
        argument: rate(instrumentation.environment),
      });
    }
  });
});

describe("OpenTelemetry Operator", () => {
  it("uses the k8s collector distribution and enables Go auto-instrumentation because an app is written in Go", () => {
    for (const environment of ["dev", "staging", "prod"]) {
      const values = find(manifests, environment, "Application", "opentelemetry-operator").spec.source.helm
        .valuesObject;
      expect(values.manager.collectorImage.repository).toMatch(/opentelemetry-collector-k8s$/);
      expect(values.manager.autoInstrumentation.go.enabled).toBe(true);
      expect(values.admissionWebhooks.certManager.enabled).toBe(true);
    }
  });

  it("installs with server-side apply, ignoring only the CA bundles cert-manager injects; server-side diff is the controller's, for every Application", () => {
    const operator = find(manifests, "prod", "Application", "opentelemetry-operator");
    expect(operator.spec.syncPolicy.syncOptions).toEqual(["RespectIgnoreDifferences=true", "ServerSideApply=true"]);
    for (const ignored of operator.spec.ignoreDifferences) expect(ignored.jqPathExpressions.join()).toMatch(/caBundle/);
    expect(ARGOCD_PARAMS["controller.diff.server.side"]).toBe("true");
    // No Application repeats it: a per-Application annotation would only hide the controller setting's removal.
    expect(
      manifests
        .filter(
          (m) =>
            m.object.kind === "Application" && m.object.metadata.annotations?.["argocd.argoproj.io/compare-options"],
        )
        .map((m) => m.file),
    ).toEqual([]);
  });

  it("installs cert-manager in a wave before the operator whose webhook certificates it issues", () => {
    // The wave of the layer Application that syncs the layer folder, as rendered in prod's root.
    const wave = (layer: string) =>
      Number(
        manifests.find(
          (m) =>
            m.environment === "prod" &&
            m.layer === "argocd" &&
            m.object.kind === "Application" &&
            String(m.object.spec.source.path).endsWith(`/${layer}`),
        )?.object.metadata.annotations?.["argocd.argoproj.io/sync-wave"] ?? Number.NaN,
      );
    const layerOf = (name: string) =>
      manifests.find(
        (m) => m.environment === "prod" && m.object.kind === "Application" && m.object.metadata.name === name,
      )?.layer ?? "";
    expect(wave(layerOf("cert-manager"))).toBeLessThan(wave(layerOf("opentelemetry-operator")));
    expect(wave(layerOf("opentelemetry-operator"))).toBeLessThan(wave("observability"));
    expect([wave("cert-manager"), wave("operators"), wave("observability")]).toEqual([1, 2, 3]);
  });
});
