// The app schema on its own: which image references, ports and names it accepts.
import { describe, expect, it } from "vitest";
import { appSchema } from "../../lib/model/declarations/app.ts";
import { appDeclaration } from "../support/declaration-builders.ts";

const base = appDeclaration({ id: "a", language: "go", executable: "/app/a", image: "ghcr.io/acme/a:1.0.0" });
const accepts = (override: object) => appSchema.safeParse({ ...base, ...override }).success;
/** Each problem as "field: message". */
const refusal = (override: object) =>
  appSchema
    .safeParse({ ...base, ...override })
    .error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
const NEEDS_TAG =
  'image: image needs an explicit tag, e.g. "ghcr.io/acme/orders:1.4.2" (a digest may follow: "...:1.4.2@sha256:...")';

describe("app schema", () => {
  it.each([
    "ghcr.io/acme/a:1.0.0",
    "registry.example.com:5000/team/a:v2",
    "a:1",
    `ghcr.io/acme/a:1.0.0@sha256:${"a".repeat(64)}`,
  ])("accepts image %s", (image) => expect(accepts({ image })).toBe(true));

  it.each([
    ["ghcr.io/acme/a", NEEDS_TAG],
    ["registry.example.com:5000/team/a", NEEDS_TAG],
    ["ghcr.io/acme/a:latest", 'image: image tag "latest" is not reproducible; pin a version tag'],
    [`ghcr.io/acme/a@sha256:${"a".repeat(64)}`, NEEDS_TAG],
    ["GHCR.io/Acme/a:1.0", "image: image registry and repository must be lowercase"],
  ])("refuses image %s: %s", (image, message) => expect(refusal({ image })).toEqual([message]));

  it.each([
    [0, "port: port must be between 1 and 65535"],
    [65536, "port: port must be between 1 and 65535"],
    [1.5, "port: port must be a whole number"],
    [3500, "port: port collides with a Dapr sidecar port (3500, 3501, 9090, 50001, 50002); pick another"],
    [50001, "port: port collides with a Dapr sidecar port (3500, 3501, 9090, 50001, 50002); pick another"],
  ])("refuses port %s: %s", (port, message) => expect(refusal({ port })).toEqual([message]));

  it.each([
    ["http", { kind: "grpc" }, 'health.kind: a grpc probe cannot check a http app; use "http" or "tcp"'],
    [
      "grpc",
      { kind: "http", path: "/healthz" },
      'health.kind: a http probe cannot check a grpc app; use "grpc" or "tcp"',
    ],
    ["grpcs", { kind: "grpc" }, 'health.kind: a grpc probe cannot check a grpcs app; use "tcp"'],
  ])("refuses a %s app probed with %j", (protocol, health, message) =>
    expect(refusal({ protocol, health })).toEqual([message]),
  );

  it.each([
    ["grpcs", { kind: "tcp" }],
    ["https", { kind: "http", path: "/healthz" }],
    ["h2c", { kind: "tcp" }],
  ])("accepts a %s app probed with %j", (protocol, health) => expect(accepts({ protocol, health })).toBe(true));

  it("refuses app ids that make the sidecar's <id>-dapr Service name too long", () => {
    expect(accepts({ id: "a".repeat(58) })).toBe(true);
    expect(refusal({ id: "a".repeat(59) })).toEqual(["id: app id must be at most 58 characters"]);
  });

  it("fills the optional lists so the model never sees undefined", () => {
    const parsed = appSchema.parse(base);
    expect([parsed.uses, parsed.invokes, parsed.methods, parsed.publishes, parsed.subscribes]).toEqual([
      [],
      [],
      [],
      [],
      [],
    ]);
    expect(parsed.actors).toBe(false);
  });
});

describe("Go apps", () => {
  it("must name their executable, which Go auto-instrumentation attaches to", () => {
    const { executable: _, ...withoutExecutable } = base;
    const result = appSchema.safeParse(withoutExecutable);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)).toEqual([
      'executable: Go auto-instrumentation needs the binary\'s path; add executable: "/path/in/image"',
    ]);
    expect(appSchema.safeParse({ ...withoutExecutable, language: "python" }).success).toBe(true);
  });
});
