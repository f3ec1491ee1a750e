// The declaration check synth runs for components (Blueprint.declarationChecks): every backend of every component,
// as daprd will receive it, against the contract of its type and version (contracts/validate-component.ts).
import type { CheckedProblem, DeclarationCheck } from "../../lib/declarations/checks.ts";
import type { Component } from "../../lib/model/declarations/component.ts";
import type { ComponentToValidate, ContractProblem } from "./contracts/validate-component.ts";
import { validateComponent } from "./contracts/validate-component.ts";

type Backend = Component["backends"][string];

/**
 * The backend as the rendered Component carries it, with what Trellis derives (lib/model/resolve.ts,
 * resolveComponents): the in-cluster Redis's host and password, actorStateStore and a binding's direction. The
 * host's value is a stand-in: only the field's presence matters to the contract.
 */
export function asRendered(component: Component, backend: Backend): ComponentToValidate {
  const metadata: Record<string, unknown> = { ...backend.metadata };
  const secretKeys = Object.keys(backend.secrets);
  if (backend.inCluster === "redis") {
    metadata.redisHost = "redis.in-cluster.svc.cluster.local:6379";
    secretKeys.push("redisPassword");
  }
  if (component.actorStateStore) metadata.actorStateStore = "true";
  return {
    type: backend.type,
    version: backend.version,
    metadata,
    secretKeys,
    ...(component.direction ? { direction: component.direction } : {}),
  };
}

/** Where in the declaration a contract problem points: the field the author wrote, or the one Trellis derives from. */
export function declarationPath(component: Component, key: string, problem: ContractProblem): string {
  const backend = `backends.${key}`;
  const field = problem.field;
  if (field === undefined) return backend;
  if (field === "type" || field === "version") return `${backend}.${field}`;
  if (field === "direction") return "direction";
  const [place, ...rest] = field.split(".");
  const name = rest.join(".");
  const declared = component.backends[key];
  if (place === "metadata" && declared && !Object.hasOwn(declared.metadata, name)) {
    // Derived, or missing: point at what derives it, else at where it would be declared.
    if (name === "actorStateStore" && component.actorStateStore) return "actorStateStore";
    if (declared.inCluster === "redis" && (name === "redisHost" || name === "redisPassword"))
      return `${backend}.inCluster`;
  }
  return `${backend}.${place}.${name}`;
}

/** Every component's every backend (`backends.<environment>` and `backends.default`), checked against its contract. */
export const componentContractCheck: DeclarationCheck = (declarations) =>
  declarations.components.flatMap(({ file, value: component }) =>
    Object.entries(component.backends).flatMap(([key, backend]) =>
      validateComponent(asRendered(component, backend)).map((problem): CheckedProblem => ({
        file,
        path: declarationPath(component, key, problem),
        message: `${problem.message}; ${problem.fix}`,
        severity: problem.severity,
      })),
    ),
  );
