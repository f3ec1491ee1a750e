// How the OpenTelemetry Operator reads an inject annotation, shared by the policies and the effective-pod model.

/** Languages whose injection adds an init container copying the SDK (inject-sdk adds only environment; go a sidecar). */
export const INIT_CONTAINER_LANGUAGES: ReadonlySet<string> = new Set([
  "java",
  "nodejs",
  "python",
  "dotnet",
  "apache-httpd",
  "nginx",
]);

/**
 * The Instrumentation an inject annotation names: "true" is the only one in the pod's namespace, "<name>" one in
 * the pod's namespace, "<namespace>/<name>" that one; "false" none.
 */
export function resolveInstrumentation<T extends { readonly namespace: string; readonly name: string }>(
  value: string,
  podNamespace: string,
  instrumentations: readonly T[],
): T | undefined {
  const normalized = value.toLowerCase();
  if (normalized === "false") return undefined;
  if (normalized === "true") {
    const local = instrumentations.filter((instrumentation) => instrumentation.namespace === podNamespace);
    return local.length === 1 ? local[0] : undefined;
  }
  const [namespace, name] = value.includes("/") ? value.split("/") : [podNamespace, value];
  return instrumentations.find(
    (instrumentation) => instrumentation.namespace === namespace && instrumentation.name === name,
  );
}
