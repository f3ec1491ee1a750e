// A stand-in for any declared app, run in its pod beside the real daprd: it serves the app's declared methods,
// subscription routes and input bindings on the app port (HTTP, or Dapr's AppCallback over gRPC), records what its
// sidecar delivers, and on a control port of its own lets the rehearsal make it call, publish, or fail. Its spans go
// where the Instrumentation's OTEL_* variables say. Bundled into one file (stand-in-bundle.ts) and run by node.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context } from "@opentelemetry/api";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { startAppCallback } from "./app-callback.ts";
import {
  actorType,
  type ActResult,
  type Behaviour,
  type CallResult,
  type Delivery,
  type ReceivedRequest,
  type StandInPlan,
} from "./stand-in-plan.ts";
import { TRACING_STARTED } from "./tracing-started.ts";

const plan = JSON.parse(readFileSync(process.argv[2] ?? "/trellis/plan.json", "utf8")) as StandInPlan;
const daprHttp = `http://127.0.0.1:${process.env.DAPR_HTTP_PORT ?? "3500"}`;

// The Node.js auto-instrumentation (NODE_OPTIONS) starts the SDK before this file runs; other languages' agents
// are not Node's, so the stand-in starts it from the same OTEL_* variables.
const globals = globalThis as Record<symbol, unknown>;
if (!globals[TRACING_STARTED] && process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
  new NodeSDK({ instrumentations: [] }).start();
  globals[TRACING_STARTED] = true;
}
const tracer = trace.getTracer("trellis-stand-in");

const received: ReceivedRequest[] = [];
const behaviours = new Map<string, { behaviour: Behaviour; left: number }>();

/** The status the path answers now: a behaviour's while it lasts, else the normal one. */
async function answer(path: string, normal: number): Promise<number> {
  const set = behaviours.get(path);
  if (!set) return normal;
  if (set.behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, set.behaviour.delayMs));
  if (set.left <= 0) return normal;
  set.left -= 1;
  return set.behaviour.status;
}

function serve<T>(name: string, carrier: Record<string, unknown>, handle: () => Promise<T>): Promise<T> {
  const parent: Context = propagation.extract(context.active(), carrier);
  return tracer.startActiveSpan(name, { kind: SpanKind.SERVER }, parent, async (span) => {
    try {
      return await handle();
    } finally {
      span.end();
    }
  });
}

/** Records a delivery and gives the status to answer: 404 for what the app does not declare. */
async function deliver(delivery: Delivery): Promise<number> {
  const known =
    delivery.kind === "actor"
      ? true
      : delivery.kind === "method"
        ? plan.methods.some(
            (method) => `/${method.name}` === delivery.path && method.verbs.includes(delivery.verb.toUpperCase()),
          )
        : delivery.kind === "event"
          ? plan.routes.includes(delivery.path)
          : plan.inputBindings.includes(delivery.path.replace(/^\//, ""));
  const status = known ? await answer(delivery.path, 200) : 404;
  received.push({ ...delivery, status, at: new Date().toISOString() });
  return status;
}

async function body(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function reply(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(value));
}

async function serveHttpApp(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? "/").split("?")[0]!;
  const verb = request.method ?? "GET";
  const text = await body(request);
  if (path === plan.healthPath) return reply(response, await answer(path, 200), { status: "ok" });
  if (path === "/dapr/subscribe") return reply(response, 200, []);
  if (path === "/dapr/config")
    return reply(response, 200, plan.actors ? { entities: [actorType(plan.id)] } : { entities: [] });
  // Placement sends an actor's calls to the host it picked: /actors/<type>/<id>/method/<name>.
  if (plan.actors && path.startsWith(`/actors/${actorType(plan.id)}/`)) {
    const status = await serve(`${verb} ${path}`, request.headers as Record<string, unknown>, () =>
      deliver({ kind: "actor", path, verb, traceparent: request.headers.traceparent as string | undefined }),
    );
    return reply(response, status, { actor: path });
  }
  // The sidecar asks whether the app takes an input binding's events before it starts the binding.
  if (verb === "OPTIONS" && plan.inputBindings.includes(path.slice(1))) return reply(response, 200, {});
  const kind: Delivery["kind"] = plan.routes.includes(path)
    ? "event"
    : plan.inputBindings.includes(path.slice(1))
      ? "binding"
      : "method";
  const event = kind === "event" ? (JSON.parse(text || "{}") as { id?: string; topic?: string }) : {};
  const headers = request.headers as Record<string, unknown>;
  const status = await serve(`${verb} ${path}`, headers, () =>
    deliver({
      kind,
      path,
      verb,
      traceparent: request.headers.traceparent as string | undefined,
      ...(event.id ? { eventId: event.id } : {}),
      ...(event.topic ? { topic: event.topic } : {}),
    }),
  );
  // A subscriber that fails asks for a retry; the sidecar then retries and dead-letters it.
  if (kind === "event") return reply(response, status, { status: status < 300 ? "SUCCESS" : "RETRY" });
  reply(response, status, { app: plan.id, path, verb });
}

/** Calls the app's own sidecar in a client span, passing the trace on. */
async function throughSidecar(name: string, url: string, init: RequestInit): Promise<CallResult> {
  return tracer.startActiveSpan(name, { kind: SpanKind.CLIENT }, async (span) => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    propagation.inject(context.active(), headers);
    try {
      const result = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(30_000) });
      const text = await result.text();
      if (result.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
      return { status: result.status, body: text, traceId: span.spanContext().traceId };
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      return { status: 0, body: String(error), traceId: span.spanContext().traceId };
    } finally {
      span.end();
    }
  });
}

