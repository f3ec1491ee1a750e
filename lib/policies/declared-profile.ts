// Which policy profile an environment's output is checked with: the one its declaration names (`profile` in
// environments/<env>.ts), carried by its AppProject's label so that a deploy/ folder says it without the declarations.
// Never guessed from the folder's name; output without the label gets the strictest profile.
import { PROFILES, type Profile } from "./rule.ts";

export const PROFILE_LABEL = "trellis.io/profile";

/** The profile an AppProject among these objects declares; prod when none does (a folder of unknown origin). */
export function declaredProfile(objects: Iterable<Record<string, any>>): Profile {
  for (const object of objects) {
    if (object.kind !== "AppProject") continue;
    const label = object.metadata?.labels?.[PROFILE_LABEL];
    if ((PROFILES as readonly string[]).includes(label)) return label as Profile;
  }
  return "prod";
}
