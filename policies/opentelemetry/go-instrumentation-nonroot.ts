import { finding, type Rule } from "../../lib/policies/rule.ts";
import { injections, instrumentationFor, instrumentedContainer } from "./injections.ts";

export const goInstrumentationNonroot: Rule = {
  id: "otel/go-instrumentation-nonroot",
  summary:
    "An inject-go pod with runAsNonRoot: true whose Instrumentation leaves the Go sidecar's securityContext at its default (runAsUser 0, privileged).",
  why: "The Go sidecar inherits the pod's runAsNonRoot; with runAsUser 0 the kubelet refuses to start the pod (operator v0.158.0 internal/instrumentation/golang.go).",
  fix: "Set spec.go.securityContext on the Instrumentation to {runAsUser: 0, runAsNonRoot: false, privileged: true} (eBPF needs root) and enforce the privileged Pod Security level on that namespace only.",
  reference:
    "https://github.com/open-telemetry/opentelemetry-operator/blob/v0.158.0/internal/instrumentation/golang.go",
  severity: "error in every profile",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/golang.go",
      line: 49,
    },
  ],
  check(set) {
    return injections(set)
      .filter((injection) => injection.language === "go")
      .flatMap((injection) => {
        const instrumentation = instrumentationFor(set, injection);
        const { pod } = instrumentedContainer(set, injection);
        if (!instrumentation || pod.securityContext?.runAsNonRoot !== true) return [];
        const context = instrumentation.object.spec?.go?.securityContext ?? { runAsUser: 0, privileged: true };
        const user = context.runAsUser ?? pod.securityContext?.runAsUser;
        if (context.runAsNonRoot === false || (typeof user === "number" && user > 0)) return [];
        return [
          finding(
            this,
            injection.workload,
            "error",
            injection.path,
            `the Go sidecar of Instrumentation ${instrumentation.namespace}/${instrumentation.name} runs as root under the pod's runAsNonRoot: the kubelet refuses the pod`,
          ),
        ];
      });
  },
};
