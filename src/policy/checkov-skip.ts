/** A check of the gauntlet's scanner (checkov) skipped on one object, with the reason. */
export interface ScannerSkip {
  /** The checkov check id, e.g. `CKV_K8S_38`. */
  readonly check: string;
  /** Why this object needs what the check forbids. */
  readonly reason: string;
}

/**
 * The annotations that make checkov skip `skips` on the object carrying them (`checkov.io/skip<n>:
 * <check>=<reason>`), for departures that belong to one object; platform-wide ones live in .checkov.yaml.
 */
export function scannerSkipAnnotations(skips: readonly ScannerSkip[]): Record<string, string> {
  return Object.fromEntries(skips.map((skip, index) => [`checkov.io/skip${index + 1}`, `${skip.check}=${skip.reason}`]));
}
