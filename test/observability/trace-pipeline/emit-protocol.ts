// What the test sends a span emitter and what it answers: W3C propagation headers carry the context between
// services exactly as they would travel in HTTP or gRPC metadata.
export interface Carrier {
  traceparent: string;
  tracestate?: string;
  baggage?: string;
}

export interface EmitOrder {
  /** The test's own name for the span, to find its context in the reply. */
  readonly key: string;
  readonly name: string;
  readonly kind: "server" | "client" | "internal";
  readonly parent?: Carrier;
  readonly baggage?: Record<string, string>;
  readonly startMs: number;
  readonly endMs: number;
  readonly error?: boolean;
  readonly attributes?: Record<string, string>;
}

export interface EmitReply {
  readonly contexts: Record<string, Carrier>;
}

/** trace ID and span ID from a traceparent header (version-traceid-spanid-flags). */
export function idsOf(carrier: Carrier): { traceId: string; spanId: string; sampled: boolean } {
  const [, traceId, spanId, flags] = carrier.traceparent.split("-");
  if (!traceId || !spanId || !flags) throw new Error(`not a traceparent: ${carrier.traceparent}`);
  return { traceId, spanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}
