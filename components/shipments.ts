import type { BackendDeclarationOf, ComponentDeclaration } from "../lib/model/declarations/component.ts";

const carrier = (url: string): BackendDeclarationOf<"bindings.http", "v1"> => ({
  type: "bindings.http",
  version: "v1",
  metadata: { url, securityTokenHeader: "Authorization" },
  secrets: { securityToken: { name: "carrier-api", key: "token" } },
});

export default {
  name: "shipments",
  description: "Books shipments with the carrier's API",
  kind: "binding",
  direction: "output",
  backends: {
    dev: carrier("https://sandbox.carrier.example.com/v2/shipments"),
    default: carrier("https://api.carrier.example.com/v2/shipments"),
  },
} satisfies ComponentDeclaration;
