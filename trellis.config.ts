import type { TrellisConfig } from "./lib/config.ts";

// Offline schemas from ../shared/schemas (see its README). Outside this setting, point these at the
// public catalogs, e.g. "default" and a CRDs-catalog URL template.
export default {
  validation: {
    kubernetesVersion: "1.36.0",
    schemaLocations: [
      "../shared/schemas/kubernetes",
      "../shared/schemas/kubernetes/crd-schema-derived/standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json",
    ],
    // Custom resources are checked against schemas derived from the upstream CRDs themselves.
    crdFolders: ["../shared/schemas/crds-raw"],
  },
  // Every pinned chart, packaged (see its README); anything missing is pulled into it when the network allows.
  charts: { cache: "../shared/charts" },
  // Argo CD v3.5.1's own health scripts, with their upstream test cases, and its release install manifests.
  argocd: {
    builtInHealthScripts: "../shared/argo-cd/resource_customizations",
    install: { standard: "../shared/argo-cd/install-v3.5.1.yaml", ha: "../shared/argo-cd/ha-install-v3.5.1.yaml" },
  },
  // Release sources of the engines the rehearsal builds that the Go module proxy does not serve (see its README).
  engines: { sources: "../shared/sources" },
  // Findings of `trellis check` the project accepts, each with its reason (docs/policies.md#triage-accepting-a-finding).
  check: {
    overrides: [
      {
        rules: ["k8s/image-unpinned"],
        // Only the charts' own images, in prod; Trellis's app images carry their digests.
        paths: ["prod: * chart: **"],
        severity: "off",
        reason:
          "the charts pin their images by tag only, and no registry is reachable here to read their digests; pin them in the chart values once one is (docs/architecture.md, Not built yet)",
      },
    ],
  },
} satisfies TrellisConfig;
