// JSON schemas derived from CRDs: closed objects, and a field that is called "properties" stays a field.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeCrdSchemas } from "../../lib/tools/crd-schemas.ts";
import { testFolder } from "../support/temp-folder.ts";

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                properties: {type: array, items: {type: string}}
                port: {x-kubernetes-int-or-string: true}
                extra: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {a: {type: string}}}
    - name: v0
      served: false
      storage: false
      schema: {openAPIV3Schema: {type: object}}
`;

describe("CRD schemas", () => {
  it("closes nested objects, keeps fields named like keywords, and skips versions not served", async () => {
    const folder = await testFolder("crd");
    await writeFile(join(folder, "widget.yaml"), CRD);
    expect(await writeCrdSchemas([folder], join(folder, "out"))).toBe(1);
    const schema = JSON.parse(await readFile(join(folder, "out", "example.com", "widget_v1.json"), "utf8"));
    const spec = schema.properties.spec;
    expect(spec.additionalProperties).toBe(false);
    expect(Object.keys(spec.properties).sort()).toEqual(["extra", "port", "properties"]);
    expect(spec.properties.properties).toEqual({ type: "array", items: { type: "string" } });
    expect(spec.properties.port.oneOf).toEqual([{ type: "string" }, { type: "integer" }]);
    expect(spec.properties.extra).not.toHaveProperty("additionalProperties");
    expect(schema).not.toHaveProperty("additionalProperties");
    const strict = JSON.parse(await readFile(join(folder, "out-strict", "example.com", "widget_v1.json"), "utf8"));
    expect(strict.additionalProperties).toBe(false);
  });
});
