// The component types of the pinned Dapr runtime and their contracts, for `trellis components`
// (Blueprint.components): the generated contracts table, listed and described by contracts/describe-components.ts.
import type { ComponentCatalogue } from "../../lib/blueprint.ts";
import { COMPONENT_CONTRACTS } from "./contracts/component-contracts.ts";
import { describeComponentType, listComponentTypes } from "./contracts/describe-components.ts";

export const componentCatalogue: ComponentCatalogue = {
  source: `components-contrib ${COMPONENT_CONTRACTS.contribVersion}, daprd ${COMPONENT_CONTRACTS.daprVersion}`,
  list: () => listComponentTypes(COMPONENT_CONTRACTS, { includeAliases: true }),
  describe: (type, version) => describeComponentType(type, version, COMPONENT_CONTRACTS),
};
