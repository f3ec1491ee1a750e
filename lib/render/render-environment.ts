// Renders one environment: one cdk8s Chart per layer, each layer into its own folder of files.
import { App, Chart } from "cdk8s";
import type { Blueprint } from "../blueprint.ts";
import { DELIVERY_FOLDER, type LayerName } from "../model/layers.ts";
import type { EnvironmentModel } from "../model/types.ts";
import { phase } from "../telemetry/phases.ts";
import {
  layerObjects,
  toFiles,
  type KubernetesObject,
  type ManifestFile,
  type ManifestObject,
} from "./manifest-files.ts";

/** Labels on every object Trellis renders. */
export const COMMON_LABELS = { "app.kubernetes.io/managed-by": "trellis" } as const;

export function renderEnvironment(blueprint: Blueprint, environment: EnvironmentModel): ManifestFile[] {
  return toFiles(renderEnvironmentObjects(blueprint, environment));
}

/** The environment's objects with the files they go to, not yet YAML: what a review compares. */
export function renderEnvironmentObjects(blueprint: Blueprint, environment: EnvironmentModel): ManifestObject[] {
  const app = new App({ outdir: "unused-by-trellis" });
  const files: ManifestObject[] = [];
  const objectsOfLayer = new Map<LayerName, KubernetesObject[]>();
  for (const layer of environment.layers) {
    const renderer = blueprint.layers.find((candidate) => candidate.layer === layer.name);
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
    blueprint.delivery.renderEnvironment(delivery, environment, objectsOfLayer);
    files.push(...layerObjects(DELIVERY_FOLDER, delivery.toJson() as KubernetesObject[]));
  }
  return files;
}

/** The files of deploy/argocd/, shared by every environment. */
export function renderPlatformDelivery(
  blueprint: Blueprint,
  environments: readonly EnvironmentModel[],
): ManifestFile[] {
  return toFiles(renderPlatformDeliveryObjects(blueprint, environments));
}

export function renderPlatformDeliveryObjects(
  blueprint: Blueprint,
  environments: readonly EnvironmentModel[],
): ManifestObject[] {
  const chart = newChart(new App({ outdir: "unused-by-trellis" }), DELIVERY_FOLDER);
  blueprint.delivery.renderShared(chart, environments);
  return layerObjects("", chart.toJson() as KubernetesObject[]);
}

function newChart(app: App, name: string): Chart {
  return new Chart(app, name, { disableResourceNameHashes: true, labels: { ...COMMON_LABELS } });
}
