// Recognises credentials given as literal values, so they can be refused before anything is rendered: the names synth
// has always used, now served by the one detector (lib/credentials/detector.ts) that check and the review use too.
import { credentialInValue } from "../credentials/detector.ts";

export { isCredentialName, PASSWORD_IN_URL, PRIVATE_KEY_BLOCK } from "../credentials/detector.ts";

/** Values that carry a credential whatever their field is called. */
export function looksLikeCredential(value: string): boolean {
  return credentialInValue(value) !== undefined;
}
