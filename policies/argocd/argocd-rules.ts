// Argo CD rules: waves that do not order, custom resources that arrive before their CRDs, namespaces that do not
// exist yet, CRDs too large for client-side apply, floating sources, missing retries, unhandled drift, open projects.
import type { Rule } from "../../lib/policies/rule.ts";
import { appsetCascadeDelete } from "./appset-cascade-delete.ts";
import { destinationNamespaceMissing } from "./destination-namespace-missing.ts";
import { projectDenies } from "./project-denies.ts";
import { appsetWaveIgnored } from "./appset-wave-ignored.ts";
import { waveOrder } from "./wave-order.ts";
import { missingSkipDryRun } from "./missing-skip-dry-run.ts";
import { namespaceMissing } from "./namespace-missing.ts";
import { largeCrdClientSide } from "./large-crd-client-side.ts";
import { unpinnedSource } from "./unpinned-source.ts";
import { syncPolicy } from "./sync-policy.ts";
import { knownDriftUnhandled } from "./known-drift-unhandled.ts";
import { projectWildcard } from "./project-wildcard.ts";

export const ARGOCD_RULES: readonly Rule[] = [
  appsetCascadeDelete,
  destinationNamespaceMissing,
  projectDenies,
  appsetWaveIgnored,
  waveOrder,
  missingSkipDryRun,
  namespaceMissing,
  largeCrdClientSide,
  unpinnedSource,
  syncPolicy,
  knownDriftUnhandled,
  projectWildcard,
];
