// Makes sure the pinned kubeconform is there before any test runs, installing it with Go when missing.
import { ensureKubeconform } from "../../lib/validate/kubeconform.ts";

export default async function setup(): Promise<void> {
  process.env.KUBECONFORM = await ensureKubeconform((line) => process.stderr.write(`${line}\n`));
}
