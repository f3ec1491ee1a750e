// The one way Trellis marks a phase of its work (load, resolve, render, write, a rule family, a gate). A phase
// becomes a span when tracing is on (lib/telemetry/trellis-tracing.ts), a timing for whoever listens (the bench, the
// progress line), and nothing at all otherwise. This module imports no OpenTelemetry code: without tracing,
// the SDK is never loaded.
import type { Attributes, Span, Tracer } from "@opentelemetry/api";

export type PhaseAttributes = Readonly<Record<string, string | number | boolean>>;

export interface PhaseListener {
  started?(name: string, attributes: PhaseAttributes): void;
  ended?(name: string, attributes: PhaseAttributes, milliseconds: number, failed: boolean): void;
}

interface SpanApi {
  readonly tracer: Tracer;
  /** SpanStatusCode.ERROR, passed in so that this module needs no runtime import of the API. */
  readonly errorCode: number;
}

let spans: SpanApi | undefined;
const listeners = new Set<PhaseListener>();

/** Called by the tracing setup once the SDK runs; every later phase is a span. */
export function tracePhasesWith(tracer: Tracer | undefined, errorCode = 2): void {
  spans = tracer ? { tracer, errorCode } : undefined;
}

/** Adds a listener; returns what removes it. */
export function listenToPhases(listener: PhaseListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Runs `work` as the named phase and returns what it returns; a promise is the phase until it settles, so
 * the same call marks both waiting work (loading, writing, gates) and work that does not wait (render, rules).
 */
export function phase<T>(name: string, attributes: PhaseAttributes, work: () => T): T {
  if (!spans && listeners.size === 0) return work();
  const started = begin(name, attributes);
  const tracing = spans;
  const body = (span?: Span): T => {
    const finish = (error?: { thrown: unknown }) => {
      if (span && tracing) {
        if (error) failSpan(span, error.thrown, tracing.errorCode);
        span.end();
      }
      end(name, attributes, started, error !== undefined);
    };
    let result: T;
    try {
      result = work();
    } catch (thrown) {
      finish({ thrown });
      throw thrown;
    }
    if (!(result instanceof Promise)) {
      finish();
      return result;
    }
    return result.then(
      (value: unknown) => {
        finish();
        return value;
      },
      (thrown: unknown) => {
        finish({ thrown });
        throw thrown;
      },
    ) as T;
  };
  return tracing ? tracing.tracer.startActiveSpan(name, { attributes: attributes as Attributes }, body) : body();
}

function begin(name: string, attributes: PhaseAttributes): number {
  for (const listener of listeners) listener.started?.(name, attributes);
  return performance.now();
}

function end(name: string, attributes: PhaseAttributes, started: number, failed: boolean): void {
  const milliseconds = performance.now() - started;
  for (const listener of listeners) listener.ended?.(name, attributes, milliseconds, failed);
}

function failSpan(span: Span, error: unknown, errorCode: number): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: errorCode, message: error instanceof Error ? error.message.split("\n")[0] : String(error) });
}
