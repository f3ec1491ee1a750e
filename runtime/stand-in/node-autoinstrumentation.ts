// What the OpenTelemetry operator's Node.js auto-instrumentation image gives a pod, played for the stand-in apps:
// a file NODE_OPTIONS preloads (--require) that starts the SDK from the OTEL_* variables the operator injected.
import { NodeSDK } from "@opentelemetry/sdk-node";
import { TRACING_STARTED } from "./tracing-started.ts";

new NodeSDK({ instrumentations: [] }).start();
(globalThis as Record<symbol, unknown>)[TRACING_STARTED] = true;
