import type { ComponentDeclaration } from "../lib/model/declarations/component.ts";

export default {
  name: "schedule",
  description: "Wakes shipping-worker to dispatch booked shipments",
  kind: "binding",
  direction: "input",
  backends: {
    dev: { type: "bindings.cron", version: "v1", metadata: { schedule: "@every 1m" } },
    default: { type: "bindings.cron", version: "v1", metadata: { schedule: "@every 5m" } },
  },
} satisfies ComponentDeclaration;
