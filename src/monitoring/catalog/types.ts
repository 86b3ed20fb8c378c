/**
 * The shape of the metric catalog: every metric the platform's rules, dashboards, statsd mappings and
 * health-check DAG name is declared once, with the component that emits it. Alert rules, recording
 * rules and dashboards of a component sit beside its metrics (the monitoring-mixin idea).
 */

export enum MetricType {
  COUNTER = 'counter',
  GAUGE = 'gauge',
  HISTOGRAM = 'histogram',
  SUMMARY = 'summary',
}

/** One Prometheus metric as scraped (after any exporter mapping). */
export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  /** The catalog component that emits it (`airflow`, `kafka`, `fluentd`, …). */
  readonly component: string;
  readonly help: string;
  /** Label names the metric carries (beyond `job`/`instance`). */
  readonly labels: readonly string[];
}

export enum Severity {
  /** Page someone now. */
  CRITICAL = 'critical',
  /** Look at it within working hours. */
  WARNING = 'warning',
  /** For dashboards and routing only. */
  NONE = 'none',
}

/** One input series of a rule test, in promtool's expanding notation (e.g. `0+1x10`, `1 1 1 0 0`). */
export interface TestSeries {
  /** Series selector with labels, e.g. `up{job="kafka", instance="kafka:9308"}`. */
  readonly series: string;
  readonly values: string;
}

/**
 * A promtool unit-test case for one alert, kept beside the rule so every alert ships with proof that it
 * fires (and that it stays quiet just below its threshold or short of its `for`).
 */
export interface AlertTestCase {
  readonly description: string;
  readonly series: readonly TestSeries[];
  /** When to evaluate, relative to the first sample (e.g. `10m`). */
  readonly evalTime: string;
  /** Whether the alert must be firing at `evalTime`. */
  readonly fires: boolean;
  /**
   * Marks a quiet case (`fires: false`) that sits at the alert's boundary rather than at a healthy value far
   * from it: the value exactly at the threshold of a strict comparison (80% for `> 0.8`), the nearest value
   * on the healthy side where float arithmetic makes "exactly" ambiguous, or the condition held for `for`
   * minus one evaluation step. Every alert needs at least one (the rule catalog checks it).
   */
  readonly boundary?: boolean;
  /** Labels the firing alert must carry besides its rule labels (e.g. `{ job: 'kafka' }`). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Sample interval of the series. @default '1m' */
  readonly interval?: string;
  /**
   * The alert's value at `evalTime`, for firing cases of rules whose annotations print `$value` (the
   * expected annotations are expanded from it and from `labels`).
   */
  readonly value?: number;
}

/** A promtool check of what a recording rule produces. */
export interface RecordingTestCase {
  readonly description: string;
  readonly series: readonly TestSeries[];
  /** When to evaluate, relative to the first sample (e.g. `10m`). */
  readonly evalTime: string;
  /** Every sample the rule must produce at `evalTime`: its labels (without the rule's own labels) and value. */
  readonly expected: ReadonlyArray<{ readonly labels: Readonly<Record<string, string>>; readonly value: number }>;
  /** Sample interval of the series. @default '1m' */
  readonly interval?: string;
}

/** A Prometheus alerting rule, with everything a responder needs attached. */
export interface AlertRuleSpec {
  /** Alert name, unique across the catalog (CamelCase). */
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold, e.g. `5m`. */
  readonly for: string;
  readonly severity: Severity;
  /** Catalog component the alert is about (routing and inhibition group by it). */
  readonly component: string;
  readonly summary: string;
  readonly description: string;
  /** Runbook file name under docs/runbooks/ (e.g. `component-down.md`). */
  readonly runbook: string;
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * At least one case that fires and one quiet case at the boundary (`boundary: true`: just below the
   * threshold or short of `for`), besides any others.
   */
  readonly tests: readonly AlertTestCase[];
}

/** A Prometheus recording rule. */
export interface RecordingRuleSpec {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** promtool checks of its output (optional; alert tests cover rules that feed an alert). */
  readonly tests?: readonly RecordingTestCase[];
}

/** A component's metrics, recording rules and alerts, shipped together. */
export interface ComponentMixin {
  readonly component: string;
  readonly metrics: readonly MetricDefinition[];
  readonly recordingRules: readonly RecordingRuleSpec[];
  readonly alerts: readonly AlertRuleSpec[];
}
