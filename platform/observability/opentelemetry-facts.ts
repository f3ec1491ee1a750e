// What the pinned OpenTelemetry pieces do by default, for the OpenTelemetry rules (../shared/reference/opentelemetry.md).

export { DEFAULT_SIGNALS, exporterVariable, type Signal } from "../../lib/model/sdk-signals.ts";

/** tail_sampling's num_traces when unset (processor v0.158.0 factory.go). */
export const DEFAULT_NUM_TRACES = 50_000;

/** The processor's own advice: each decision cache at least an order of magnitude above num_traces (config.go). */
export const DECISION_CACHE_FACTOR = 10;
