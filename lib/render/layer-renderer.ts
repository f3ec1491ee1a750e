// The contract every layer folder implements: turn one environment's model into objects in one chart.
import type { Chart } from "cdk8s";
import type { LayerName } from "../model/layers.ts";
import type { EnvironmentModel } from "../model/types.ts";

export interface LayerRenderer {
  readonly layer: LayerName;
  render(chart: Chart, environment: EnvironmentModel): void;
}

/** Construct ids only need to be unique in a chart; object names always come from metadata.name. */
export function constructId(kind: string, namespace: string | undefined, name: string): string {
  return [kind, namespace, name].filter(Boolean).join("-");
}
