// Fields a component still reads although its metadata.yaml no longer lists them: accepted, but deprecated.
// metadata.yaml files are not exhaustive; each entry here is confirmed in components-contrib v1.18.4's source.

export interface LegacyField {
  /** Contract keys (metadata.yaml folders) whose component reads the field. */
  contracts: readonly string[];
  name: string;
  /** The listed field it stands in for: when the legacy field is given, that one counts as given. */
  replacedBy: string;
  /** What the component does with it, and where. */
  behaviour: string;
}

export const LEGACY_FIELDS: readonly LegacyField[] = [
  {
    contracts: ["bindings/kafka", "pubsub/kafka"],
    name: "authRequired",
    replacedBy: "authType",
    behaviour:
      'when authType is unset, Kafka derives it from authRequired ("password" or "mtls" if true, "none" if false) and logs that authRequired is deprecated (common/component/kafka/metadata.go)',
  },
];

export function legacyFieldsOf(contract: string): LegacyField[] {
  return LEGACY_FIELDS.filter((field) => field.contracts.includes(contract));
}
