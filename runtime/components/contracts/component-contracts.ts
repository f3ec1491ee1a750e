// The generated contracts table, typed. Regenerate it with `npm run import-components`.
import generated from "./generated/component-contracts.json" with { type: "json" };
import type { ContractsTable } from "./contract-table.ts";

export const COMPONENT_CONTRACTS: ContractsTable = generated as ContractsTable;

/** The components-contrib release the contracts come from; it must match the Dapr runtime pinned in versions.ts. */
export const COMPONENTS_CONTRIB_VERSION = COMPONENT_CONTRACTS.contribVersion;
