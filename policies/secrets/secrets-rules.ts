// Secret rules: Secret data in the manifests, and credentials pasted anywhere else (lib/credentials/detector.ts).
import type { Rule } from "../../lib/policies/rule.ts";
import { plaintext } from "./plaintext.ts";
import { clusterStoreUnrestricted } from "./cluster-store-unrestricted.ts";

export const SECRET_RULES: readonly Rule[] = [plaintext, clusterStoreUnrestricted];
