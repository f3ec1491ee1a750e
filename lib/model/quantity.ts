// Kubernetes memory quantities as numbers, for values derived from them (GOMEMLIMIT).

const FACTORS: Readonly<Record<string, number>> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

export function memoryBytes(quantity: string): number {
  const match = /^(\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(quantity);
  const factor = FACTORS[match?.[2] ?? ""];
  if (!match || factor === undefined)
    throw new Error(`internal: "${quantity}" is not a memory quantity the schema accepts`);
  return Number(match[1]) * factor;
}

/** The share of a memory limit that Go's GC aims to stay under, in whole MiB as GOMEMLIMIT writes it. */
export function goMemLimit(memoryLimit: string, share = 0.9): string {
  return `${Math.floor((memoryBytes(memoryLimit) * share) / 2 ** 20)}MiB`;
}
