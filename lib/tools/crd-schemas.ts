// JSON schemas for kubeconform, derived from upstream CRD files: one per served version, unknown fields
// rejected wherever a CRD lists properties, as kubeconform's own CRD conversion does. Deriving them here
// keeps a field that is itself called "properties" a field, not a keyword.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { CONFIG_FILE, resolveSchemaLocation } from "../config.ts";
import { DeclarationError } from "../declarations/problems.ts";

type Schema = { [key: string]: unknown };

interface Crd {
  kind?: string;
  spec?: {
    group?: string;
    names?: { kind?: string };
    versions?: { name: string; served?: boolean; schema?: { openAPIV3Schema?: Schema } }[];
  };
}

/** Writes `<out>/<group>/<kind>_<version>.json` (and a strict variant under `<out>-strict`) for every CRD under the folders. */
export async function writeCrdSchemas(folders: readonly string[], out: string): Promise<number> {
  let written = 0;
  for (const folder of folders) {
    for (const file of await yamlFiles(folder)) {
      for (const document of parseAllDocuments(await readFile(file, "utf8"))) {
        const crd = document.toJS() as Crd | null;
        if (crd?.kind !== "CustomResourceDefinition" || !crd.spec?.group || !crd.spec.names?.kind) continue;
        for (const version of crd.spec.versions ?? []) {
          const schema = version.schema?.openAPIV3Schema;
          if (!version.served || !schema) continue;
          const name = `${crd.spec.names.kind.toLowerCase()}_${version.name}.json`;
          for (const [suffix, strictRoot] of [
            ["", false],
            ["-strict", true],
          ] as const) {
            const folderOut = join(`${out}${suffix}`, crd.spec.group);
            await mkdir(folderOut, { recursive: true });
            const converted = closeObjects(schema);
            if (strictRoot && isObjectWithProperties(converted) && !("additionalProperties" in converted))
              converted.additionalProperties = false;
            await writeFile(join(folderOut, name), JSON.stringify(converted));
          }
          written += 1;
        }
      }
    }
  }
  return written;
}

/** Nested objects that list properties reject others; int-or-string accepts both. The root stays open unless strict. */
function closeObjects(schema: Schema, nested = false): Schema {
  const result: Schema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === "properties" && isPlainObject(value)) {
      result.properties = Object.fromEntries(
        Object.entries(value).map(([field, child]) => [
          field,
          isPlainObject(child) ? closeObjects(child, true) : child,
        ]),
      );
    } else if (
      (keyword === "items" || keyword === "additionalProperties" || keyword === "not") &&
      isPlainObject(value)
    ) {
      result[keyword] = closeObjects(value, true);
    } else if ((keyword === "allOf" || keyword === "anyOf" || keyword === "oneOf") && Array.isArray(value)) {
      result[keyword] = value.map((child) => (isPlainObject(child) ? closeObjects(child, true) : child));
    } else if (!(keyword === "format" && value === "int-or-string")) {
      result[keyword] = value;
    }
  }
  if (schema["x-kubernetes-int-or-string"] === true || schema.format === "int-or-string") {
    delete result.type;
    result.oneOf = [{ type: "string" }, { type: "integer" }];
  }
  const open = schema["x-kubernetes-preserve-unknown-fields"] === true || "additionalProperties" in schema;
  if (nested && isObjectWithProperties(result) && !open) result.additionalProperties = false;
  return result;
}

function isObjectWithProperties(schema: Schema): boolean {
  return isPlainObject(schema.properties);
}

function isPlainObject(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function yamlFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Runs `use` with the project's schema locations: the CRD schemas derived for this run first, then the
 * configured ones. The derived files live in a temporary folder that is removed afterwards.
 */
export async function withSchemaLocations<T>(
  root: string,
  validation: { readonly schemaLocations: readonly string[]; readonly crdFolders: readonly string[] },
  use: (locations: string[]) => Promise<T>,
): Promise<T> {
  const configured = validation.schemaLocations.map((location) => resolveSchemaLocation(root, location));
  if (validation.crdFolders.length === 0) return use(configured);
  const folder = await mkdtemp(join(tmpdir(), "trellis-crd-schemas-"));
  try {
    const folders = validation.crdFolders.map((crdFolder) => resolveSchemaLocation(root, crdFolder));
    const missing = await Promise.all(
      folders.map((crdFolder) =>
        stat(crdFolder).then(
          (found) => !found.isDirectory(),
          () => true,
        ),
      ),
    );
    if (missing.some(Boolean)) {
      throw new DeclarationError(
        folders.flatMap((crdFolder, index) =>
          missing[index]
            ? [
                {
                  file: CONFIG_FILE,
                  path: `validation.crdFolders[${index}]`,
                  message: `folder ${crdFolder} does not exist; point it at a folder of CRD files (e.g. ../shared/schemas/crds-raw)`,
                },
              ]
            : [],
        ),
      );
    }
    await writeCrdSchemas(folders, join(folder, "crds"));
    return await use([
      join(folder, "crds{{.StrictSuffix}}/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json"),
      ...configured,
    ]);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
