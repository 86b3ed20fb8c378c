/**
 * The small part of Prometheus' alert templating the rules use — `{{ $labels.<name> }}` and
 * `{{ $value | humanize | humanizePercentage | humanizeDuration }}` — expanded the way Prometheus does,
 * so the promtool tests can state the exact annotations each firing case must carry. Anything else in a
 * template is reported, so a rule never uses a construct its tests cannot check.
 */

const ACTION = /{{-?\s*(.*?)\s*-?}}/g;
const LABEL = /^\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)$/;
const VALUE = /^\$value\s*\|\s*(humanize|humanizePercentage|humanizeDuration)$/;

/** The template actions in `text` that this expander does not support (empty when all are supported). */
export function unsupportedTemplateActions(text: string): string[] {
  return [...text.matchAll(ACTION)].map((m) => m[1]).filter((action) => !LABEL.test(action) && !VALUE.test(action));
}

/** Whether `text` prints the alert's value. */
export function usesValue(text: string): boolean {
  return [...text.matchAll(ACTION)].some((m) => VALUE.test(m[1]));
}

/** Expands `text` for an alert with `labels` (the alerting series' labels) and `value`. */
export function expandTemplate(text: string, labels: Readonly<Record<string, string>>, value?: number): string {
  return text.replace(ACTION, (_whole, action: string) => {
    const label = LABEL.exec(action);
    if (label) {
      // Prometheus templates run with missingkey=zero: an absent label prints nothing.
      return labels[label[1]] ?? '';
    }
    const fn = VALUE.exec(action);
    if (fn) {
      if (value === undefined) {
        throw new Error(`the template "${text}" prints $value, but no value was given`);
      }
      return HUMANIZE[fn[1] as keyof typeof HUMANIZE](value);
    }
    throw new Error(`unsupported template action {{ ${action} }} in "${text}"`);
  });
}

/** Go's `%.4g`: four significant digits, trailing zeros removed, two-digit exponents. */
export function formatG4(v: number): string {
  if (Number.isNaN(v)) {
    return 'NaN';
  }
  if (!Number.isFinite(v)) {
    return v > 0 ? '+Inf' : '-Inf';
  }
  if (v === 0) {
    return '0';
  }
  const [mantissa, exponentText] = v.toExponential(3).split('e');
  const exponent = Number(exponentText);
  const trim = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exponent < -4 || exponent >= 4) {
    return `${trim(mantissa)}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return trim(v.toFixed(3 - exponent));
}

const SMALL_PREFIXES = ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y'];

function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) {
    return formatG4(v);
  }
  let x = v;
  let prefix = '';
  if (Math.abs(x) >= 1) {
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(x) < 1000) {
        break;
      }
      prefix = p;
      x /= 1000;
    }
    return `${formatG4(x)}${prefix}`;
  }
  for (const p of SMALL_PREFIXES) {
    if (Math.abs(x) >= 1) {
      break;
    }
    prefix = p;
    x *= 1000;
  }
  return `${formatG4(x)}${prefix}`;
}

function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) {
    return formatG4(v);
  }
  if (v === 0) {
    return `${formatG4(v)}s`;
  }
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    const abs = Math.abs(v);
    const duration = Math.trunc(abs);
    const seconds = duration % 60;
    const minutes = Math.trunc(duration / 60) % 60;
    const hours = Math.trunc(duration / 3600) % 24;
    const days = Math.trunc(duration / 86400);
    if (days !== 0) {
      return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    }
    if (hours !== 0) {
      return `${sign}${hours}h ${minutes}m ${seconds}s`;
    }
    if (minutes !== 0) {
      return `${sign}${minutes}m ${seconds}s`;
    }
    return `${sign}${formatG4(abs)}s`;
  }
  let x = v;
  let prefix = '';
  for (const p of SMALL_PREFIXES) {
    if (Math.abs(x) >= 1) {
      break;
    }
    prefix = p;
    x *= 1000;
  }
  return `${formatG4(x)}${prefix}s`;
}

const HUMANIZE = {
  humanize,
  humanizePercentage: (v: number) => `${formatG4(v * 100)}%`,
  humanizeDuration,
} as const;
