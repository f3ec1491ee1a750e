import { unresolvedEndpoints } from "../../lib/inventory/otlp-endpoints.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";

export const endpointUnresolved: Rule = {
  id: "otel/endpoint-unresolved",
  summary: "An OTLP endpoint naming a cluster Service the set does not define, or a port it does not expose.",
  why: 'Exporters retry and drop in silence: the classic "I don\'t see any traces".',
  fix: "Point the endpoint at a Service in the set (a collector's <name>-collector) on a port it exposes.",
  reference: "open-telemetry/opentelemetry.io troubleshooting/automatic.md",
  severity: "error in every profile",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/exporter.go",
      line: 20,
    },
  ],
  check(set) {
    const objects = set.objects.map((object) => object.object);
    const byObject = new Map(
      set.objects.map((object) => [`${object.kind} ${object.object.metadata?.namespace ?? ""}/${object.name}`, object]),
    );
    return unresolvedEndpoints(objects)
      .filter((endpoint) => !endpoint.reason.includes("is not a cluster Service address"))
      .filter(
        (endpoint) => !(endpoint.sender.startsWith("Instrumentation") && endpoint.reason.includes("the sender speaks")),
      )
      .flatMap((endpoint) => {
        const sender = byObject.get(endpoint.sender);
        return sender
          ? [
              finding(
                this,
                sender,
                "error",
                endpoint.path.replace(/ \(.*\)$/, ""),
                `${endpoint.host}:${endpoint.port}: ${endpoint.reason}`,
              ),
            ]
          : [];
      });
  },
};
