import type { ComponentDeclaration } from "../lib/model/declarations/component.ts";

export default {
  name: "secretstore",
  description: "Kubernetes Secrets of the app's namespace, read at runtime through the Dapr secrets API",
  kind: "secretstore",
  backends: {
    default: { type: "secretstores.kubernetes", version: "v1" },
  },
} satisfies ComponentDeclaration;
