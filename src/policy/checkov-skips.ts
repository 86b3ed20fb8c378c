/**
 * checkov reads per-object skips from `checkov.io/skipN: <CHECK>=<reason>` annotations. The gauntlet's
 * scanner then reports the check as skipped with that reason, for that object only — narrower than a
 * skip in .checkov.yaml, which silences a check everywhere.
 */
export function checkovSkips(reasons: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(reasons).map(([check, reason], index) => [`checkov.io/skip${index + 1}`, `${check}=${reason}`]));
}
