// File naming and kustomizations: one object per file, stable names, namespaces only where needed.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { layerFiles, type KubernetesObject } from "../../lib/render/manifest-files.ts";

const component = (name: string, namespace: string): KubernetesObject => ({
  apiVersion: "dapr.io/v1alpha1",
  kind: "Component",
  metadata: { name, namespace },
});

describe("layer files", () => {
  it("names files <kind>-<name>.yaml and lists them, sorted, in the layer's kustomization", () => {
    const files = layerFiles("runtime", [
      component("statestore", "orders"),
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "orders" } },
    ]);
    expect(files.map((f) => f.path)).toEqual([
      "runtime/component-statestore.yaml",
      "runtime/namespace-orders.yaml",
      "runtime/kustomization.yaml",
    ]);
    const kustomization = parse(files[2]?.content ?? "");
    expect(kustomization).toEqual({
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      resources: ["component-statestore.yaml", "namespace-orders.yaml"],
    });
  });

  it("adds the namespace only to names that occur in several namespaces", () => {
    const files = layerFiles("runtime", [
      component("pubsub", "b"),
      component("pubsub", "a"),
      component("lockstore", "a"),
    ]);
    expect(files.map((f) => f.path).sort()).toEqual([
      "runtime/component-lockstore.yaml",
      "runtime/component-pubsub.a.yaml",
      "runtime/component-pubsub.b.yaml",
      "runtime/kustomization.yaml",
    ]);
  });

  it("quotes strings that YAML 1.1 parsers (kubectl, Argo CD) would read as booleans, numbers or dates", () => {
    const [file] = layerFiles("apps", [
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "a" },
        data: { a: "yes", b: "on", c: "y", d: "2024-01-01", e: "0755", f: "1:20" },
      },
    ]);
    const data = parse(file?.content ?? "", { version: "1.1" }).data as Record<string, unknown>;
    expect(Object.values(data).every((value) => typeof value === "string")).toBe(true);
  });

  it("writes keys sorted and long values unfolded, whatever order the object was built in", () => {
    const long = "x".repeat(300);
    const [file] = layerFiles("apps", [
      { metadata: { namespace: "ns", name: "a" }, kind: "ConfigMap", apiVersion: "v1", data: { b: long, a: "1" } },
    ]);
    const body = file?.content.split("\n").slice(1).join("\n");
    expect(body).toBe(
      `apiVersion: v1\ndata:\n  a: "1"\n  b: ${long}\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ns\n`,
    );
  });
});
