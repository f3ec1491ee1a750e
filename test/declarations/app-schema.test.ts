// The app schema on its own: which image references, ports and names it accepts.
import { describe, expect, it } from "vitest";
import { appSchema } from "../../apps/schema.ts";

const base = {
  id: "a",
  description: "d",
  namespace: "n",
  language: "go",
  executable: "/app/a",
  image: "ghcr.io/acme/a:1.0.0",
  port: 8080,
  protocol: "http",
  replicas: { default: 1 },
  resources: { cpu: { request: "10m" }, memory: { request: "10Mi", limit: "20Mi" } },
  health: { kind: "tcp" },
};
const accepts = (override: object) => appSchema.safeParse({ ...base, ...override }).success;

describe("app schema", () => {
  it.each([
    "ghcr.io/acme/a:1.0.0",
    "registry.example.com:5000/team/a:v2",
    "a:1",
    `ghcr.io/acme/a:1.0.0@sha256:${"a".repeat(64)}`,
  ])("accepts image %s", (image) => expect(accepts({ image })).toBe(true));

  it.each([
    "ghcr.io/acme/a",
    "registry.example.com:5000/team/a",
    "ghcr.io/acme/a:latest",
    `ghcr.io/acme/a@sha256:${"a".repeat(64)}`,
    "GHCR.io/Acme/a:1.0",
  ])("refuses image %s", (image) => expect(accepts({ image })).toBe(false));

  it.each([0, 65536, 1.5, 3500, 50001])("refuses port %s", (port) => expect(accepts({ port })).toBe(false));

  it.each([
    ["http", { kind: "grpc" }],
    ["grpc", { kind: "http", path: "/healthz" }],
    ["grpcs", { kind: "grpc" }],
  ])("refuses a %s app probed with %j", (protocol, health) => expect(accepts({ protocol, health })).toBe(false));

  it.each([
    ["grpcs", { kind: "tcp" }],
    ["https", { kind: "http", path: "/healthz" }],
    ["h2c", { kind: "tcp" }],
  ])("accepts a %s app probed with %j", (protocol, health) => expect(accepts({ protocol, health })).toBe(true));

  it("refuses app ids that make the sidecar's <id>-dapr Service name too long", () => {
    expect(accepts({ id: "a".repeat(58) })).toBe(true);
    expect(accepts({ id: "a".repeat(59) })).toBe(false);
  });

  it("fills the optional lists so the model never sees undefined", () => {
    const parsed = appSchema.parse(base);
    expect([parsed.uses, parsed.invokes, parsed.methods, parsed.publishes, parsed.subscribes]).toEqual([[], [], [], [], []]);
    expect(parsed.actors).toBe(false);
  });
});

describe("Go apps", () => {
  it("must name their executable, which Go auto-instrumentation attaches to", () => {
    const { executable: _, ...withoutExecutable } = base;
    const result = appSchema.safeParse(withoutExecutable);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toEqual(["executable"]);
    expect(appSchema.safeParse({ ...withoutExecutable, language: "python" }).success).toBe(true);
  });
});
