import { SDK_LANGUAGES as LANGUAGES, sdkOtlpProtocol } from "../../lib/inventory/otlp-endpoints.ts";
import type { SetObject } from "../../lib/policies/object-set.ts";
import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";
import { injections, instrumentationFor } from "./injections.ts";

export const endpointProtocolMismatch: Rule = {
  id: "otel/endpoint-protocol-mismatch",
  summary: "An Instrumentation whose endpoint port and protocol disagree for a language it serves.",
  why: "4317 speaks gRPC and 4318 HTTP; an SDK sending HTTP to 4317 (the .NET, Java, Python, Go and Node.js default) loses every span.",
  fix: "Use port 4318 with http/protobuf (set OTEL_EXPORTER_OTLP_PROTOCOL explicitly per language), or 4317 with grpc (not for Python).",
  reference: "open-telemetry/opentelemetry-operator docs/auto-instrumentation (default protocols per language)",
  severity: "error in every profile",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/python.go",
      line: 121,
    },
  ],
  check(set) {
    const served = new Map<SetObject, Set<string>>();
    for (const injection of injections(set)) {
      const instrumentation = instrumentationFor(set, injection);
      if (instrumentation)
        served.set(instrumentation, (served.get(instrumentation) ?? new Set<string>()).add(injection.language));
    }
    return set.ofKind("Instrumentation", "opentelemetry.io").flatMap((instrumentation) => {
      const endpoint = String(instrumentation.object.spec?.exporter?.endpoint ?? "");
      const port = /:(\d+)(\/|$)/.exec(endpoint.replace(/^[a-z]+:\/\//, ""))?.[1];
      const languages = new Set([
        ...(served.get(instrumentation) ?? []),
        ...LANGUAGES.filter((language) => instrumentation.object.spec?.[language] !== undefined),
      ]);
      const found: Finding[] = [];
      for (const language of [...languages].filter((l) => (LANGUAGES as readonly string[]).includes(l)).sort()) {
        const protocol = sdkOtlpProtocol(instrumentation.object.spec, language);
        const grpc = protocol === "grpc";
        if (language === "python" && grpc)
          found.push(
            finding(
              this,
              instrumentation,
              "error",
              `spec.python.env`,
              "Python auto-instrumentation cannot export OTLP over gRPC",
            ),
          );
        else if ((port === "4317" && !grpc) || (port === "4318" && grpc)) {
          found.push(
            finding(
              this,
              instrumentation,
              "error",
              "spec.exporter.endpoint",
              `${language} sends ${protocol} to port ${port}, which speaks ${port === "4317" ? "gRPC" : "HTTP"}`,
            ),
          );
        }
      }
      return found;
    });
  },
};
