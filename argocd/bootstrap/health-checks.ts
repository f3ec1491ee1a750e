// Health checks Argo CD does not ship. They go into argocd-cm as resource.customizations.health.<group>_<kind>.

/**
 * Argo CD removed the health of Applications in 1.8, so a parent would see its child Applications as
 * healthy at once and its sync waves would not wait. This restores it: a child is as healthy as it reports.
 */
export const APPLICATION_HEALTH = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil and obj.status.health ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  end
end
return hs
`;

/**
 * Dapr's kinds and Instrumentation have no status, so Argo CD has nothing to wait on. These checks make that
 * explicit and catch the one failure visible in the object: a spec the operator could not have accepted.
 */
export function specHealth(kind: string, required: readonly string[]): string {
  const checks = required.map((field) => `obj.spec == nil or obj.spec.${field} == nil`).join(" or ");
  return `hs = {}
if ${checks} then
  hs.status = "Degraded"
  hs.message = "${kind} is missing ${required.join(", ")}"
else
  hs.status = "Healthy"
  hs.message = "${kind} has no status; applied as declared"
end
return hs
`;
}

/** `resource.customizations.health.<group>_<kind>` keys and their Lua. */
export const HEALTH_CHECKS: Readonly<Record<string, string>> = {
  "resource.customizations.health.argoproj.io_Application": APPLICATION_HEALTH,
  "resource.customizations.health.dapr.io_Component": specHealth("Component", ["type", "version"]),
  "resource.customizations.health.dapr.io_Configuration": specHealth("Configuration", ["tracing"]),
  "resource.customizations.health.dapr.io_Resiliency": specHealth("Resiliency", ["policies", "targets"]),
  "resource.customizations.health.dapr.io_Subscription": specHealth("Subscription", ["pubsubname", "topic"]),
  "resource.customizations.health.opentelemetry.io_Instrumentation": specHealth("Instrumentation", ["exporter"]),
};
