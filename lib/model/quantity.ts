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

const ANY_QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;
const SUFFIXES: Readonly<Record<string, number>> = {
  ...FACTORS,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  P: 1e15,
  E: 1e18,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Any Kubernetes quantity ("500m", "1.5Gi", "2e3") as a number of its unit. */
export function quantityValue(quantity: string): number {
  const match = ANY_QUANTITY.exec(quantity.trim());
  if (!match) throw new Error(`"${quantity}" is not a Kubernetes quantity`);
  const factor = match[3] !== undefined ? 10 ** Number(match[3]) : (SUFFIXES[match[2] ?? ""] ?? 1);
  return Number(match[1]) * factor;
}
