// The stand-in app plays a declaration on loopback, over HTTP and as a gRPC AppCallback, beside a fake sidecar that
// records what the stand-in sends it: declared methods and routes answer, undeclared ones do not, and a behaviour
// makes it fail as told.
import { createServer, type Server } from "node:http";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentials, loadPackageDefinition, type ServiceError } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { bundleStandIn } from "../../runtime/stand-in/stand-in-bundle.ts";
import type { StandInPlan } from "../../runtime/stand-in/stand-in-plan.ts";
import { daprModuleSource } from "../../lib/tools/dapr.ts";
import { freePorts, spawnEngine, waitFor, type EngineProcess } from "../../lib/tools/processes.ts";

let folder: string;
let sidecar: Server;
const sidecarRequests: { path: string; method: string; body: string }[] = [];
const started: EngineProcess[] = [];
let http: StandInPlan;
let grpc: StandInPlan;
let protoRoot: string;

async function startStandIn(plan: StandInPlan, app: string, sidecarPort: number): Promise<void> {
  const planFile = join(folder, `${plan.id}.json`);
  await writeFile(planFile, JSON.stringify(plan));
  const process = spawnEngine(plan.id, globalThis.process.execPath, [app, planFile], {
    env: { ...globalThis.process.env, DAPR_HTTP_PORT: String(sidecarPort), OTEL_EXPORTER_OTLP_ENDPOINT: "" },
  });
  started.push(process);
  await waitFor(
    `stand-in ${plan.id}`,
    () =>
      fetch(`http://127.0.0.1:${plan.controlPort}/received`).then(
        (response) => (response.ok ? true : undefined),
        () => undefined,
      ),
    { deadlineMs: 20_000, watch: [process] },
  );
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "trellis-stand-in-"));
  const bundle = await bundleStandIn(join(folder, "bundle"));
  protoRoot = await daprModuleSource();
  const [sidecarPort, httpPort, httpControl, grpcPort, grpcControl] = await freePorts(5);
  sidecar = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      sidecarRequests.push({ path: request.url ?? "", method: request.method ?? "", body });
      response.writeHead(204).end();
    });
  }).listen(sidecarPort, "127.0.0.1");
  const common = { address: "127.0.0.1", protoRoot, actors: false, invokes: [], publishes: [] };
  http = {
    ...common,
    id: "payment-api",
    port: httpPort!,
    controlPort: httpControl!,
    protocol: "http",
    healthPath: "/healthz",
    methods: [{ name: "charge", verbs: ["POST"] }],
    routes: ["/orders", "/orders/express"],
    inputBindings: [],
    actors: true,
    invokes: [{ target: "order-api", method: "status", verb: "GET" }],
    publishes: [{ pubsub: "orderpubsub", topic: "orders.created" }],
  };
  grpc = {
    ...common,
    id: "shipping-worker",
    port: grpcPort!,
    controlPort: grpcControl!,
    protocol: "grpc",
    healthPath: undefined,
    methods: [{ name: "dispatch", verbs: ["POST"] }],
    routes: [],
    inputBindings: ["schedule"],
  };
  await startStandIn(http, bundle.app, sidecarPort!);
  await startStandIn(grpc, bundle.app, sidecarPort!);
}, 60_000);

afterAll(async () => {
  await Promise.all(started.map((process) => process.stop()));
  sidecar?.close();
  await rm(folder, { recursive: true, force: true });
});

const call = (port: number, path: string, method = "POST", body?: string) =>
  fetch(`http://127.0.0.1:${port}${path}`, { method, ...(body ? { body } : {}) });
const control = async (plan: StandInPlan, path: string, body?: unknown) =>
  (
    await call(
      plan.controlPort,
      path,
      body === undefined ? "GET" : "POST",
      body === undefined ? undefined : JSON.stringify(body),
    )
  ).json();

