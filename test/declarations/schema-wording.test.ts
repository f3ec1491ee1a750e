// Schema problems reach the user in Trellis's words: the value found, what is allowed or known, and what to do.
import { describe, expect, it } from "vitest";
import { appSchema } from "../../lib/model/declarations/app.ts";
import { issueMessage, knownFields, ZOD_WORDING } from "../../lib/declarations/schema-wording.ts";
import { appDeclaration } from "../support/declaration-builders.ts";

const REFERENCE = "lib/model/declarations/app.ts";

function messages(input: unknown): string[] {
  const result = appSchema.safeParse(input);
  return (result.error?.issues ?? []).map(
    (issue) => `${issue.path.join(".")}: ${issueMessage(issue, input, REFERENCE)}`,
  );
}

describe("schema wording", () => {
  it("names the value found and the type wanted instead of zod's words", () => {
    const found = messages({ ...appDeclaration({ id: "a" }), port: "8080" });
    expect(found).toEqual(['port: string "8080" where a number belongs; give a number']);
    // zod's own wording for the same issue, which the translation replaces.
    expect(appSchema.safeParse({ ...appDeclaration({ id: "a" }), port: "8080" }).error?.issues[0]?.message).toMatch(
      ZOD_WORDING,
    );
  });

  it("lists the values allowed", () => {
    expect(messages({ ...appDeclaration({ id: "a" }), protocol: "htp" })).toEqual([
      'protocol: string "htp" is not allowed; use one of "http", "grpc", "https", "grpcs", "h2c"',
    ]);
  });

  it("keeps a refinement's own message once", () => {
    const [message] = messages({ ...appDeclaration({ id: "a" }), language: "go" });
    expect(message).toBe(
      'executable: Go auto-instrumentation needs the binary\'s path; add executable: "/path/in/image"',
    );
  });

  it("suggests the field an unknown one most likely meant, and lists the fields there", () => {
    expect(knownFields(appSchema, [], "usez", REFERENCE)).toMatch(/^did you mean "uses"\? the fields here are: id, /);
    expect(knownFields(appSchema, [], "zzzz", REFERENCE)).toMatch(/^the fields here are: id, /);
    expect(knownFields(appSchema, ["nowhere"], "x", REFERENCE)).toBe(
      `remove it, or check its spelling against ${REFERENCE}`,
    );
  });
});
