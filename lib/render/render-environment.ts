// Renders one environment: one cdk8s Chart per layer, each layer into its own folder of files.
import { App, Chart } from "cdk8s";
import { appsLayer } from "../../apps/render/apps-layer.ts";
import { certManagerLayer } from "../../platform/cert-manager/cert-manager-layer.ts";
import { namespacesLayer } from "../../platform/namespaces/namespaces-layer.ts";
import { observabilityLayer } from "../../platform/observability/observability-layer.ts";
import { operatorsLayer } from "../../platform/operators/operators-layer.ts";
import { runtimeLayer } from "../../runtime/runtime-layer.ts";
import type { EnvironmentModel } from "../model/types.ts";
import type { LayerRenderer } from "./layer-renderer.ts";
import { layerFiles, type KubernetesObject, type ManifestFile } from "./manifest-files.ts";

const RENDERERS: readonly LayerRenderer[] = [namespacesLayer, certManagerLayer, operatorsLayer, observabilityLayer, runtimeLayer, appsLayer];

/** Labels on every object Trellis renders. */
export const COMMON_LABELS = { "app.kubernetes.io/managed-by": "trellis" } as const;

export function renderEnvironment(environment: EnvironmentModel): ManifestFile[] {
  const app = new App({ outdir: "unused-by-trellis" });
  const files: ManifestFile[] = [];
  for (const layer of environment.layers) {
    const renderer = RENDERERS.find((candidate) => candidate.layer === layer.name);
    if (!renderer) throw new Error(`internal: no renderer for layer "${layer.name}"`);
    const chart = new Chart(app, layer.name, { disableResourceNameHashes: true, labels: { ...COMMON_LABELS } });
    renderer.render(chart, environment);
    files.push(...layerFiles(layer.name, chart.toJson() as KubernetesObject[]));
  }
  return files;
}
