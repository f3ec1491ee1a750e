// `trellis components [TYPE]`: the component types of the pinned Dapr release and one type's fields, as a table or
// JSON, from the contracts synth and check use; an unknown type or version is bad usage with the nearest names.
import { describe, expect, it } from "vitest";
import { CHARTS, DAPR_COMPONENTS_CONTRIB } from "../../versions.ts";
import { expectNoStackTrace, runCli } from "../support/project.ts";

const SOURCE = `components-contrib ${DAPR_COMPONENTS_CONTRIB}, daprd v${CHARTS.dapr.version}`;

/** The start of each column, read from the heading line. */
function columnStarts(heading: string): number[] {
  return [...heading.matchAll(/\S+/g)].map((match) => match.index);
}

describe("trellis components", () => {
  it("lists every type in aligned columns, aliases beside their type, and says where the contracts come from", async () => {
    const run = await runCli(["components"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.trimEnd().split("\n");
    const [heading = ""] = lines;
    expect(heading.split(/\s+/)).toEqual(["TYPE", "VERSIONS", "STATUS", "ALIASES", "NOTE"]);
    const [, versions = 0, status = 0, aliases = 0] = columnStarts(heading);
    const row = (type: string) => lines.find((line) => line.startsWith(`${type} `)) ?? "";
    const postgresql = row("state.postgresql");
    expect(postgresql.slice(versions, status).trim()).toBe("v1, v2");
    expect(postgresql.slice(status, aliases).trim()).toBe("stable");
    expect(postgresql.slice(aliases).trim()).toBe("state.postgres");
    // An alias is no row of its own; a name only a contract gives says that daprd does not load it.
    expect(row("state.postgres")).toBe("");
    expect(row("secretstores.aws.secretsmanager")).toContain("daprd does not load this name");
    expect(lines.at(-2)).toContain(`contracts: ${SOURCE}.`);
  });

  it("describes one type: its fields with type, requirement, default and notes, and its authentication profiles", async () => {
    const run = await runCli(["components", "state.redis"]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("state.redis v1: Redis (stable)");
    expect(lines).toContain(`contract: state/redis/metadata.yaml (${SOURCE})`);
    const heading = lines.find((line) => line.startsWith("FIELD ")) ?? "";
    expect(heading.split(/\s+/)).toEqual(["FIELD", "TYPE", "REQUIRED", "DEFAULT", "NOTES", "DESCRIPTION"]);
    const [, type = 0, required = 0, defaults = 0, notes = 0, description = 0] = columnStarts(heading);
    const field = (name: string) => lines.find((line) => line.startsWith(`${name} `)) ?? "";
    expect(field("redisHost").slice(type, required).trim()).toBe("string");
    expect(field("redisHost").slice(required, defaults).trim()).toBe("yes");
    expect(field("redisType").slice(defaults, notes).trim()).toBe("node");
    expect(field("redisType").slice(notes, description).trim()).toBe("one of node|cluster");
    expect(field("redisPassword").slice(notes, description).trim()).toBe("sensitive: secretKeyRef only; profile field");
    expect(field("keyPrefix").slice(notes, description).trim()).toBe("read by daprd");
    expect(lines).toContain("Authentication profiles (one must be complete), with the fields each requires:");
  });

  it("describes another version, and an alias through its type's contract", async () => {
    const run = await runCli(["components", "state.postgres", "--version", "v1"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("state.postgres v1: PostgreSQL (stable)\ndaprd's other name for state.postgresql\n");
    expect(run.stdout).toContain("contract: state/postgresql/v1/metadata.yaml");
  });

  it("prints JSON for tools: the list, and one type", async () => {
    const list = await runCli(["components", "--format", "json"]);
    expect(list.code, list.stderr).toBe(0);
    const listed = JSON.parse(list.stdout) as { contracts: string; types: { type: string; aliasOf?: string }[] };
    expect(listed.contracts).toBe(SOURCE);
    expect(listed.types.find((row) => row.type === "state.postgres")?.aliasOf).toBe("state.postgresql");

    const one = await runCli(["components", "pubsub.kafka", "--format", "json"]);
    expect(one.code, one.stderr).toBe(0);
    const kafka = JSON.parse(one.stdout) as {
      type: string;
      version: string;
      fields: { name: string; sensitive: boolean; required: boolean }[];
    };
    expect(kafka).toMatchObject({
      contracts: SOURCE,
      type: "pubsub.kafka",
      version: "v1",
      typed: true,
      source: "pubsub/kafka/metadata.yaml",
    });
    expect(kafka.fields.find((field) => field.name === "brokers")).toMatchObject({ required: true });
    expect(kafka.fields.find((field) => field.name === "saslPassword")).toMatchObject({ sensitive: true });
  });

  it("refuses an unknown type with exit 2 and the nearest names", async () => {
    const typo = await runCli(["components", "state.rediss"]);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe("");
    expect(typo.stderr.trim()).toBe(
      'trellis components: unknown component type "state.rediss"; did you mean state.redis?; run trellis components --help',
    );
    const bare = await runCli(["components", "redis"]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain(
      'unknown component type "redis"; did you mean one of bindings.redis, configuration.redis, lock.redis, pubsub.redis, state.redis?',
    );
    const nothing = await runCli(["components", "nosuch.thing"]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('unknown component type "nosuch.thing"; trellis components lists every type');
    expectNoStackTrace(nothing.stderr);
  });

  it("refuses an unknown version of a known type, --version without a type, and a second type", async () => {
    const version = await runCli(["components", "state.redis", "--version", "v2"]);
    expect(version.code).toBe(2);
    expect(version.stderr).toContain('state.redis has no version "v2"; its versions: v1');
    const alone = await runCli(["components", "--version", "v1"]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("--version needs a TYPE");
    const two = await runCli(["components", "state.redis", "pubsub.redis"]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('unexpected argument "pubsub.redis"');
  });
});
