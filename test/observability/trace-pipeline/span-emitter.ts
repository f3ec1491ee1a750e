// One service's telemetry, as a separate process: @opentelemetry/sdk-node configured only through the
// OTEL_* environment, the way the operator's injection configures an app (and the way daprd's exporter
// settings come from its Configuration). Reads span orders as JSON lines on stdin, emits them, flushes the
// exporter, and answers each line with the propagation headers of the spans it made.
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context } from "@opentelemetry/api";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { createInterface } from "node:readline";
import type { Carrier, EmitOrder, EmitReply } from "./emit-protocol.ts";

const sdk = new NodeSDK();
sdk.start();
const tracer = trace.getTracer("trellis-trace-pipeline-test");
const provider = (
  trace.getTracerProvider() as unknown as { getDelegate(): { forceFlush(): Promise<void> } }
).getDelegate();
const KINDS = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL } as const;

function parentContext(parent: Carrier | undefined, baggage: Record<string, string> | undefined): Context {
  let parentContext = parent ? propagation.extract(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
  if (baggage)
    parentContext = propagation.setBaggage(
      parentContext,
      propagation.createBaggage(Object.fromEntries(Object.entries(baggage).map(([key, value]) => [key, { value }]))),
    );
  return parentContext;
}

async function emit(orders: readonly EmitOrder[]): Promise<EmitReply> {
  const contexts: Record<string, Carrier> = {};
  for (const order of orders) {
    const parent = parentContext(order.parent, order.baggage);
    const span = tracer.startSpan(
      order.name,
      { kind: KINDS[order.kind], startTime: order.startMs, attributes: order.attributes },
      parent,
    );
    // What an app does with baggage it received: the value travelled through every hop before it.
    const tenant = propagation.getBaggage(parent)?.getEntry("tenant")?.value;
    if (tenant) span.setAttribute("tenant", tenant);
    if (order.error) span.setStatus({ code: SpanStatusCode.ERROR, message: "declined" });
    span.end(order.endMs);
    const carrier: Carrier = { traceparent: "" };
    context.with(trace.setSpan(parent, span), () => propagation.inject(context.active(), carrier));
    contexts[order.key] = carrier;
  }
  await provider.forceFlush();
  return { contexts };
}

const lines = createInterface({ input: process.stdin });
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
for await (const line of lines) {
  const reply = await emit(JSON.parse(line) as EmitOrder[]);
  process.stdout.write(`${JSON.stringify(reply)}\n`);
}
await sdk.shutdown();