describe("the stand-in app over HTTP", () => {
  it("answers its declared method and health path, and 404 to a method or verb it does not declare", async () => {
    expect((await call(http.port, "/healthz", "GET")).status).toBe(200);
    expect((await call(http.port, "/charge")).status).toBe(200);
    expect((await call(http.port, "/charge", "GET")).status).toBe(404);
    expect((await call(http.port, "/refund")).status).toBe(404);
    const received = (await control(http, "/received")) as { path: string; verb: string; status: number }[];
    expect(received.map((request) => `${request.verb} ${request.path} ${request.status}`)).toEqual([
      "POST /charge 200",
      "GET /charge 404",
      "POST /refund 404",
    ]);
  });

  it("names its actor type to its sidecar and takes that type's calls, and no other type's", async () => {
    expect(await (await call(http.port, "/dapr/config", "GET")).json()).toEqual({ entities: ["payment-api-actor"] });
    expect((await call(http.port, "/actors/payment-api-actor/a1/method/ping", "PUT")).status).toBe(200);
    expect((await call(http.port, "/actors/other-actor/a1/method/ping", "PUT")).status).toBe(404);
  });

  it("fails as told, then answers normally again", async () => {
    await control(http, "/behave", { behaviour: { path: "/charge", status: 503, times: 2 } });
    const statuses = [];
    for (let index = 0; index < 3; index += 1) statuses.push((await call(http.port, "/charge")).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it("takes an event on a declared route and asks for a retry while it fails", async () => {
    const event = JSON.stringify({ id: "e1", topic: "orders.created", data: {} });
    const ok = await call(http.port, "/orders/express", "POST", event);
    expect(await ok.json()).toEqual({ status: "SUCCESS" });
    await control(http, "/behave", { behaviour: { path: "/orders", status: 500 } });
    const failing = await call(http.port, "/orders", "POST", event);
    expect(failing.status).toBe(500);
    expect(await failing.json()).toEqual({ status: "RETRY" });
  });

  it("calls and publishes through its sidecar's HTTP API", async () => {
    const invoked = (await control(http, "/invoke", { app: "order-api", method: "status", verb: "GET" })) as {
      status: number;
    };
    const published = (await control(http, "/publish", {
      pubsub: "orderpubsub",
      topic: "orders.created",
      data: { a: 1 },
    })) as {
      status: number;
    };
    expect([invoked.status, published.status]).toEqual([204, 204]);
    expect(sidecarRequests.map((request) => `${request.method} ${request.path} ${request.body}`)).toEqual([
      "GET /v1.0/invoke/order-api/method/status ",
      'POST /v1.0/publish/orderpubsub/orders.created {"a":1}',
    ]);
  });

  it("passes a call of the sidecar's own API through, with its body", async () => {
    const before = sidecarRequests.length;
    const saved = (await control(http, "/sidecar", {
      verb: "POST",
      path: "/v1.0/state/statestore",
      data: [{ key: "k", value: "v" }],
    })) as { status: number };
    expect(saved.status).toBe(204);
    expect(sidecarRequests.slice(before).map((request) => `${request.method} ${request.path} ${request.body}`)).toEqual(
      ['POST /v1.0/state/statestore [{"key":"k","value":"v"}]'],
    );
  });

  it("makes every call and publication it declares as one request", async () => {
    const before = sidecarRequests.length;
    const act = (await control(http, "/act", {})) as { results: { status: number }[] };
    expect(act.results.map((result) => result.status)).toEqual([204, 204]);
    expect(sidecarRequests.slice(before).map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /v1.0/invoke/order-api/method/status",
      "POST /v1.0/publish/orderpubsub/orders.created",
    ]);
  });
});

describe("the stand-in app as a gRPC AppCallback", () => {
  const client = () => {
    const definition = loadSync("dapr/proto/runtime/v1/appcallback.proto", {
      includeDirs: [protoRoot],
      keepCase: true,
      enums: String,
      defaults: true,
    });
    const runtime = (loadPackageDefinition(definition) as any).dapr.proto.runtime.v1;
    return new runtime.AppCallback(`127.0.0.1:${grpc.port}`, credentials.createInsecure());
  };
  const unary = (method: string, request: unknown) =>
    new Promise<{ error?: ServiceError; value?: any }>((resolve) =>
      client()[method](request, (error: ServiceError | null, value: unknown) => resolve(error ? { error } : { value })),
    );

  it("lists its input bindings and answers a declared method, NOT_FOUND to another", async () => {
    expect((await unary("ListInputBindings", {})).value?.bindings).toEqual(["schedule"]);
    expect((await unary("OnInvoke", { method: "dispatch", http_extension: { verb: "POST" } })).error).toBeUndefined();
    expect((await unary("OnInvoke", { method: "cancel", http_extension: { verb: "POST" } })).error?.code).toBe(5);
    // A route no subscription declares: the stand-in asks for a retry.
    const event = await unary("OnTopicEvent", { id: "e2", topic: "shipments", path: "/shipments" });
    expect(event.value?.status).toBe("RETRY");
  });
});
