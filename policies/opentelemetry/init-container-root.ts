import { INIT_CONTAINER_LANGUAGES } from "../../lib/manifests/instrumentation-ref.ts";
import { finding, type Rule } from "../../lib/policies/rule.ts";
import { injections, instrumentationFor, instrumentedContainer } from "./injections.ts";

export const initContainerRoot: Rule = {
  id: "otel/init-container-root",
  summary:
    "An SDK injection (java, nodejs, python, dotnet, apache-httpd, nginx) whose init container will run as root under runAsNonRoot.",
  why: "The operator gives the init container spec.initContainerSecurityContext, else the app container's securityContext; its busybox image has no USER, so with runAsNonRoot and no runAsUser the kubelet refuses the pod (operator v0.158.0 internal/instrumentation/sdk.go). inject-sdk adds no init container.",
  fix: "Set spec.initContainerSecurityContext on the Instrumentation with runAsNonRoot: true and a non-zero runAsUser, or set runAsUser on the app container or the pod.",
  reference: "https://github.com/open-telemetry/opentelemetry-operator/blob/v0.158.0/internal/instrumentation/sdk.go",
  severity: "error in every profile",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/instrumentation/sdk.go",
      line: 314,
    },
  ],
  check(set) {
    return injections(set)
      .filter((injection) => INIT_CONTAINER_LANGUAGES.has(injection.language))
      .flatMap((injection) => {
        const instrumentation = instrumentationFor(set, injection);
        if (!instrumentation) return [];
        const { pod, container } = instrumentedContainer(set, injection);
        const context = instrumentation.object.spec?.initContainerSecurityContext ?? container?.securityContext ?? {};
        const nonRoot = context.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
        const user = context.runAsUser ?? pod.securityContext?.runAsUser;
        if (nonRoot !== true || (typeof user === "number" && user > 0)) return [];
        return [
          finding(
            this,
            injection.workload,
            "error",
            injection.path,
            `the ${injection.language} init container will run as root under runAsNonRoot (Instrumentation ${instrumentation.namespace}/${instrumentation.name} sets no initContainerSecurityContext with a non-zero runAsUser): the kubelet refuses the pod`,
          ),
        ];
      });
  },
};
