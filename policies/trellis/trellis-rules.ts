// Rules about Trellis's own annotations on the checked objects.
import type { Rule } from "../../lib/policies/rule.ts";
import { ignoreInvalid } from "./ignore-invalid.ts";

export const TRELLIS_RULES: readonly Rule[] = [ignoreInvalid];
