// OpenTelemetry rules: injections that find no Instrumentation, endpoints that reach nothing or speak the wrong
// protocol, samplers that drop everything, broken collector pipelines, and pods instrumented too early or twice.
import type { Rule } from "../../lib/policies/rule.ts";
import { instrumentationMissing } from "./instrumentation-missing.ts";
import { endpointProtocolMismatch } from "./endpoint-protocol-mismatch.ts";
import { endpointUnresolved } from "./endpoint-unresolved.ts";
import { propagators } from "./propagators.ts";
import { samplerInvalid } from "./sampler-invalid.ts";
import { collectorPipeline } from "./collector-pipeline.ts";
import { memoryStorage } from "./memory-storage.ts";
import { containerAmbiguous } from "./container-ambiguous.ts";
import { instrumentationOrder } from "./instrumentation-order.ts";
import { initContainerRoot } from "./init-container-root.ts";
import { goInstrumentationNonroot } from "./go-instrumentation-nonroot.ts";
import { exporterQueueDisabled } from "./exporter-queue-disabled.ts";
import { tailSamplingDecisionCache } from "./tail-sampling-decision-cache.ts";
import { signalWithoutPipeline } from "./signal-without-pipeline.ts";

export const OPENTELEMETRY_RULES: readonly Rule[] = [
  instrumentationMissing,
  endpointProtocolMismatch,
  endpointUnresolved,
  propagators,
  samplerInvalid,
  collectorPipeline,
  memoryStorage,
  containerAmbiguous,
  instrumentationOrder,
  initContainerRoot,
  goInstrumentationNonroot,
  exporterQueueDisabled,
  tailSamplingDecisionCache,
  signalWithoutPipeline,
];
