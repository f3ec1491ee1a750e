import { describe, expect, it } from "vitest";
import {
  describeComponentType,
  listComponentTypes,
} from "../../../runtime/components/contracts/describe-components.ts";

describe("the component listing", () => {
  it("lists canonical types with their versions, status and daprd's other names", () => {
    const rows = listComponentTypes();
    expect(rows.find((row) => row.type === "state.postgresql")).toEqual({
      type: "state.postgresql",
      kind: "state",
      versions: ["v1", "v2"],
      status: "stable",
      aliases: ["state.postgres"],
      registered: true,
    });
    expect(rows.find((row) => row.type === "state.postgres")).toBeUndefined();
    expect(rows.find((row) => row.type === "middleware.http.uppercase")?.status).toBe("untyped");
    expect(rows.find((row) => row.type === "secretstores.aws.secretsmanager")?.registered).toBe(false);
  });

  it("lists alias rows on request, and one kind", () => {
    const rows = listComponentTypes(undefined, { includeAliases: true, kind: "state" });
    expect(rows.find((row) => row.type === "state.postgres")?.aliasOf).toBe("state.postgresql");
    expect(rows.every((row) => row.kind === "state")).toBe(true);
  });
});

describe("one type's fields", () => {
  it("gives the contract's fields, the profiles' and daprd's own", () => {
    const redis = describeComponentType("state.redis");
    expect(redis).toMatchObject({ type: "state.redis", version: "v1", typed: true, status: "stable" });
    const byName = new Map(redis?.fields.map((field) => [field.name, field]));
    expect(byName.get("redisHost")).toMatchObject({ required: true, sensitive: false, origin: "contract" });
    expect(byName.get("redisPassword")).toMatchObject({ required: false, sensitive: true, origin: "profile" });
    expect(byName.get("redisType")?.allowedValues).toEqual(["node", "cluster"]);
    expect(byName.get("enableTLS")?.requiredByProfiles).toContain("Azure AD: Managed identity");
    expect(byName.get("keyPrefix")).toMatchObject({ origin: "daprd", default: "appid" });
  });

  it("defaults to the version daprd prefers and describes an alias through its contract", () => {
    expect(describeComponentType("state.postgres")).toMatchObject({
      version: "v2",
      aliasOf: "state.postgresql",
      source: "state/postgresql/v2/metadata.yaml",
    });
    expect(describeComponentType("state.postgres", "v1")?.source).toBe("state/postgresql/v1/metadata.yaml");
  });

  it("knows no fields of an untyped version and nothing of an unknown type", () => {
    expect(describeComponentType("state.etcd", "v2")).toMatchObject({ typed: false });
    expect(describeComponentType("state.nosuch")).toBeUndefined();
    expect(describeComponentType("state.redis", "v7")).toBeUndefined();
  });
});
