// What Dapr 1.18 accepts, for the Dapr rules (../shared/reference/dapr.md §3–§4).
import { GO_DURATION } from "../lib/declarations/fields.ts";
import { nearestName } from "../lib/edit-distance.ts";

/** Pod annotations the sidecar injector reads (dapr/dapr@v1.18.3 pkg/injector/annotations). */
export const DAPR_ANNOTATIONS = [
  "enabled",
  "app-id",
  "app-port",
  "app-protocol",
  "app-ssl",
  "config",
  "log-level",
  "log-as-json",
  "enable-api-logging",
  "enable-metrics",
  "metrics-port",
  "enable-profiling",
  "enable-debug",
  "debug-port",
  "app-max-concurrency",
  "sidecar-cpu-request",
  "sidecar-cpu-limit",
  "sidecar-memory-request",
  "sidecar-memory-limit",
  "sidecar-liveness-probe-delay-seconds",
  "sidecar-liveness-probe-timeout-seconds",
  "sidecar-liveness-probe-period-seconds",
  "sidecar-liveness-probe-threshold",
  "sidecar-readiness-probe-delay-seconds",
  "sidecar-readiness-probe-timeout-seconds",
  "sidecar-readiness-probe-period-seconds",
  "sidecar-readiness-probe-threshold",
  "env",
  "env-from-secret",
  "volume-mounts",
  "volume-mounts-rw",
  "graceful-shutdown-seconds",
  "block-shutdown-duration",
  "enable-app-health-check",
  "app-health-check-path",
  "app-health-probe-interval",
  "app-health-probe-timeout",
  "app-health-threshold",
  "placement-host-address",
  "scheduler-host-address",
  "actors-disseminate-timeout",
  "sidecar-listen-addresses",
  "grpc-port",
  "internal-grpc-port",
  "api-token-secret",
  "app-token-secret",
  "sidecar-image",
  "sidecar-seccomp-profile-type",
  "max-body-size",
  "read-buffer-size",
  "http-max-request-size",
  "http-read-buffer-size",
  "unix-domain-socket-path",
  "disable-builtin-k8s-secret-store",
  "app-binding-options-timeout",
  "app-channel-address",
  "pluggable-components",
  "pluggable-components-sockets-folder",
  "component-container",
  "inject-pluggable-components",
  "sentry-request-jwt-audiences",
  "sidecar-svc-annotations",
  "disable-init-endpoints",
  "enable-native-sidecar",
  "sidecar-run-as-user",
  "sidecar-run-as-group",
  "sidecar-drop-all-capabilities",
  "sidecar-readonly-root-filesystem",
  "control-plane",
].map((name) => `dapr.io/${name}`);

export const APP_PROTOCOLS = ["http", "grpc", "https", "grpcs", "h2c"];

/** kit IsTruthy: y, yes, true, t, on, 1. */
export function isTruthy(value: unknown): boolean {
  return typeof value === "string" && ["y", "yes", "true", "t", "on", "1"].includes(value.trim().toLowerCase());
}

/** Dapr's duration parser: a bare integer is milliseconds, else a Go duration. */
export function isDaprDuration(value: unknown): boolean {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0;
  return typeof value === "string" && (/^\d+$/.test(value) || GO_DURATION.test(value));
}

/** The known name nearest to a mistyped one, for "did you mean". */
export function nearest(word: string, candidates: readonly string[]): string {
  return nearestName(word, candidates) ?? "";
}

/** Dapr's code lists ("429,500-599"); undefined when absent or empty, which Dapr reads as "retry every code". */
export function codeRanges(list: unknown): [number, number][] | undefined {
  const ranges = String(list ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => part.split("-").map(Number) as [number, number?])
    .map(([from, to]) => [from, to ?? from] as [number, number]);
  return ranges.length > 0 ? ranges : undefined;
}
