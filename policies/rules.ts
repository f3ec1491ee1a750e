// Every policy rule, by family. Rule ids are part of the CLI's interface.
import { ARGOCD_RULES } from "./argocd.ts";
import { DAPR_RULES } from "./dapr.ts";
import { KUBERNETES_RULES } from "./kubernetes.ts";
import { OPENTELEMETRY_RULES } from "./opentelemetry.ts";
import type { Rule } from "./rule.ts";
import { SECRET_RULES } from "./secrets.ts";
import { TRELLIS_RULES } from "./trellis.ts";

export const RULES: readonly Rule[] = [
  ...DAPR_RULES,
  ...OPENTELEMETRY_RULES,
  ...ARGOCD_RULES,
  ...KUBERNETES_RULES,
  ...SECRET_RULES,
  ...TRELLIS_RULES,
];
