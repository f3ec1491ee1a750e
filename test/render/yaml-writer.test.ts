// The YAML writer (js-yaml with its YAML 1.1 schema) against the `yaml` package, the reference YAML 1.1
// implementation Trellis wrote with before: the same bytes for everything Trellis renders, and values that a
// YAML 1.1 reader gets back unchanged for the scalars YAML 1.1 reads as something else.
import { blueprint } from "../../blueprint.ts";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { toYaml } from "../../lib/render/manifest-files.ts";
import { renderPlatform } from "../../lib/synth.ts";
import { PROJECT_ROOT } from "../support/project.ts";

const referenceWriter = (value: unknown) =>
  stringify(value, { version: "1.1", lineWidth: 0, sortMapEntries: true, indentSeq: true });

const HAZARDS = [
  ...[
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "on",
    "On",
    "off",
    "OFF",
    "y",
    "Y",
    "n",
    "N",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "",
  ],
  ...[
    "0755",
    "0o17",
    "0x1F",
    "0b101",
    "1e3",
    "1_000",
    "1:20",
    "190:20:30",
    "-1",
    "+1",
    "12.5",
    ".5",
    "1.",
    ".inf",
    "-.Inf",
    ".nan",
    "0",
  ],
  ...["2024-01-01", "2024-01-01T00:00:00Z", "2001-12-14 21:59:43.10 -5"],
  ...[
    "- item",
    "a: b",
    "#comment",
    "a #b",
    "@at",
    "`tick",
    "*star",
    "&anchor",
    "!bang",
    "%percent",
    "|pipe",
    ">gt",
    "=",
    "<<",
    "?q",
    "-",
    "--requirepass",
  ],
  ...[
    "{{.values.rootApplication}}",
    "{braces}",
    "[brackets]",
    "a,b",
    "http://x:80/y",
    "trailing ",
    " leading",
    "tab\there",
    'say "hi"',
    "'single'",
  ],
  ...["multi\nline\n", "multi\nline", "\n", "ünïcödé", "emoji 😀", "bell\u0007", "zero-width\u200b"],
];

describe("the YAML writer", () => {
  it("writes every file of the reference platform byte for byte as the yaml package does", async () => {
    const { folders } = await renderPlatform(blueprint, PROJECT_ROOT);
    let compared = 0;
    for (const { files } of folders) {
      for (const file of files) {
        const object = parse(file.content, { version: "1.1" });
        expect(toYaml(object), file.path).toBe(referenceWriter(object));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it.each(HAZARDS.map((value) => [JSON.stringify(value), value]))(
    "a YAML 1.1 reader gets %s back as the same string",
    (_, value) => {
      const object = { data: { value, [value === "" ? "empty" : value]: "key" }, list: [value] };
      expect(parse(toYaml(object), { version: "1.1" })).toEqual(object);
    },
  );

  it("keeps numbers, booleans and null typed", () => {
    const object = { a: 1, b: 1.5, c: true, d: false, e: null, f: -0.25, g: 1e21 };
    expect(parse(toYaml(object), { version: "1.1" })).toEqual(object);
  });
});
