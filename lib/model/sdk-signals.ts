// What the pinned auto-instrumentations export when nothing tells them otherwise; the Instrumentation render and
// the OpenTelemetry rules both read it, so the two cannot disagree.

export const SIGNALS = ["traces", "metrics", "logs"] as const;
export type Signal = (typeof SIGNALS)[number];

/**
 * Signals each language's SDK exports over OTLP by default: "otlp" is the specification's default exporter for all
 * three, and operator v0.158.0 writes it for Node.js metrics (internal/instrumentation/nodejs.go) and for Python
 * metrics and logs (python.go). Go's eBPF instrumentation exports traces only.
 */
export const DEFAULT_SIGNALS: Readonly<Record<string, readonly Signal[]>> = {
  java: SIGNALS,
  nodejs: SIGNALS,
  python: SIGNALS,
  dotnet: SIGNALS,
  go: ["traces"],
};

/** The environment variable that picks a signal's exporter, e.g. OTEL_METRICS_EXPORTER. */
export function exporterVariable(signal: Signal): string {
  return `OTEL_${signal.toUpperCase()}_EXPORTER`;
}
