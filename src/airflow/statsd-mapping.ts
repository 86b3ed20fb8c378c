import { stringify } from 'yaml';
import { StatsdMetricDefinition } from '../monitoring/catalog/airflow';

/** statsd_exporter's `match_metric_type` for each statsd kind (timers are "observers"). */
const METRIC_TYPE = { counter: 'counter', gauge: 'gauge', timer: 'observer' } as const;

/**
 * The statsd_exporter mapping file for `metrics`, generated from the catalog: one glob rule per
 * catalog metric, restricted to the statsd type Airflow sends, and a final rule that drops every
 * other name. Dropping the rest keeps the exporter's output to what the catalog promises: Airflow also
 * sends each labelled metric under its modern name without labels (plain statsd drops tags), which
 * would collide with the labelled series, and per-task names that only add cardinality.
 */
export function statsdMappingConfig(metrics: readonly StatsdMetricDefinition[]): Record<string, unknown> {
  return {
    defaults: { match_type: 'glob', glob_disable_ordering: false, ttl: '0s' },
    mappings: [
      ...metrics.map((metric) => {
        const source = metric.statsd;
        const observer = source.observer;
        return {
          match: source.match,
          match_metric_type: METRIC_TYPE[source.statsdType],
          name: metric.name,
          help: metric.help,
          ...(source.labels && Object.keys(source.labels).length ? { labels: { ...source.labels } } : {}),
          ...(observer?.type === 'histogram' ? { observer_type: 'histogram', histogram_options: { buckets: [...observer.buckets] } } : {}),
          ...(observer?.type === 'summary'
            ? { observer_type: 'summary', summary_options: { quantiles: observer.quantiles.map((q) => ({ quantile: q, error: 0.005 })), max_age: observer.maxAge } }
            : {}),
        };
      }),
      { match: '.+', match_type: 'regex', action: 'drop', name: 'dropped' },
    ],
  };
}

/** The mapping file's text, as the statsd-exporter's ConfigMap holds it. */
export function statsdMappingYaml(metrics: readonly StatsdMetricDefinition[]): string {
  return '# Generated from src/monitoring/catalog/airflow.ts — every catalog metric, nothing else.\n' + stringify(statsdMappingConfig(metrics));
}
