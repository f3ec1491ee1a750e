// Kubernetes rules: floating images, unbounded or root containers, Services that select nothing, and prod
// workloads without disruption budgets or default-deny network policies.
import type { Rule } from "../../lib/policies/rule.ts";
import { notAnObject } from "./not-an-object.ts";
import { imageUnpinned } from "./image-unpinned.ts";
import { resourcesMissing } from "./resources-missing.ts";
import { securityContext } from "./security-context.ts";
import { serviceSelector } from "./service-selector.ts";
import { pdbMissing } from "./pdb-missing.ts";
import { networkPolicyMissing } from "./network-policy-missing.ts";

export const KUBERNETES_RULES: readonly Rule[] = [
  notAnObject,
  imageUnpinned,
  resourcesMissing,
  securityContext,
  serviceSelector,
  pdbMissing,
  networkPolicyMissing,
];
