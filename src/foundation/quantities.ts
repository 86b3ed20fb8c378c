/**
 * Parsing of Kubernetes resource quantities ("500m", "1.5", "512Mi", "2G") into plain numbers, for
 * the capacity budget and for validation. Only the suffixes Kubernetes accepts are understood.
 */

const BINARY_SUFFIXES: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIXES: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const QUANTITY = /^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** The value of a quantity in base units (cores for CPU, bytes for memory and storage). */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') {
    return quantity;
  }
  const match = QUANTITY.exec(quantity.trim());
  if (!match) {
    throw new Error(`"${quantity}" is not a Kubernetes quantity (expected a number with an optional suffix such as m, Mi or Gi)`);
  }
  const [, digits, suffix = ''] = match;
  const multiplier = BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix];
  return Number(digits) * multiplier;
}

/** CPU quantity in millicores (rounded up, as the kubelet does). */
export function cpuMillis(quantity: string | number): number {
  return Math.ceil(parseQuantity(quantity) * 1000 - 1e-9);
}

/** Memory or storage quantity in bytes. */
export function bytes(quantity: string | number): number {
  return Math.round(parseQuantity(quantity));
}

export const MEBIBYTE = 2 ** 20;
export const GIBIBYTE = 2 ** 30;

/** Formats bytes as the largest exact binary unit (2Gi, 1536Mi), as a manifest would. */
export function formatBytes(value: number): string {
  for (const [suffix, factor] of [['Ti', 2 ** 40], ['Gi', GIBIBYTE], ['Mi', MEBIBYTE], ['Ki', 2 ** 10]] as const) {
    if (value >= factor && value % factor === 0) {
      return `${value / factor}${suffix}`;
    }
  }
  return String(value);
}

/** Formats millicores as a manifest would: whole cores as "1", fractions as "500m". */
export function formatCpu(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

/** Human-readable memory for reports: GiB with two decimals. */
export function formatGibibytes(value: number): string {
  return `${(value / GIBIBYTE).toFixed(2)} GiB`;
}
