// Renders one environment: one cdk8s Chart per layer, each layer into its own folder of files.
import { App, Chart } from "cdk8s";
import { appsLayer } from "../../apps/render/apps-layer.ts";
import { renderApplicationSet } from "../../argocd/render/application-set.ts";
import { renderEnvironmentDelivery } from "../../argocd/render/environment-delivery.ts";
import { certManagerLayer } from "../../platform/cert-manager/cert-manager-layer.ts";
import { namespacesLayer } from "../../platform/namespaces/namespaces-layer.ts";
import { observabilityLayer } from "../../platform/observability/observability-layer.ts";
import { operatorsLayer } from "../../platform/operators/operators-layer.ts";
import { runtimeLayer } from "../../runtime/runtime-layer.ts";
import { DELIVERY_FOLDER, type LayerName } from "../model/layers.ts";
import type { EnvironmentModel } from "../model/types.ts";
import { phase } from "../telemetry/phases.ts";
import type { LayerRenderer } from "./layer-renderer.ts";
import {
  layerObjects,
  toFiles,
  type KubernetesObject,
  type ManifestFile,
  type ManifestObject,
} from "./manifest-files.ts";

const RENDERERS: readonly LayerRenderer[] = [
  namespacesLayer,
  certManagerLayer,
  operatorsLayer,
  observabilityLayer,
  runtimeLayer,
  appsLayer,
];

/** Labels on every object Trellis renders. */
export const COMMON_LABELS = { "app.kubernetes.io/managed-by": "trellis" } as const;

export function renderEnvironment(environment: EnvironmentModel): ManifestFile[] {
  return toFiles(renderEnvironmentObjects(environment));
}

/** The environment's objects with the files they go to, not yet YAML: what a review compares. */
export function renderEnvironmentObjects(environment: EnvironmentModel): ManifestObject[] {
  const app = new App({ outdir: "unused-by-trellis" });
  const files: ManifestObject[] = [];
  const objectsOfLayer = new Map<LayerName, KubernetesObject[]>();
  for (const layer of environment.layers) {
    const renderer = RENDERERS.find((candidate) => candidate.layer === layer.name);
    if (!renderer) throw new Error(`internal: no renderer for layer "${layer.name}"`);
    phase("trellis.render.layer", { "trellis.environment": environment.name, "trellis.layer": layer.name }, () => {
      const chart = newChart(app, layer.name);
      renderer.render(chart, environment);
      const objects = chart.toJson() as KubernetesObject[];
      objectsOfLayer.set(layer.name, objects);
      files.push(...layerObjects(layer.name, objects));
    });
  }
  if (environment.layers.length > 0) {
    const delivery = newChart(app, DELIVERY_FOLDER);
    renderEnvironmentDelivery(delivery, environment, objectsOfLayer);
    files.push(...layerObjects(DELIVERY_FOLDER, delivery.toJson() as KubernetesObject[]));
  }
  return files;
}

/** The files of deploy/argocd/, shared by every environment. */
export function renderPlatformDelivery(environments: readonly EnvironmentModel[]): ManifestFile[] {
  return toFiles(renderPlatformDeliveryObjects(environments));
}

export function renderPlatformDeliveryObjects(environments: readonly EnvironmentModel[]): ManifestObject[] {
  const chart = newChart(new App({ outdir: "unused-by-trellis" }), DELIVERY_FOLDER);
  renderApplicationSet(chart, environments);
  return layerObjects("", chart.toJson() as KubernetesObject[]);
}

function newChart(app: App, name: string): Chart {
  return new Chart(app, name, { disableResourceNameHashes: true, labels: { ...COMMON_LABELS } });
}
