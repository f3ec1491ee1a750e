// What a blueprint gives the engine: the capabilities the composition root (blueprint.ts) wires together. The
// engine knows these shapes only, never a capability folder, so adding a layer or a rule family changes no engine file.
import type { Chart } from "cdk8s";
import type { DeclarationCheck } from "./declarations/checks.ts";
import type { Gate } from "./gates/gate.ts";
import type { LayerName } from "./model/layers.ts";
import type { EnvironmentModel } from "./model/types.ts";
import type { Rule } from "./policies/rule.ts";
import type { LayerRenderer } from "./render/layer-renderer.ts";
import type { KubernetesObject } from "./render/manifest-files.ts";

/** One pinned upstream release, as `trellis --version` names it. */
export interface PinnedRelease {
  readonly name: string;
  readonly version: string;
}

/** The objects that install the layers: per environment (deploy/<env>/argocd/), and shared (deploy/argocd/). */
export interface DeliveryRenderer {
  renderEnvironment(
    chart: Chart,
    environment: EnvironmentModel,
    layerObjects: ReadonlyMap<LayerName, readonly KubernetesObject[]>,
  ): void;
  renderShared(chart: Chart, environments: readonly EnvironmentModel[]): void;
}

/** What `trellis rehearse` prints for one environment, and whether it passed. */
export interface RehearsalOutcome {
  readonly passed: boolean;
  readonly lines: readonly string[];
  /** The JSON report `--report` writes. */
  readonly report: Readonly<Record<string, unknown>>;
}

/** One spec.type that the pinned Dapr runtime knows, as `trellis components` lists it. */
export interface ComponentTypeSummary {
  readonly type: string;
  /** Its registry: "state", "pubsub", "bindings", "middleware.http", … */
  readonly kind: string;
  readonly versions: readonly string[];
  /** Maturity per version upstream ("stable", "alpha", "v1: stable, v2: alpha"); "untyped" without a contract. */
  readonly status: string;
  /** The other names daprd registers for it. */
  readonly aliases: readonly string[];
  /** Set on an alias: the name listed as the type. */
  readonly aliasOf?: string;
  /** false: only upstream's contract names it; daprd does not load a Component of this type. */
  readonly registered: boolean;
}

/** One metadata field of a component type's contract. */
export interface ComponentFieldSummary {
  readonly name: string;
  /** "string", "number", "bool", "duration" or "bytesize". */
  readonly type: string;
  readonly required: boolean;
  /** Authentication profiles that need the field; one complete profile is enough. */
  readonly requiredByProfiles: readonly string[];
  /** A credential: given from a secret, never as a literal. */
  readonly sensitive: boolean;
  readonly default?: string;
  readonly allowedValues: readonly string[];
  readonly deprecated: boolean;
  readonly description: string;
  /** Where the field comes from: "contract", "profile" (an authentication profile only) or "daprd" (the runtime). */
  readonly origin: string;
}

/** One type at one version, as `trellis components TYPE` describes it. */
export interface ComponentTypeDescription {
  readonly type: string;
  readonly version: string;
  readonly aliasOf?: string;
  readonly registered: boolean;
  /** Not registered: the names daprd does load this component as. */
  readonly registeredAs?: readonly string[];
  /** false: daprd loads this version without a published contract; only daprd's own fields are known. */
  readonly typed: boolean;
  readonly status?: string;
  readonly title?: string;
  /** Where the contract comes from upstream. */
  readonly source?: string;
  readonly fields: readonly ComponentFieldSummary[];
  readonly authenticationProfiles: readonly { readonly title: string; readonly required: readonly string[] }[];
}

/** The component types of the pinned runtime and their metadata contracts (`trellis components`). */
export interface ComponentCatalogue {
  /** Where the contracts come from, e.g. "components-contrib v1.18.4, daprd v1.18.3". */
  readonly source: string;
  /** Every known type, alias rows included (aliasOf set), by name. */
  list(): readonly ComponentTypeSummary[];
  /** One type (any of its names, any case) at `version`, by default the version daprd prefers; undefined if unknown. */
  describe(type: string, version?: string): ComponentTypeDescription | undefined;
}

export interface Blueprint {
  /** The upstream releases the blueprint installs, in the order `trellis --version` prints them. */
  readonly releases: readonly PinnedRelease[];
  /** One renderer per layer, in wave order. */
  readonly layers: readonly LayerRenderer[];
  readonly delivery: DeliveryRenderer;
  /** Every policy rule, in catalogue order (family by family). */
  readonly rules: readonly Rule[];
  /** What `trellis validate --with-charts` runs over each environment's inventory after kubeconform, in order. */
  readonly gates: readonly Gate[];
  /**
   * Run by synth (renderPlatform) over the declarations once they passed their schemas, before the model is
   * resolved: an error stops synth, which writes nothing; a warning is printed and synth goes on.
   */
  readonly declarationChecks: readonly DeclarationCheck[];
  /** The component types and contracts `trellis components` prints. */
  readonly components: ComponentCatalogue;
  /** One environment's bootstrap, rehearsed against a local cluster. */
  rehearse(options: {
    readonly root: string;
    readonly environment: string;
    readonly log: (line: string) => void;
    /** Install this revision's deploy/ first, then upgrade to the working tree's (a commit or "previous"). */
    readonly from?: string;
  }): Promise<RehearsalOutcome>;
}
