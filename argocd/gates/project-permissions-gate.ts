// The AppProject gate: every object an Application syncs must be one its project permits.
import type { Gate } from "../../lib/gates/gate.ts";
import { checkProjectPermissions } from "../project-permissions.ts";

export const projectPermissionsGate: Gate = {
  name: "project-permissions",
  run: async ({ inventory }) => checkProjectPermissions(inventory),
};
