import { finding, type Rule } from "../../lib/policies/rule.ts";

export const samplerInvalid: Rule = {
  id: "otel/sampler-invalid",
  summary: "A ratio sampler argument outside 0..1 or not a number, or always_off.",
  why: "The SDK falls back to its default or records nothing.",
  fix: 'Use parentbased_traceidratio with an argument such as "0.25".',
  reference: "https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/",
  severity: "error in every profile",
  upstream: [
    {
      repository: "open-telemetry/opentelemetry-operator",
      tag: "v0.158.0",
      file: "internal/webhook/instrumentation_webhook.go",
      line: 200,
    },
  ],
  check(set) {
    return set.ofKind("Instrumentation", "opentelemetry.io").flatMap((instrumentation) => {
      const sampler = instrumentation.object.spec?.sampler;
      if (!sampler) return [];
      if (["always_off", "parentbased_always_off"].includes(sampler.type))
        return [
          finding(this, instrumentation, "error", "spec.sampler.type", `sampler ${sampler.type} records no traces`),
        ];
      if (!String(sampler.type ?? "").endsWith("traceidratio")) return [];
      const ratio = Number(sampler.argument);
      return sampler.argument === undefined ||
        String(sampler.argument).trim() === "" ||
        !Number.isFinite(ratio) ||
        ratio < 0 ||
        ratio > 1
        ? [
            finding(
              this,
              instrumentation,
              "error",
              "spec.sampler.argument",
              `ratio "${sampler.argument ?? ""}" is not a number between 0 and 1`,
            ),
          ]
        : [];
    });
  },
};
