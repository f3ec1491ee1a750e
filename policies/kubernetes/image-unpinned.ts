import { finding, type Finding, type Rule } from "../../lib/policies/rule.ts";
import { containersOf } from "./containers.ts";

/** Instrumentation blocks whose `image` the operator injects. */
const INSTRUMENTATION_IMAGE_BLOCKS = ["java", "nodejs", "python", "dotnet", "go", "apacheHttpd", "nginx"] as const;

/** Image tags set in a chart Application's Helm values: image.tag, global.tag, and any <x>.image.tag. */
function helmValueTags(values: unknown, path: string): { path: string; tag: unknown }[] {
  if (typeof values !== "object" || values === null || Array.isArray(values)) return [];
  const found: { path: string; tag: unknown }[] = [];
  for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
    const here = `${path}.${key}`;
    if (key === "image" && typeof value === "object" && value !== null && "tag" in value)
      found.push({ path: `${here}.tag`, tag: (value as { tag: unknown }).tag });
    else if (key === "tag" && path.endsWith(".global")) found.push({ path: here, tag: value });
    else found.push(...helmValueTags(value, here));
  }
  return found;
}

export const imageUnpinned: Rule = {
  id: "k8s/image-unpinned",
  summary:
    "An image tagged latest or untagged wherever an image is set (pod containers, OpenTelemetryCollector.spec.image, Instrumentation.spec.<language>.image, image tags in chart values), and in prod a pod container image without a digest.",
  why: "The image can change under the same manifest: a reschedule runs different code than the one reviewed.",
  fix: "Pin a version tag, and in prod append its digest to pod images (image:tag@sha256:...).",
  reference: "https://kubernetes.io/docs/concepts/containers/images/#image-names",
  severity: "error for latest or no tag in every profile; error for a missing digest of a pod container in prod only",
  upstream: [{ repository: "kubernetes/kubernetes", tag: "v1.36.3", file: "pkg/apis/core/v1/defaults.go", line: 88 }],
  check(set, profile) {
    const found: Finding[] = [];
    const floating = (image: string) => {
      const [reference, digest] = image.split("@");
      const lastSegment = (reference ?? "").split("/").at(-1) ?? "";
      const tag = lastSegment.includes(":") ? lastSegment.split(":").at(-1) : undefined;
      return digest ? undefined : tag === undefined ? "has no tag" : tag === "latest" ? "is tagged latest" : undefined;
    };
    for (const { workload, template } of set.workloads()) {
      for (const { container, path } of containersOf(template)) {
        const image = String(container.image ?? "");
        const problem = floating(image);
        if (problem)
          found.push(finding(this, workload, "error", `${path}.image`, `${path}.image "${image}" ${problem}`));
        else if (profile === "prod" && !image.includes("@"))
          found.push(finding(this, workload, "error", `${path}.image`, `${path}.image "${image}" has no digest`));
      }
    }
    // Operator-managed images: digests are not required there (the operators take tags), floating tags are.
    for (const collector of set.ofKind("OpenTelemetryCollector")) {
      const image = collector.object.spec?.image;
      const problem = typeof image === "string" ? floating(image) : undefined;
      if (problem) found.push(finding(this, collector, "error", "spec.image", `spec.image "${image}" ${problem}`));
    }
    for (const instrumentation of set.ofKind("Instrumentation")) {
      for (const block of INSTRUMENTATION_IMAGE_BLOCKS) {
        const image = instrumentation.object.spec?.[block]?.image;
        const problem = typeof image === "string" ? floating(image) : undefined;
        if (problem)
          found.push(
            finding(this, instrumentation, "error", `spec.${block}.image`, `spec.${block}.image "${image}" ${problem}`),
          );
      }
    }
    for (const app of set.ofKind("Application", "argoproj.io")) {
      for (const { path, tag } of helmValueTags(
        app.object.spec?.source?.helm?.valuesObject,
        "spec.source.helm.valuesObject",
      )) {
        if (tag === undefined || tag === null || tag === "") continue; // the chart's appVersion: pinned by the chart version
        if (String(tag) === "latest") found.push(finding(this, app, "error", path, `${path} "latest" floats`));
      }
    }
    return found;
  },
};