interface Command {
  /** A path of the sidecar's HTTP API, for /sidecar. */
  readonly path?: string;
  readonly app?: string;
  readonly method?: string;
  readonly verb?: string;
  readonly pubsub?: string;
  readonly topic?: string;
  readonly data?: unknown;
  readonly behaviour?: Behaviour;
}

async function serveControl(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? "/").split("?")[0]!;
  const command = (request.method === "POST" ? JSON.parse((await body(request)) || "{}") : {}) as Command;
  switch (path) {
    case "/received":
      return reply(response, 200, received);
    case "/invoke":
      return reply(
        response,
        200,
        await throughSidecar(
          `invoke ${command.app}/${command.method}`,
          `${daprHttp}/v1.0/invoke/${command.app}/method/${command.method}`,
          { method: command.verb ?? "POST", ...(command.verb === "GET" ? {} : { body: "{}" }) },
        ),
      );
    case "/publish":
      return reply(
        response,
        200,
        await throughSidecar(
          `publish ${command.topic}`,
          `${daprHttp}/v1.0/publish/${command.pubsub}/${command.topic}`,
          {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(command.data ?? {}),
          },
        ),
      );
    case "/act":
      // One incoming request that makes every call and publication the app declares: one trace across the apps.
      return reply(
        response,
        200,
        await tracer.startActiveSpan(`request ${plan.id}`, { kind: SpanKind.SERVER }, async (span) => {
          const results: CallResult[] = [];
          for (const call of plan.invokes)
            results.push(
              await throughSidecar(
                `invoke ${call.target}/${call.method}`,
                `${daprHttp}/v1.0/invoke/${call.target}/method/${call.method}`,
                { method: call.verb, ...(call.verb === "GET" ? {} : { body: "{}" }) },
              ),
            );
          for (const publish of plan.publishes)
            results.push(
              await throughSidecar(
                `publish ${publish.topic}`,
                `${daprHttp}/v1.0/publish/${publish.pubsub}/${publish.topic}`,
                {
                  method: "POST",
                  headers: { "content-type": "application/json" },
                  body: JSON.stringify(
                    (command.data as Record<string, unknown> | undefined)?.[`${publish.pubsub}/${publish.topic}`] ?? {},
                  ),
                },
              ),
            );
          span.end();
          return { traceId: span.spanContext().traceId, results } satisfies ActResult;
        }),
      );
    case "/sidecar":
      // Any call of the sidecar's own HTTP API (state, locks, secrets), as the app's code would make it.
      return reply(
        response,
        200,
        await throughSidecar(`${command.verb ?? "GET"} ${command.path}`, `${daprHttp}${command.path}`, {
          method: command.verb ?? "GET",
          ...(command.data === undefined
            ? {}
            : { headers: { "content-type": "application/json" }, body: JSON.stringify(command.data) }),
        }),
      );
    case "/behave":
      if (command.behaviour)
        behaviours.set(command.behaviour.path, {
          behaviour: command.behaviour,
          left: command.behaviour.times ?? Number.POSITIVE_INFINITY,
        });
      return reply(response, 200, { behaviours: behaviours.size });
    default:
      return reply(response, 404, { error: `no control ${path}` });
  }
}

function listen(port: number, handler: (request: IncomingMessage, response: ServerResponse) => Promise<void>): void {
  createServer((request, response) => {
    handler(request, response).catch((error: unknown) => reply(response, 500, { error: String(error) }));
  }).listen(port, plan.address);
}

if (plan.protocol === "grpc") await startAppCallback(plan, deliver, serve);
else listen(plan.port, serveHttpApp);
listen(plan.controlPort, serveControl);
console.log(`stand-in for ${plan.id}: app port ${plan.port} (${plan.protocol}), control port ${plan.controlPort}`);
