// traces:one-request: one request into the first app that declares calls or publications makes every one of them
// (stand-in-app.ts, /act); the trace its root span started must reach the trace store (Jaeger's query API, on its
// Service) whole: spans from each app's stand-in (the OpenTelemetry JS SDK) and each app's daprd (Go), every parent
// inside the trace, across the invocation and the pub/sub hop.
import type { Check } from "../../argocd/rehearse/check.ts";
import type { EnvironmentModel } from "../../lib/model/types.ts";
import { waitFor } from "../../lib/tools/processes.ts";
import type { ActResult } from "../stand-in/stand-in-plan.ts";
import { STAND_IN_CONTROL_PORT } from "../stand-in/stand-in-plan.ts";
import type { AppPod, Kubectl } from "./app-pods.ts";
import { dataMatching } from "./route-rules.ts";

interface JaegerSpan {
  readonly spanID: string;
  readonly operationName: string;
  readonly processID: string;
  /** Microseconds since the epoch, and microseconds. */
  readonly startTime: number;
  readonly duration: number;
  readonly references?: readonly { readonly refType: string; readonly spanID: string }[];
}
interface JaegerTrace {
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<
    Record<string, { readonly serviceName: string; readonly tags?: readonly { key: string; value: unknown }[] }>
  >;
}

/** Who wrote a span: the app's stand-in (the JS SDK names its language) or its sidecar (daprd names only the service). */
export function spanSources(trace: JaegerTrace): Map<string, Set<"app" | "sidecar">> {
  const sources = new Map<string, Set<"app" | "sidecar">>();
  for (const span of trace.spans) {
    const process = trace.processes[span.processID];
    if (!process) continue;
    const language = process.tags?.find((tag) => tag.key === "telemetry.sdk.language")?.value;
    const set = sources.get(process.serviceName) ?? new Set();
    set.add(language === "nodejs" ? "app" : "sidecar");
    sources.set(process.serviceName, set);
  }
  return sources;
}

/** Spans whose parent is not in the trace; a whole trace has exactly one (its root). */
export function orphans(trace: JaegerTrace): JaegerSpan[] {
  const ids = new Set(trace.spans.map((span) => span.spanID));
  return trace.spans.filter(
    (span) =>
      !(span.references ?? []).some((reference) => reference.refType === "CHILD_OF" && ids.has(reference.spanID)),
  );
}

/** The trace as an indented waterfall, a line per span: who wrote it, its name, when it started and how long it took. */
export function waterfall(trace: JaegerTrace): string[] {
  const children = new Map<string, JaegerSpan[]>();
  const roots: JaegerSpan[] = [];
  const ids = new Set(trace.spans.map((span) => span.spanID));
  for (const span of trace.spans) {
    const parent = span.references?.find((reference) => reference.refType === "CHILD_OF" && ids.has(reference.spanID));
    if (parent) children.set(parent.spanID, [...(children.get(parent.spanID) ?? []), span]);
    else roots.push(span);
  }
  const start = Math.min(...trace.spans.map((span) => span.startTime));
  const sources = (span: JaegerSpan) => {
    const process = trace.processes[span.processID];
    const language = process?.tags?.find((tag) => tag.key === "telemetry.sdk.language")?.value;
    return `${process?.serviceName ?? "?"} (${language === "nodejs" ? "app" : "daprd"})`;
  };
  const lines: string[] = [];
  const visit = (span: JaegerSpan, depth: number) => {
    const at = ((span.startTime - start) / 1000).toFixed(1);
    lines.push(
      `${"  ".repeat(depth)}${sources(span)} ${span.operationName}  +${at} ms, ${(span.duration / 1000).toFixed(1)} ms`,
    );
    for (const child of [...(children.get(span.spanID) ?? [])].sort((a, b) => a.startTime - b.startTime))
      visit(child, depth + 1);
  };
  for (const root of roots.sort((a, b) => a.startTime - b.startTime)) visit(root, 0);
  return lines;
}

