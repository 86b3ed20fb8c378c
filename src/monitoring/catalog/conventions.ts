import { MetricDefinition, MetricType } from './types';

/*
 * Conventions every mixin follows, so one generic rule can cover every component:
 * - each scrape target carries a `component` label (the catalog component) and its `namespace`;
 * - a component whose work can fail records `component:error_ratio:rate5m` (failed / attempted, 0–1);
 * - a component that can fall behind records `component:processing_lag_seconds:max` (seconds).
 * The generic alerts (catalog/platform.ts) read only these names, and Alertmanager's inhibition reads
 * the `signal` label the alerts carry.
 */

/** The recording rule of a component's error ratio over 5 minutes (0–1), labelled `namespace`, `component`, `source`. */
export const ERROR_RATIO_RECORD = 'component:error_ratio:rate5m';

/** The recording rule of a component's processing lag in seconds, labelled `namespace`, `component`, `source`. */
export const PROCESSING_LAG_RECORD = 'component:processing_lag_seconds:max';

/** An alert label value that takes the component from the alerting series (Prometheus expands label templates). */
export const COMPONENT_FROM_SERIES = '{{ $labels.component }}';

/** The label that tells Alertmanager what kind of symptom an alert is (inhibition reads it). */
export const SIGNAL_LABEL = 'signal';

export enum Signal {
  /** The component does not answer at all. */
  AVAILABILITY = 'availability',
  ERROR_RATE = 'error-rate',
  LAG = 'lag',
  /** CPU, memory or disk. */
  SATURATION = 'saturation',
}

/** Shorthand for a metric definition. */
export function metric(name: string, type: MetricType, component: string, help: string, labels: string[] = []): MetricDefinition {
  return { name, type, component, help, labels };
}

/** A fraction as the percentage people read in summaries (0.05 → "5%"). */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}
