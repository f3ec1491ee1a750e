// Metadata that daprd itself reads for every component of a kind, so no metadata.yaml lists it as its own.
// Found in dapr v1.18.3; `source` names the file that reads the key. components-contrib's build tools add the
// same names to its bundled contracts (.build-tools/pkg/metadataschema/validators.go, AppendBuiltin).
import type { ComponentKind, ContractField } from "./contract-table.ts";

export interface RuntimeField extends ContractField {
  /** File in the dapr module that reads this key. */
  source: string;
  /** daprd compares the key with == (not case-insensitively): another spelling is not seen by daprd. */
  exactName?: true;
}

const STATE_CONFIG = "pkg/components/state/state_config.go";
const OUTBOX = "pkg/runtime/pubsub/outbox.go";
const ENCRYPTION = "pkg/encryption/encryption.go";
const SCOPES = "pkg/scopes/scopes.go";
const BINDING_PROCESSOR = "pkg/runtime/processor/binding/binding.go";

export const RUNTIME_FIELDS: Readonly<Partial<Record<ComponentKind, readonly RuntimeField[]>>> = {
  state: [
    {
      name: "actorStateStore",
      type: "bool",
      description: "Use this state store for actors and workflows.",
      source: "pkg/runtime/processor/state/state.go",
    },
    {
      name: "keyPrefix",
      type: "string",
      default: "appid",
      description: 'Prefix of the keys: "appid", "namespace", "name", "none" or a literal prefix.',
      source: STATE_CONFIG,
    },
    {
      name: "primaryEncryptionKey",
      type: "string",
      sensitive: true,
      description: "AES key for automatic state encryption, read from a secret store.",
      source: ENCRYPTION,
      exactName: true,
    },
    {
      name: "secondaryEncryptionKey",
      type: "string",
      sensitive: true,
      description: "Previous AES key, still used to decrypt during key rotation.",
      source: ENCRYPTION,
      exactName: true,
    },
    {
      name: "outboxPublishPubsub",
      type: "string",
      description: "Outbox: the pub/sub component that delivers state changes.",
      source: OUTBOX,
      exactName: true,
    },
    {
      name: "outboxPublishTopic",
      type: "string",
      description: "Outbox: the topic that receives state changes.",
      source: OUTBOX,
      exactName: true,
    },
    {
      name: "outboxPubsub",
      type: "string",
      description: "Outbox: the pub/sub component that coordinates the transaction.",
      source: OUTBOX,
      exactName: true,
    },
    {
      name: "outboxDiscardWhenMissingState",
      type: "bool",
      default: "false",
      description: "Outbox: drop the message when its state is missing instead of retrying.",
      source: OUTBOX,
      exactName: true,
    },
  ],
  lock: [
    {
      name: "keyPrefix",
      type: "string",
      default: "appid",
      description: 'Prefix of the lock keys: "appid", "name", "none" or a literal prefix.',
      source: "pkg/components/lock/lock_config.go",
    },
  ],
  pubsub: [
    {
      name: "consumerID",
      type: "string",
      description: "Consumer group of the app's subscriptions; defaults to the app ID.",
      source: "pkg/runtime/processor/pubsub/pubsub.go",
      exactName: true,
    },
    {
      name: "allowedTopics",
      type: "string",
      description: "Comma-separated topics every app may use; empty: all topics.",
      source: SCOPES,
    },
    {
      name: "publishingScopes",
      type: "string",
      description: "Per app, the topics it may publish to (app1=topic1;app2=topic2,topic3).",
      source: SCOPES,
    },
    {
      name: "subscriptionScopes",
      type: "string",
      description: "Per app, the topics it may subscribe to (app1=topic1;app2=topic2,topic3).",
      source: SCOPES,
    },
    {
      name: "protectedTopics",
      type: "string",
      description: "Comma-separated topics only apps granted by the scopes may use.",
      source: SCOPES,
    },
  ],
  bindings: [
    {
      name: "direction",
      type: "string",
      description: 'Which of input and output daprd starts: "input", "output" or "input, output".',
      source: BINDING_PROCESSOR,
    },
    {
      name: "route",
      type: "string",
      binding: "input",
      description: "The app's path that receives input events; defaults to the component name.",
      source: BINDING_PROCESSOR,
      exactName: true,
    },
  ],
};

/** Types daprd marks as WebAssembly (components.RegisterWasmComponentType in cmd/daprd/components). */
export const WASM_RUNTIME_FIELDS: Readonly<Record<string, readonly RuntimeField[]>> = Object.fromEntries(
  ["bindings.wasm", "middleware.http.wasm"].map((type) => [
    type,
    [
      {
        name: "strictSandbox",
        type: "bool",
        description: "Run the module in the strict sandbox; daprd forces it on when the global strict sandbox is set.",
        source: "pkg/runtime/meta/meta.go",
      },
    ],
  ]),
);

/** The runtime fields of a type; the type's own contract wins where it declares the same name. */
export function runtimeFieldsOf(kind: ComponentKind, type: string): readonly RuntimeField[] {
  return [...(RUNTIME_FIELDS[kind] ?? []), ...(WASM_RUNTIME_FIELDS[type] ?? [])];
}
