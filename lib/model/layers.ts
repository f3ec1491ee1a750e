// The layers Trellis renders, in the order Argo CD installs them (DESIGN.md §3).

export const LAYERS = [
  { name: "namespaces", wave: 0, holds: "Namespaces with Pod Security labels" },
  { name: "cert-manager", wave: 1, holds: "cert-manager" },
  { name: "operators", wave: 2, holds: "Dapr control plane, OpenTelemetry Operator, External Secrets Operator" },
  { name: "observability", wave: 3, holds: "collectors and trace backends" },
  { name: "runtime", wave: 4, holds: "Dapr Components, Subscriptions, Instrumentation" },
  {
    name: "apps",
    wave: 5,
    holds:
      "Deployments, Services, ServiceAccounts, disruption budgets and Dapr Configuration and Resiliency of the apps",
  },
] as const;

/** deploy/<env>/argocd/ and deploy/argocd/: the Argo CD objects that install the layers. */
export const DELIVERY_FOLDER = "argocd";

export type LayerName = (typeof LAYERS)[number]["name"];

export interface Layer {
  readonly name: LayerName;
  /** Argo CD sync wave of the layer's Application. */
  readonly wave: number;
}

export function layer(name: LayerName): Layer {
  const found = LAYERS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`unknown layer ${name}`);
  return { name: found.name, wave: found.wave };
}
