// Trellis traces itself: a span per phase when the OTEL_* environment asks for it, through the real SDK, and
// the SDK not even loaded when it does not.
import { blueprint } from "../../blueprint.ts";
import { execFile } from "node:child_process";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, describe, expect, it } from "vitest";
import { LAYERS } from "../../lib/model/layers.ts";
import { tracingRequested } from "../../lib/telemetry/requested.ts";
import { startTracing } from "../../lib/telemetry/trellis-tracing.ts";
import { PROJECT_ROOT, runCli } from "../support/project.ts";

const RULES = blueprint.rules;

/** Rule families, the part of a rule id before "/": check makes one span for each. */
const FAMILIES = [...new Set(RULES.map((rule) => rule.id.split("/")[0] ?? rule.id))].sort();

const TSX = join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const BIN = join(PROJECT_ROOT, "bin", "trellis.ts");
const OTEL_UNSET = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("OTEL_")));

const attribute = (span: ReadableSpan, name: string) => span.attributes[`trellis.${name}`];
const parentOf = (span: ReadableSpan, spans: readonly ReadableSpan[]) =>
  spans.find((candidate) => candidate.spanContext().spanId === span.parentSpanContext?.spanId);

describe("Trellis's own traces, into an in-memory exporter", () => {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const project = mkdtemp(join(tmpdir(), "trellis-traced-"));
  const out = project.then((folder) => join(folder, "deploy"));
  afterAll(async () => {
    await tracing.shutdown();
    await rm(await project, { recursive: true, force: true });
  });

  it("synth: load, resolve, a render per environment and layer, and the write, under one root span", async () => {
    exporter.reset();
    const run = await runCli(["synth", "--root", PROJECT_ROOT, "--out", await out]);
    expect(run.code, run.stderr).toBe(0);
    const spans = exporter.getFinishedSpans();
    const root = spans.find((span) => span.name === "trellis synth");
    expect(root?.parentSpanContext).toBeUndefined();
    for (const name of ["trellis.load", "trellis.resolve", "trellis.write"]) {
      const span = spans.find((candidate) => candidate.name === name);
      expect(span && parentOf(span, spans), name).toBe(root);
    }
    expect(spans.find((span) => span.name === "trellis.resolve")?.attributes["trellis.apps"]).toBe(4);
    const renders = spans.filter((span) => span.name === "trellis.render");
    expect(renders.map((span) => attribute(span, "environment")).sort()).toEqual(["argocd", "dev", "prod", "staging"]);
    const layers = spans.filter((span) => span.name === "trellis.render.layer");
    const prodRender = renders.find((span) => attribute(span, "environment") === "prod");
    const prodLayers = layers.filter((span) => attribute(span, "environment") === "prod");
    expect(prodLayers.map((span) => attribute(span, "layer"))).toEqual(LAYERS.map((layer) => layer.name));
    expect(prodLayers.every((span) => parentOf(span, spans) === prodRender)).toBe(true);
    // The write span counts what synth wrote: every file of the output folder.
    const written = (await readdir(await out, { recursive: true, withFileTypes: true })).filter((entry) =>
      entry.isFile(),
    ).length;
    expect(spans.find((span) => span.name === "trellis.write")?.attributes["trellis.files"]).toBe(written);
  });

  it("check: one span per rule family and environment, with the environment's profile", async () => {
    exporter.reset();
    const checked = await runCli(["check", "--root", await project]);
    expect(checked.code, checked.stdout).toBe(0);
    const families = exporter.getFinishedSpans().filter((span) => span.name === "trellis.check.rules");
    const seen = families.map((span) => `${attribute(span, "profile")} ${attribute(span, "family")}`).sort();
    expect(seen).toEqual(
      ["dev", "prod", "staging"].flatMap((profile) => FAMILIES.map((family) => `${profile} ${family}`)),
    );
  });

  it("marks a failed phase as an error span", async () => {
    exporter.reset();
    const run = await runCli(["synth", "--root", join(PROJECT_ROOT, "does-not-exist"), "--out", await out]);
    expect(run.code).toBe(1);
    const load = exporter.getFinishedSpans().find((span) => span.name === "trellis.load");
    expect(load?.status.code).toBe(2);
    expect(load?.events.some((event) => event.name === "exception")).toBe(true);
  });
});

describe("tracing from the environment", () => {
  it("is asked for only by the SDK's own variables", () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: "console" })).toBe(true);
    expect(
      tracingRequested({ OTEL_TRACES_EXPORTER: "none", OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" }),
    ).toBe(false);
    expect(tracingRequested({ OTEL_SDK_DISABLED: "true", OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" })).toBe(
      false,
    );
  });

  it("sends the CLI's spans over OTLP/HTTP to the configured endpoint, as service trellis", async () => {
    const received: unknown[] = [];
    const server = createServer(async (request: IncomingMessage, response) => {
      let body = "";
      for await (const chunk of request) body += String(chunk);
      if (request.url === "/v1/traces") received.push(JSON.parse(body));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const env = {
        ...OTEL_UNSET,
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_METRICS_EXPORTER: "none",
        OTEL_LOGS_EXPORTER: "none",
      };
      await promisify(execFile)(TSX, [BIN, "check", join(PROJECT_ROOT, "deploy", "dev"), "--profile", "dev"], {
        cwd: PROJECT_ROOT,
        env,
      });
      const spans = received.flatMap((payload) =>
        (
          payload as {
            resourceSpans: {
              resource: { attributes: { key: string; value: { stringValue?: string } }[] };
              scopeSpans: { spans: { name: string }[] }[];
            }[];
          }
        ).resourceSpans.map((resourceSpans) => ({
          service: resourceSpans.resource.attributes.find((item) => item.key === "service.name")?.value.stringValue,
          names: resourceSpans.scopeSpans.flatMap((scope) => scope.spans.map((span) => span.name)),
        })),
      );
      expect(spans.map((entry) => entry.service)).toContain("trellis");
      const names = spans.flatMap((entry) => entry.names);
      expect(names).toContain("trellis check");
      expect(names.filter((name) => name === "trellis.check.rules")).toHaveLength(FAMILIES.length);
    } finally {
      server.close();
    }
  });

  it("does not load the SDK when nothing asks for traces", async () => {
    // Runs the CLI in a fresh process and counts the OpenTelemetry modules loaded (they are CommonJS).
    const probe = (env: NodeJS.ProcessEnv) =>
      promisify(execFile)(
        process.execPath,
        [
          "--import",
          "tsx",
          "--input-type=module",
          "-e",
          `import { createRequire } from "node:module";
           const { main } = await import(${JSON.stringify(join(PROJECT_ROOT, "lib", "cli", "main.ts"))});
           const load = async () => (await import(${JSON.stringify(join(PROJECT_ROOT, "blueprint.ts"))})).blueprint;
           await main(["check", ${JSON.stringify(join(PROJECT_ROOT, "deploy", "dev"))}, "--profile", "dev"], { out() {}, err() {} }, load);
           const loaded = Object.keys(createRequire(import.meta.url).cache).filter((file) => file.includes("@opentelemetry/"));
           console.log(loaded.length);`,
        ],
        { cwd: PROJECT_ROOT, env },
      );
    expect(Number((await probe(OTEL_UNSET)).stdout.trim())).toBe(0);
    // The probe sees the SDK when it is loaded: traces to a console exporter (its output goes to stdout first).
    const traced = await probe({
      ...OTEL_UNSET,
      OTEL_TRACES_EXPORTER: "console",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
    });
    expect(Number(traced.stdout.trim().split("\n").at(-1))).toBeGreaterThan(10);
  });
});
