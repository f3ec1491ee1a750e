// How a metadata key matches a contract's field name. daprd decodes metadata with dapr/kit's
// metadata.DecodeMetadata (kit v0.18.2 metadata/utils.go), which hands mapstructure a DecoderConfig without
// MatchName, so mapstructure (v1.5.1-0.20220423185008-bf980b35cac4, mapstructure.go:403) falls back to
// strings.EqualFold: a key matches its field whatever its case. The same file rejects two keys that differ only
// in case ("key … is duplicate in the metadata"). Some fields are patterns: pulsar's "<topic-name>.avroschema".

export interface FieldNamePattern {
  /** Matches the keys the pattern stands for, case-insensitively. */
  regex: RegExp;
  /** The TypeScript template literal type of those keys, e.g. `${string}.avroschema`. */
  template: string;
}

const PLACEHOLDER = /<[^<>]+>/g;

export function fieldNamePattern(name: string): FieldNamePattern | undefined {
  if (!/<[^<>]+>/.test(name)) return undefined;
  const parts = name.split(PLACEHOLDER);
  return {
    regex: new RegExp(`^${parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".+")}$`, "i"),
    template: parts.map((part) => part.replace(/[`\\$]/g, "\\$&")).join("${string}"),
  };
}

/** Whether a metadata key names the field, as daprd's case-insensitive decoding sees it. */
export function keyMatchesField(key: string, fieldName: string): boolean {
  const pattern = fieldNamePattern(fieldName);
  return pattern ? pattern.regex.test(key) : key.toLowerCase() === fieldName.toLowerCase();
}
