// The project's own settings (trellis.config.ts): things that differ between machines, not between environments.
import { access } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { ARGOCD } from "../versions.ts";
import { DeclarationError, fieldPath, type Problem } from "./declarations/problems.ts";
import { describeValue, issueMessage, knownFields } from "./declarations/schema-wording.ts";

const CONFIG_REFERENCE = "the TrellisConfig type in lib/config.ts";

export const CONFIG_FILE = "trellis.config.ts";

/** The pinned Argo CD release's own install manifests, where upstream publishes them. */
const ARGOCD_INSTALL = {
  standard: `https://raw.githubusercontent.com/argoproj/argo-cd/${ARGOCD.version}/${ARGOCD.manifests.standard}`,
  ha: `https://raw.githubusercontent.com/argoproj/argo-cd/${ARGOCD.version}/${ARGOCD.manifests.ha}`,
};

const configSchema = z.strictObject({
  validation: z.strictObject({
    /** Kubernetes version whose built-in schemas validate the output. */
    kubernetesVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'give a version such as "1.36.0"'),
    /**
     * kubeconform -schema-location values, tried in order. Relative paths are resolved from the
     * project folder; point them at public catalogs (https://...) where the network allows.
     */
    schemaLocations: z.array(z.string().min(1)).min(1, "give at least one schema location"),
    /**
     * Folders of upstream CRD files. Trellis derives a JSON schema per served version from them for each
     * run and tries those before schemaLocations. Relative paths are resolved from the project folder.
     */
    crdFolders: z.array(z.string().min(1)).default([]),
  }),
  charts: z
    .strictObject({
      /**
       * Folder of chart archives named <chart>-<version>.tgz, as `helm pull` writes them. A missing archive is
       * pulled into it from the chart's repository when the network allows. Relative to the project folder.
       */
      cache: z.string().min(1),
    })
    .default({ cache: ".trellis/charts" }),
  argocd: z
    .strictObject({
      /**
       * Argo CD's built-in health scripts of the pinned release (its resource_customizations folder), which the
       * health gate runs with the bootstrap's own. Absent: the ones built into the health tool.
       */
      builtInHealthScripts: z.string().min(1).optional(),
      /**
       * The pinned Argo CD release's install manifests (manifests/install.yaml, and manifests/ha/install.yaml for
       * environments that run Argo CD highly available), which the bootstrap applies. Files relative to the
       * project folder, or URLs.
       */
      install: z.strictObject({ standard: z.string().min(1), ha: z.string().min(1) }).default(ARGOCD_INSTALL),
    })
    .default({ install: ARGOCD_INSTALL }),
  engines: z
    .strictObject({
      /**
       * Folder of upstream release source archives (<project>-<version>.tar.gz) for the engines the rehearsal runs
       * that the Go module proxy does not serve whole (Argo CD). Built once and cached. Relative to the project folder.
       */
      sources: z.string().min(1),
    })
    .default({ sources: ".trellis/sources" }),
  check: z
    .strictObject({
      /**
       * `trellis check` findings turned off or re-graded per rule and file, each with the reason a reader sees next to
       * every finding it touches. A later entry overrides an earlier one for the same finding.
       */
      overrides: z
        .array(
          z.strictObject({
            /** Rule ids ("k8s/image-unpinned"), or a family ("k8s/*"). */
            rules: z.array(z.string().min(1)).min(1, "name at least one rule"),
            /**
             * Globs matched against the file a finding names (as check prints it): `*` within one folder, `**` across
             * folders, `?` one character. Absent: every file.
             */
            paths: z.array(z.string().min(1)).min(1).optional(),
            /** "off": reported as suppressed, with the reason; "warning" or "error": the finding's new severity. */
            severity: z.enum(["off", "warning", "error"]),
            reason: z.string().trim().min(1, "say why; the reason is shown with every finding this entry touches"),
          }),
        )
        .default([]),
    })
    .default({ overrides: [] }),
});

export type TrellisConfig = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;

export async function loadConfig(root: string): Promise<Config> {
  const file = join(root, CONFIG_FILE);
  try {
    await access(file);
  } catch {
    throw new DeclarationError([
      {
        file: CONFIG_FILE,
        path: "(file)",
        message: `missing in ${root}; create it with export default { validation: { ... } }`,
      },
    ]);
  }
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    // A syntax error or a throw in the settings is a problem to report, not a crash.
    // esbuild's own first line only counts the errors; the one after it says where and what.
    // Colour codes a bundler puts in its message are dropped: they are for its own terminal.
    const lines = (error instanceof Error ? error.message : String(error))
      .replace(/\u001b\[[0-9;]*m/g, "")
      .split("\n")
      .filter((line) => line.trim() !== "");
    const reason = (/failed with \d+ error/.test(lines[0] ?? "") ? lines[1] : lines[0]) ?? "unknown error";
    throw new DeclarationError([
      { file: CONFIG_FILE, path: "(file)", message: `does not load: ${reason}; fix the file` },
    ]);
  }
  const parsed = configSchema.safeParse(module.default);
  if (!parsed.success) throw new DeclarationError(configProblems(parsed.error.issues, module.default));
  return parsed.data;
}

/** Wording that is zod's own, not a message this schema gives: it never reaches the reader alone. */

/**
 * Each schema issue as `trellis.config.ts: <field>: <what is wrong>; <what to do>`: zod's words are replaced by the
 * field's own (the value found, the values allowed, the fields known there).
 */
export function configProblems(issues: readonly z.core.$ZodIssue[], input: unknown): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    if (issue.code === "unrecognized_keys")
      return issue.keys.map((key) => ({
        file: CONFIG_FILE,
        path: fieldPath([...issue.path, key]),
        message: `unknown field "${key}"; ${knownFields(configSchema, issue.path, key, CONFIG_REFERENCE)}`,
      }));
    if (issue.path.length === 0)
      return [
        {
          file: CONFIG_FILE,
          path: "(file)",
          message: `its default export is ${describeValue(input)}, not the settings; write export default { validation: { ... } } satisfies TrellisConfig`,
        },
      ];
    return [{ file: CONFIG_FILE, path: fieldPath(issue.path), message: issueMessage(issue, input, CONFIG_REFERENCE) }];
  });
}

/** Makes local schema locations absolute so kubeconform finds them from any working folder. */
export function resolveSchemaLocation(root: string, location: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location) || isAbsolute(location)) return location;
  return resolve(root, location);
}