export async function traceCheck(
  kubectl: Kubectl,
  environment: EnvironmentModel,
  pods: ReadonlyMap<string, AppPod>,
  say: (line: string) => void,
): Promise<Check> {
  const name = "traces:one-request";
  const backend = environment.tracing.backend;
  const entry = environment.apps.find((app) => app.invokes.length + app.publishes.length > 0);
  const entryPod = entry && pods.get(entry.id);
  if (!entry || !entryPod) return { name, ok: true, detail: "no app declares a call or a publication" };
  if (backend.kind !== "jaeger-memory")
    return { name, ok: false, detail: `the ${backend.kind} backend is not queried yet` };
  // Who the request should reach: the entry, its callees and the subscribers of what it publishes.
  const reached = new Set([
    entry.id,
    ...entry.invokes.map((edge) => edge.callee),
    ...environment.topics
      .filter((topic) =>
        entry.publishes.some((publish) => publish.pubsub === topic.pubsub && publish.topic === topic.topic),
      )
      .flatMap((topic) => topic.subscribers),
  ]);
  const service = await kubectl([
    "get",
    "service",
    `${backend.collector.name}-collector`,
    "-n",
    backend.collector.namespace,
    "-o",
    "jsonpath={.spec.clusterIP}",
  ]);
  if (service.code !== 0 || !service.stdout.trim())
    return { name, ok: false, detail: `no Service ${backend.collector.namespace}/${backend.collector.name}-collector` };
  const query = `http://${service.stdout.trim()}:${backend.uiPort}/api/traces`;
  // Each publication carries data its subscribers' rules can evaluate (Dapr fails a delivery whose rule cannot be).
  const data = Object.fromEntries(
    entry.publishes.map((publish) => [
      `${publish.pubsub}/${publish.topic}`,
      Object.assign(
        {},
        ...environment.apps
          .flatMap((app) => app.subscriptions)
          .filter((subscription) => subscription.pubsub === publish.pubsub && subscription.topic === publish.topic)
          .flatMap((subscription) => subscription.rules.map((rule) => dataMatching(rule.match) ?? {})),
      ) as Record<string, string>,
    ]),
  );
  const acted = await fetch(`http://${entryPod.ip}:${STAND_IN_CONTROL_PORT}/act`, {
    method: "POST",
    body: JSON.stringify({ data }),
    signal: AbortSignal.timeout(60_000),
  }).then((response) => response.json() as Promise<ActResult>);
  const failedCalls = acted.results.filter((result) => result.status >= 300);
  if (failedCalls.length > 0)
    return {
      name,
      ok: false,
      detail: `the request's calls failed: ${failedCalls.map((call) => `${call.status} ${call.body.slice(0, 200)}`).join("; ")}`,
    };
  let last: JaegerTrace | undefined;
  const whole = await waitFor(
    `trace ${acted.traceId} whole in Jaeger`,
    async () => {
      const response = await fetch(`${query}/${acted.traceId}`, { signal: AbortSignal.timeout(10_000) }).catch(
        () => undefined,
      );
      if (!response?.ok) return undefined;
      last = ((await response.json()) as { data?: JaegerTrace[] }).data?.[0];
      if (!last) return undefined;
      const sources = spanSources(last);
      const complete = [...reached].every((app) => sources.get(app)?.has("app") && sources.get(app)?.has("sidecar"));
      return complete && orphans(last).length === 1 ? last : undefined;
    },
    { deadlineMs: 60_000, intervalMs: 2_000 },
  ).catch(() => undefined);
  const describe = (trace: JaegerTrace | undefined) => {
    if (!trace) return "not in Jaeger";
    const sources = spanSources(trace);
    return `${trace.spans.length} spans from ${[...sources].map(([app, kinds]) => `${app} (${[...kinds].sort().join(" and ")})`).join(", ")}; ${orphans(trace).length} without a parent in the trace`;
  };
  if (last) say(`traces: trace ${acted.traceId} in Jaeger:\n${waterfall(last).join("\n")}`);
  return whole
    ? {
        name,
        ok: true,
        detail: `trace ${acted.traceId} from ${entry.id}'s request: ${describe(whole)} (the root); it reached ${[...reached].join(", ")}`,
      }
    : {
        name,
        ok: false,
        detail: `trace ${acted.traceId} from ${entry.id}'s request should hold spans of the app and its sidecar for ${[...reached].join(", ")}, one root: ${describe(last)}`,
      };
}
