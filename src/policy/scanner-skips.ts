/**
 * checkov findings accepted for one object, each with its reason, as the `checkov.io/skip<n>` annotations
 * checkov reads (`<check id>=<reason>`). Keep them for departures the object really needs; platform-wide
 * decisions belong in .checkov.yaml.
 */
export function scannerSkips(skips: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(skips).map(([check, reason], i) => [`checkov.io/skip${i + 1}`, `${check}=${reason}`]));
}
