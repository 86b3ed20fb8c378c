/**
 * Env files of credentials (`KEY=value` per line), read the way `kubectl create secret
 * --from-env-file` reads them: the value is everything after the first `=`, verbatim (no quote
 * removal, no `#` comments after a value), so any password survives unchanged. Blank lines and lines
 * starting with `#` are skipped. Unlike kubectl, a line without `=` and a repeated key are errors
 * rather than silent surprises.
 */
export function parseEnvFile(text: string, source: string): Record<string, string> {
  const values: Record<string, string> = {};
  const firstLine: Record<string, number> = {};
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '').replace(/^\s+/, '');
    const lineNumber = index + 1;
    if (line === '' || line.startsWith('#')) {
      return;
    }
    const separator = line.indexOf('=');
    if (separator <= 0) {
      throw new Error(`${source}:${lineNumber}: expected KEY=value, got a line ${separator === 0 ? 'without a key' : 'without "="'}; put multi-line values in a file and pass it with --from-file key=path`);
    }
    const key = line.slice(0, separator);
    if (key in values) {
      throw new Error(`${source}:${lineNumber}: key "${key}" is already set on line ${firstLine[key]}; keep one of them`);
    }
    values[key] = line.slice(separator + 1);
    firstLine[key] = lineNumber;
  });
  return values;
}

/** Whether a value can be written as one env-file line and read back unchanged. */
export function fitsEnvFile(value: string): boolean {
  return !/[\r\n]/.test(value);
}

/** An env file with a comment header; every value must fit on one line (see {@link fitsEnvFile}). */
export function formatEnvFile(values: Record<string, string>, header: readonly string[] = []): string {
  for (const [key, value] of Object.entries(values)) {
    if (!fitsEnvFile(value)) {
      throw new Error(`value of ${key} spans several lines and cannot go into an env file; write it to a file of its own`);
    }
  }
  return [...header.map((line) => `# ${line}`), ...Object.entries(values).map(([key, value]) => `${key}=${value}`), ''].join('\n');
}
