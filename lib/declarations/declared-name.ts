// The field that names a declaration, per kind: what its file name must match.
import type { DeclarationFolder } from "./evaluate.ts";

const NAME_FIELD: Readonly<Record<DeclarationFolder, string>> = {
  environments: "name",
  apps: "id",
  components: "name",
  resiliency: "name",
};

export function declaredName(
  folder: DeclarationFolder,
  value: unknown,
): { readonly field: string; readonly name: string } {
  const field = NAME_FIELD[folder];
  return { field, name: String((value as Record<string, unknown>)[field]) };
}
