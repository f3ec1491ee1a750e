// Which pinned Helm charts an environment installs in its operators layer.
import type { Environment } from "../../environments/schema.ts";
import { CHARTS } from "../../versions.ts";

export type ChartName = keyof typeof CHARTS;

export function chartsFor(environment: Environment): ChartName[] {
  const charts: ChartName[] = ["dapr"];
  if (environment.secrets.provider === "external-secrets") charts.push("externalSecrets");
  return charts.sort();
}
