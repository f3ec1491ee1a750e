// Secret rules: Secret data in the manifests, credentials pasted anywhere else (lib/credentials/detector.ts), and
// how External Secrets stores are used.
import type { Rule } from "../../lib/policies/rule.ts";
import { plaintext } from "./plaintext.ts";
import { clusterStoreUnrestricted } from "./cluster-store-unrestricted.ts";
import { storeSameWave } from "./store-same-wave.ts";

export const SECRET_RULES: readonly Rule[] = [plaintext, clusterStoreUnrestricted, storeSameWave];
