// Matching a label selector against the pod templates of its namespace.

export function byNamespace<T>(items: readonly T[], namespaceOf: (item: T) => string): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const item of items) {
    const list = grouped.get(namespaceOf(item));
    if (list) list.push(item);
    else grouped.set(namespaceOf(item), [item]);
  }
  return grouped;
}

export const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([key, value]) => labels?.[key] === value);
