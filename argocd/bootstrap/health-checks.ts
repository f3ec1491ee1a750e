// Health checks Argo CD does not ship. They go into argocd-cm as resource.customizations.health.<group>_<kind>.
// A health check describes an object's state, never its style: a Degraded object fails the sync of its wave,
// and the charts' own objects pass through these checks too. Style rules are policies (trellis check).
// Dapr's kinds and Instrumentation have no status, so they get no check: Argo CD then reports no health for
// them, which a sync wave does not wait on.

/**
 * Argo CD removed the health of Applications in 1.8, so a parent would see its child Applications as healthy at
 * once and its sync waves would not wait. This restores it, judged on the child's current target:
 * - Progressing while a sync is requested or running (retries included), before the child was compared with the
 *   source its spec names now (any field of it: a revision bump, or a values-only change of a chart), or while it
 *   is not Synced, naming the objects that keep it out of sync (those that require pruning where it does not prune);
 * - Degraded when its last sync to that target failed for good (retries exhausted);
 * - otherwise the health the child reports.
 * Argo CD runs argocd-cm scripts with Lua's base and table libraries only (util/lua/lua.go): no string library.
 */
export const APPLICATION_HEALTH = `local hs = { status = "Progressing", message = "" }
local function text(value)
  if value == nil then return "" end
  return tostring(value)
end
local function same(wanted, compared)
  if type(wanted) ~= "table" or type(compared) ~= "table" then return wanted == compared end
  for key, value in pairs(wanted) do
    if not same(value, compared[key]) then return false end
  end
  for key, _ in pairs(compared) do
    if wanted[key] == nil then return false end
  end
  return true
end
local function sameSource(wanted, compared)
  if wanted == nil or compared == nil then return wanted == compared end
  return same(wanted, compared)
end
local function holding(resources)
  local names = ""
  local count = 0
  for _, resource in ipairs(resources or {}) do
    if resource.status == "OutOfSync" or resource.requiresPruning == true then
      count = count + 1
      if count <= 3 then
        local name = text(resource.kind) .. " "
        if resource.namespace ~= nil and resource.namespace ~= "" then name = name .. resource.namespace .. "/" end
        name = name .. text(resource.name)
        if resource.requiresPruning == true then name = name .. " (requires pruning)" end
        if names ~= "" then names = names .. ", " end
        names = names .. name
      end
    end
  end
  if count > 3 then names = names .. " and " .. tostring(count - 3) .. " more" end
  return names
end
if obj.operation ~= nil then
  hs.message = "a sync is requested"
  return hs
end
local status = obj.status
if status == nil or status.sync == nil or status.health == nil then
  hs.message = "not reconciled yet"
  return hs
end
local operation = status.operationState
if operation ~= nil and (operation.phase == "Running" or operation.phase == "Terminating") then
  hs.message = "sync " .. operation.phase
  return hs
end
local compared = status.sync.comparedTo
if compared == nil then
  hs.message = "not compared with its source yet"
  return hs
end
local current = true
if obj.spec.source ~= nil then
  current = sameSource(obj.spec.source, compared.source)
elseif obj.spec.sources ~= nil then
  current = compared.sources ~= nil and #compared.sources == #obj.spec.sources
  if current then
    for index, source in ipairs(obj.spec.sources) do
      if not sameSource(source, compared.sources[index]) then current = false end
    end
  end
end
if not current then
  hs.message = "not compared with its current source yet"
  return hs
end
if status.sync.status ~= "Synced" then
  hs.message = "sync status " .. text(status.sync.status)
  local names = holding(status.resources)
  if names ~= "" then hs.message = hs.message .. ": " .. names end
  return hs
end
if operation ~= nil and operation.phase ~= "Succeeded" then
  hs.status = "Degraded"
  hs.message = "last sync " .. text(operation.phase) .. ": " .. text(operation.message)
  return hs
end
hs.status = status.health.status
hs.message = text(status.health.message)
return hs
`;

/** `resource.customizations.health.<group>_<kind>` keys and their Lua. */
export const HEALTH_CHECKS: Readonly<Record<string, string>> = {
  "resource.customizations.health.argoproj.io_Application": APPLICATION_HEALTH,
};
