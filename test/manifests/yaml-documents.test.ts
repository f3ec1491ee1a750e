// The YAML reader (js-yaml's events) against the `yaml` package's YAML 1.1 reader it replaced: the same values
// and the same document lines for every YAML file at hand, and the same answer on the scalars YAML 1.1 reads
// as something other than a string.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LineCounter, parse, parseAllDocuments } from "yaml";
import { readYamlDocuments, YamlRefusal } from "../../lib/manifests/yaml-documents.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const SHARED = join(PROJECT_ROOT, "..", "shared");
const FOLDERS = [
  join(SHARED, "corpus"),
  join(SHARED, "schemas", "crds-raw"),
  join(PROJECT_ROOT, "test", "fixtures"),
  join(PROJECT_ROOT, "policies"),
  join(PROJECT_ROOT, "deploy"),
];

async function yamlFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

function referenceDocuments(text: string) {
  const lineCounter = new LineCounter();
  return parseAllDocuments(text, { lineCounter, version: "1.1" })
    .map((document) => ({
      line: lineCounter.linePos(document.contents?.range?.[0] ?? 0).line,
      value: document.toJS({ maxAliasCount: -1 }) as unknown,
    }))
    .filter((document) => document.value !== null && document.value !== undefined);
}

describe("the YAML reader", () => {
  it("reads every corpus, CRD, fixture and deploy/ file to the values and lines the yaml package reads", async () => {
    let documents = 0;
    for (const folder of FOLDERS) {
      for (const file of await yamlFiles(folder)) {
        const text = await readFile(file, "utf8");
        const expected = referenceDocuments(text);
        const read = readYamlDocuments(text).filter(
          (document) => document.value !== null && document.value !== undefined,
        );
        expect(
          read.map(({ line, value }) => ({ line, value })),
          file,
        ).toEqual(expected);
        documents += read.length;
      }
    }
    expect(documents).toBeGreaterThan(500);
  });

  it.each([
    "yes",
    "Off",
    "y",
    "~",
    "0755",
    "0x1F",
    "0b101",
    "1_000",
    "1e3",
    "1:20",
    "12.5",
    ".inf",
    "-.Inf",
    "2024-01-01",
    "plain",
    "--requirepass",
  ])("reads the plain scalar %s as YAML 1.1 does", (scalar) => {
    const text = `value: ${scalar}\n`;
    expect(readYamlDocuments(text)[0]?.value).toEqual(parse(text, { version: "1.1" }));
  });

  it("gives the line of each item of a List", () => {
    const text =
      "apiVersion: v1\nkind: List\nmetadata: {}\nitems:\n  - kind: A\n    apiVersion: v1\n  - {kind: B, apiVersion: v1}\n  -\n    kind: C\n";
    expect(readYamlDocuments(text)[0]?.itemLines).toEqual([5, 7, 9]);
  });

  it("refuses a syntax error with its line, and aliases that expand a document past its budget", () => {
    expect(() => readYamlDocuments("a: 1\nb: [\n")).toThrow(YamlRefusal);
    try {
      readYamlDocuments("a: 1\nb: c: d\n");
    } catch (error) {
      expect((error as YamlRefusal).line).toBe(2);
    }
    const levels = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...Array.from(
        { length: 5 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(", ")}]`,
      ),
    ];
    expect(() => readYamlDocuments(levels.join("\n"))).toThrow(/Excessive alias count/);
    // A few aliases that stay small are read.
    expect(readYamlDocuments("a: &a {x: 1}\nb: *a\n")[0]?.value).toEqual({ a: { x: 1 }, b: { x: 1 } });
  });
});
