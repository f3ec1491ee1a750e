// The collector gate: each OpenTelemetryCollector's config through the binary that will run it.
import { gateFinding, type Gate, type GateContext, type GateFinding } from "../../lib/gates/gate.ts";
import { explainRefusal, validateCollectorConfig } from "../../lib/tools/collector.ts";

export const collectorGate: Gate = { name: "collector", run: checkCollectorConfigs };

/** Each collector config through the binary that will run it: Jaeger v2 is a collector distribution of its own. */
async function checkCollectorConfigs({ inventory, engines }: GateContext): Promise<GateFinding[]> {
  const findings: GateFinding[] = [];
  for (const item of inventory.objects.filter((candidate) => candidate.object.kind === "OpenTelemetryCollector")) {
    const isJaeger = String(item.object.spec?.image ?? "").includes("jaegertracing/");
    const refused = await validateCollectorConfig(
      isJaeger ? engines.jaeger : engines.collector,
      item.object.spec?.config ?? {},
    );
    if (!refused) continue;
    const { field, reason } = explainRefusal(refused);
    findings.push(
      gateFinding(
        "collector",
        inventory.environment,
        item,
        `${isJaeger ? "Jaeger" : "the collector"} refuses spec.config${field ? `.${field}` : ""}: ${reason}`,
      ),
    );
  }
  return findings;
}
