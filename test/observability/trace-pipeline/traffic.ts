// Multi-service traces as the orders platform makes them: order-api serves a request and invokes payment-api
// through both Dapr sidecars. Each hop is a different process exporting at a different moment (the apps over
// OTLP/HTTP, the sidecars over OTLP/gRPC), and the context travels between them as W3C headers.
import { idsOf, type Carrier, type EmitOrder } from "./emit-protocol.ts";
import type { Service } from "./services.ts";

export type TraceClass = "error" | "slow" | "normal";

export interface Hops {
  readonly callerApp: Service;
  readonly callerSidecar: Service;
  readonly calleeSidecar: Service;
  readonly calleeApp: Service;
}

export interface SentTrace {
  readonly traceId: string;
  readonly kind: TraceClass;
  readonly spanIds: readonly string[];
  readonly tenant: string;
  /** When its last span ended, epoch ms. */
  readonly endMs: number;
}

const CHUNK = 250;

/** Classes in a fixed, mixed order, so every chunk carries some of each. */
function mixed(counts: Record<TraceClass, number>): TraceClass[] {
  const total = counts.error + counts.slow + counts.normal;
  const taken: Record<TraceClass, number> = { error: 0, slow: 0, normal: 0 };
  return Array.from({ length: total }, (_, index) => {
    const due = (["error", "slow", "normal"] as const).map(
      (kind) => [kind, ((index + 1) * counts[kind]) / total - taken[kind]] as const,
    );
    const [kind] = due.reduce((best, candidate) => (candidate[1] > best[1] ? candidate : best));
    taken[kind] += 1;
    return kind;
  });
}

/** Sends the traces chunk by chunk; each hop's spans go out only after the previous hop's were exported. */
export async function sendTraces(hops: Hops, counts: Record<TraceClass, number>, slowMs: number): Promise<SentTrace[]> {
  const classes = mixed(counts);
  const sent: SentTrace[] = [];
  for (let first = 0; first < classes.length; first += CHUNK) {
    const chunk = classes.slice(first, first + CHUNK);
    const now = Date.now();
    // Span times sit inside their parent's, as in a real call; a slow trace lasts past the latency policy.
    const times = chunk.map((kind, index) => {
      const duration = kind === "slow" ? slowMs : 30 + (index % 40);
      return { start: now - duration - 100, end: now - 100 };
    });
    const key = (index: number) => `t${first + index}`;
    const orders = (make: (index: number) => Omit<EmitOrder, "key">): EmitOrder[] =>
      chunk.map((_, index) => ({ key: key(index), ...make(index) }));
    const tenant = (index: number) => `tenant-${(first + index) % 7}`;

    const served = await hops.callerApp.emit(
      orders((index) => ({
        name: "POST /orders",
        kind: "server",
        baggage: { tenant: tenant(index) },
        startMs: times[index]!.start,
        endMs: times[index]!.end,
      })),
    );
    const parent = (reply: { contexts: Record<string, Carrier> }, index: number) => reply.contexts[key(index)]!;
    const invoked = await hops.callerSidecar.emit(
      orders((index) => ({
        name: "CallLocal/payment-api/charge",
        kind: "client",
        parent: parent(served, index),
        startMs: times[index]!.start + 2,
        endMs: times[index]!.end - 2,
      })),
    );
    const received = await hops.calleeSidecar.emit(
      orders((index) => ({
        name: "/dapr.proto.internals.v1.ServiceInvocation/CallLocal",
        kind: "server",
        parent: parent(invoked, index),
        startMs: times[index]!.start + 3,
        endMs: times[index]!.end - 3,
      })),
    );
    // The error sits deepest, in another service than the root, on a span exported last.
    const charged = await hops.calleeApp.emit(
      orders((index) => ({
        name: "POST /charge",
        kind: "server",
        parent: parent(received, index),
        startMs: times[index]!.start + 4,
        endMs: times[index]!.end - 4,
        error: chunk[index] === "error",
      })),
    );

    chunk.forEach((kind, index) => {
      const spans = [served, invoked, received, charged].map((reply) => idsOf(parent(reply, index)));
      const traceIds = new Set(spans.map((span) => span.traceId));
      if (traceIds.size !== 1)
        throw new Error(`the context did not travel: one request made traces ${[...traceIds].join(", ")}`);
      if (!spans.every((span) => span.sampled))
        throw new Error(`a sender sampled away a span of ${spans[0]!.traceId}, though every rate here is 1`);
      sent.push({
        traceId: spans[0]!.traceId,
        kind,
        spanIds: spans.map((span) => span.spanId),
        tenant: tenant(index),
        endMs: times[index]!.end,
      });
    });
  }
  return sent;
}
