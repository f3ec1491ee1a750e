// Instrumentation: one per app namespace, synced before the apps, explicit about protocol and propagation.
import { describe, expect, it } from "vitest";
import { LAYERS } from "../../lib/model/layers.ts";
import { readManifests } from "../support/manifests.ts";

const manifests = await readManifests();
const waveOf = (layer: string) => LAYERS.find((planned) => planned.name === layer)?.wave ?? Number.NaN;
const workloads = manifests.filter((m) => m.layer === "apps" && m.object.kind === "Deployment");

describe("Instrumentation", () => {
  it("is referenced by every app, exists where the reference points, and syncs in an earlier wave", () => {
    expect(workloads.length).toBeGreaterThan(0);
    for (const workload of workloads) {
      const annotations = workload.object.spec.template.metadata.annotations;
      const injects = Object.entries(annotations).filter(([key]) =>
        key.startsWith("instrumentation.opentelemetry.io/inject-"),
      );
      expect(injects, workload.file).toHaveLength(1);
      const [namespace, name] = String(injects[0]?.[1]).split("/");
      const instrumentation = manifests.find(
        (m) =>
          m.environment === workload.environment &&
          m.object.kind === "Instrumentation" &&
          m.object.metadata.namespace === namespace &&
          m.object.metadata.name === name,
      );
      expect(instrumentation?.object.metadata, `${workload.environment}/${workload.file}`).toMatchObject({
        name: "tracing",
        namespace: workload.object.metadata.namespace,
      });
      expect(waveOf(instrumentation?.layer ?? "")).toBeLessThan(waveOf(workload.layer));
    }
  });

  it("injects into the app container, not the Dapr sidecar, and gives Go apps their executable", () => {
    for (const workload of workloads) {
      const annotations = workload.object.spec.template.metadata.annotations;
      expect(annotations["instrumentation.opentelemetry.io/container-names"]).toBe(
        workload.object.spec.template.spec.containers[0].name,
      );
      if (annotations["instrumentation.opentelemetry.io/inject-go"])
        expect(annotations["instrumentation.opentelemetry.io/otel-go-auto-target-exe"]).toMatch(/^\//);
    }
  });

  it("sets OTLP over HTTP explicitly for every language it serves, with tracecontext and baggage", () => {
    for (const { object } of manifests.filter((m) => m.object.kind === "Instrumentation")) {
      expect(object.spec.exporter.endpoint).toMatch(/^http:\/\/.+:4318$/);
      expect(object.spec.propagators).toEqual(["tracecontext", "baggage"]);
      const languages = ["dotnet", "go", "java", "nodejs", "python"].filter((language) => language in object.spec);
      expect(languages.length).toBeGreaterThan(0);
      for (const language of languages)
        expect(object.spec[language].env).toContainEqual({
          name: "OTEL_EXPORTER_OTLP_PROTOCOL",
          value: "http/protobuf",
        });
    }
  });

  it("covers exactly the languages of the apps in its namespace", () => {
    for (const { environment, object } of manifests.filter((m) => m.object.kind === "Instrumentation")) {
      const injected = workloads
        .filter((w) => w.environment === environment && w.object.metadata.namespace === object.metadata.namespace)
        .flatMap((w) =>
          Object.keys(w.object.spec.template.metadata.annotations).filter((key) =>
            key.startsWith("instrumentation.opentelemetry.io/inject-"),
          ),
        )
        .map((key) => key.replace("instrumentation.opentelemetry.io/inject-", ""));
      const served = ["dotnet", "go", "java", "nodejs", "python"].filter((language) => language in object.spec);
      expect(served).toEqual([...new Set(injected)].sort());
    }
  });

  it("runs the Go app's namespace at the privileged Pod Security level that eBPF instrumentation needs, and no other", () => {
    for (const namespace of manifests.filter((m) => m.object.kind === "Namespace")) {
      const hasGo = workloads.some(
        (w) =>
          w.environment === namespace.environment &&
          w.object.metadata.namespace === namespace.object.metadata.name &&
          "instrumentation.opentelemetry.io/inject-go" in w.object.spec.template.metadata.annotations,
      );
      expect(namespace.object.metadata.labels?.["pod-security.kubernetes.io/enforce"], namespace.file).toBe(
        hasGo ? "privileged" : "baseline",
      );
    }
  });
});
