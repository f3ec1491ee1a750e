// Traces read back the way a developer sees them: through Jaeger's query API (/api/traces), merged across
// the services that took part. Spans are keyed by span ID (Jaeger's query adjusters drop identical copies).
export interface StoredSpan {
  readonly service: string;
  readonly operation: string;
  readonly error: boolean;
  readonly tags: Record<string, string>;
  readonly endMicros: number;
}

export type StoredTrace = Map<string, StoredSpan>;

interface JaegerTrace {
  traceID: string;
  spans: {
    spanID: string;
    operationName: string;
    processID: string;
    startTime: number;
    duration: number;
    tags: { key: string; value: unknown }[];
  }[];
  processes: Record<string, { serviceName: string }>;
}

export async function storedTraces(queryPort: number, services: readonly string[]): Promise<Map<string, StoredTrace>> {
  const traces = new Map<string, StoredTrace>();
  for (const service of services) {
    const response = await fetch(
      `http://127.0.0.1:${queryPort}/api/traces?service=${encodeURIComponent(service)}&lookback=2h&limit=100000`,
    );
    if (!response.ok)
      throw new Error(`Jaeger's query API answered ${response.status} for ${service}: ${await response.text()}`);
    const body = (await response.json()) as { data: JaegerTrace[] | null };
    for (const trace of body.data ?? []) {
      const stored: StoredTrace = traces.get(trace.traceID) ?? new Map();
      traces.set(trace.traceID, stored);
      for (const span of trace.spans) {
        const tags = Object.fromEntries(span.tags.map((tag) => [tag.key, String(tag.value)]));
        stored.set(span.spanID, {
          service: trace.processes[span.processID]?.serviceName ?? "?",
          operation: span.operationName,
          error: tags["error"] === "true" || tags["otel.status_code"] === "ERROR",
          tags,
          endMicros: span.startTime + span.duration,
        });
      }
    }
  }
  return traces;
}
