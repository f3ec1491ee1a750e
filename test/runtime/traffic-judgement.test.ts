// How the traffic checks judge what the sidecars did: the access each Configuration gives an undeclared call, the
// event data a route rule picks, daprd's own error lines, and a plaintext gRPC client against a plaintext and a TLS
// server. The live checks run in the rehearsal (test/argocd/rehearse.test.ts).
import { createSecureServer, createServer, type Http2Server } from "node:http2";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPlatform } from "../../lib/synth.ts";
import { expectedAccess, plaintextGrpc } from "../../runtime/traffic/traffic-step.ts";
import { dataMatching } from "../../runtime/traffic/route-rules.ts";
import { lastErrors } from "../../runtime/traffic/daprd-words.ts";
import { orphans, spanSources, waterfall } from "../../runtime/traffic/trace-check.ts";
import { consecutiveFailures, retriesStatus } from "../../runtime/traffic/resiliency-check.ts";
import { expectedDeliveries } from "../../runtime/traffic/dead-letter-check.ts";
import { freePorts } from "../../lib/tools/processes.ts";

const platform = await loadPlatform(resolve(import.meta.dirname, "../.."));
const app = (environment: string, id: string) =>
  platform.environments
    .find((candidate) => candidate.name === environment)!
    .apps.find((candidate) => candidate.id === id)!;

describe("the access an undeclared call should get", () => {
  const orderApi = { id: "order-api", namespace: "orders" };
  it("allows the declared call everywhere", () => {
    for (const environment of ["dev", "staging", "prod"])
      expect(expectedAccess(app(environment, "payment-api").accessControl, orderApi, "charge", "POST")).toBe("allow");
  });
  it("denies an undeclared method or verb where the environment denies by default, allows it in dev", () => {
    expect(expectedAccess(app("staging", "payment-api").accessControl, orderApi, "status", "GET")).toBe("deny");
    expect(expectedAccess(app("prod", "payment-api").accessControl, orderApi, "charge", "DELETE")).toBe("deny");
    expect(expectedAccess(app("dev", "payment-api").accessControl, orderApi, "status", "GET")).toBe("allow");
  });
  it("denies a caller with no policy where the default is deny", () => {
    const stranger = { id: "fulfillment-api", namespace: "orders" };
    expect(expectedAccess(app("prod", "payment-api").accessControl, stranger, "charge", "POST")).toBe("deny");
  });
});

describe("the data a route rule picks", () => {
  it("satisfies a field equality, and gives up on any other expression", () => {
    expect(dataMatching('event.data.priority == "express"')).toEqual({ priority: "express" });
    expect(dataMatching("event.data.total > 100")).toBeUndefined();
  });
});

describe("daprd's own words", () => {
  it("keeps its last fatal and error messages, else its last line", () => {
    const log = [
      '{"level":"info","msg":"starting"}',
      '{"level":"error","msg":"failed to init kubernetes secret store"}',
      '{"level":"fatal","msg":"process component kubernetes error"}',
    ].join("\n");
    expect(lastErrors(log)).toBe("failed to init kubernetes secret store | process component kubernetes error");
    expect(lastErrors('{"level":"info","msg":"fine"}\n')).toBe('{"level":"info","msg":"fine"}');
  });
});

describe("a plaintext gRPC client", () => {
  const servers: Http2Server[] = [];
  const folder = mkdtempSync(join(tmpdir(), "trellis-mtls-"));
  afterAll(() => {
    servers.forEach((server) => server.close());
    rmSync(folder, { recursive: true, force: true });
  });
  const listen = (server: Http2Server, port: number) =>
    new Promise<void>((done) => {
      servers.push(server);
      server.on("stream", (stream) => {
        stream.respond({ ":status": 200 });
        stream.end();
      });
      server.listen(port, "127.0.0.1", () => done());
    });

  it("gets an answer from a plaintext server and none from a TLS one", async () => {
    const [plain, tls] = await freePorts(2);
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        join(folder, "key.pem"),
        "-out",
        join(folder, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    await listen(createServer(), plain!);
    await listen(
      createSecureServer({ key: readFileSync(join(folder, "key.pem")), cert: readFileSync(join(folder, "cert.pem")) }),
      tls!,
    );
    expect(await plaintextGrpc("127.0.0.1", plain!)).toBe("HTTP/2 200");
    expect(await plaintextGrpc("127.0.0.1", tls!)).toBeUndefined();
  });
});

describe("a trace as Jaeger returns it", () => {
  const process = (service: string, language: string) => ({
    serviceName: service,
    tags: [{ key: "telemetry.sdk.language", value: language }],
  });
  const span = (id: string, parent: string | undefined, processID: string, at: number) => ({
    spanID: id,
    operationName: `op ${id}`,
    processID,
    startTime: 1_000_000 + at * 1000,
    duration: 2000,
    ...(parent ? { references: [{ refType: "CHILD_OF", spanID: parent }] } : {}),
  });
  const processes = {
    p1: process("order-api", "nodejs"),
    p2: process("order-api", "go"),
    p3: process("payment-api", "go"),
  };
  const whole = {
    processes,
    spans: [span("a", undefined, "p1", 0), span("b", "a", "p2", 1), span("c", "b", "p3", 2)],
  };

  it("tells the app's spans from its sidecar's, and finds the one root of a whole trace", () => {
    expect(spanSources(whole)).toEqual(
      new Map([
        ["order-api", new Set(["app", "sidecar"])],
        ["payment-api", new Set(["sidecar"])],
      ]),
    );
    expect(orphans(whole).map((orphan) => orphan.spanID)).toEqual(["a"]);
    expect(waterfall(whole)).toEqual([
      "order-api (app) op a  +0.0 ms, 2.0 ms",
      "  order-api (daprd) op b  +1.0 ms, 2.0 ms",
      "    payment-api (daprd) op c  +2.0 ms, 2.0 ms",
    ]);
  });

  it("finds a span whose parent never arrived", () => {
    const broken = { processes, spans: [span("a", undefined, "p1", 0), span("c", "lost", "p3", 2)] };
    expect(orphans(broken).map((orphan) => orphan.spanID)).toEqual(["a", "c"]);
  });
});

describe("a breaker's trip", () => {
  it("reads consecutiveFailures > N, and nothing else", () => {
    expect(consecutiveFailures("consecutiveFailures > 5")).toBe(5);
    expect(consecutiveFailures("requests > 10 && totalFailures > 3")).toBeUndefined();
  });
});

describe("the deliveries a failing event gets before it is dead-lettered", () => {
  it("counts the first and each retry of the subscriber's delivery policy", () => {
    const environment = platform.environments.find((candidate) => candidate.name === "dev")!;
    const subscription = app("dev", "fulfillment-api").subscriptions[0]!;
    expect(subscription.deadLetterTopic).toBeTruthy();
    expect(expectedDeliveries(environment, subscription)).toBe(6);
    // A subscriber the model gives no delivery policy: one delivery, no retry.
    expect(expectedDeliveries(environment, { ...subscription, subscriber: "order-api" })).toBe(1);
  });
});

describe("whether a retry policy retries a status", () => {
  it("takes a status in a listed code or range, and every status without a list", () => {
    expect(retriesStatus("429,502-504", 503)).toBe(true);
    expect(retriesStatus(undefined, 503)).toBe(true);
    expect(retriesStatus("429,502-504", 500)).toBe(false);
    expect(retriesStatus("429", 503)).toBe(false);
  });
});
