// Set by the Node.js auto-instrumentation stand-in once it started the SDK, so the stand-in app does not start a second.
export const TRACING_STARTED = Symbol.for("trellis.stand-in.tracing-started");
