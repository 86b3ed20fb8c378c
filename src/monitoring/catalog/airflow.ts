/**
 * Airflow's part of the metric catalog: what the statsd-exporter beside Airflow exposes (each metric
 * with the Airflow 3 statsd name it is mapped from), the pipeline gauges the daily batch DAG publishes
 * through the same statsd path, and the recording rules and alerts on them. The statsd-exporter's
 * mapping file is generated from this list (src/airflow/statsd-mapping.ts), so a metric cannot be in
 * the catalog without a mapping, nor mapped without being in the catalog.
 */
import { THRESHOLDS } from './thresholds';
import { AlertRuleSpec, ComponentMixin, MetricDefinition, MetricType, RecordingRuleSpec, Severity } from './types';

export const AIRFLOW_COMPONENT = 'airflow';

/** How a statsd timer becomes a Prometheus metric. */
export type StatsdObserver =
  | { readonly type: 'histogram'; readonly buckets: readonly number[] }
  /** Quantiles over a sliding window; keeps the bare metric name queryable like a gauge. */
  | { readonly type: 'summary'; readonly quantiles: readonly number[]; readonly maxAge: string };

/**
 * Where a catalog metric comes from on the statsd side. `match` is a statsd_exporter glob over the
 * dotted name Airflow sends (prefix included); `labels` take the glob's captures as `$1`, `$2`, ….
 */
export interface StatsdSource {
  readonly match: string;
  readonly statsdType: 'counter' | 'gauge' | 'timer';
  readonly labels?: Readonly<Record<string, string>>;
  /** Timers only. */
  readonly observer?: StatsdObserver;
}

/** A catalog metric that reaches Prometheus through the statsd-exporter. */
export interface StatsdMetricDefinition extends MetricDefinition {
  readonly statsd: StatsdSource;
}

/** The statsd prefix Airflow and the DAGs send with (`[metrics] statsd_prefix`). */
export const AIRFLOW_STATSD_PREFIX = 'airflow';

/** The freshness bound of the daily batch: one schedule interval plus two hours for a slow or retried run. */
export const BATCH_FRESHNESS_SECONDS = 26 * 3600;

const DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200] as const;

function metric(name: string, type: MetricType, help: string, statsd: StatsdSource): StatsdMetricDefinition {
  return { name, type, component: AIRFLOW_COMPONENT, help, labels: Object.keys(statsd.labels ?? {}), statsd };
}

const p = AIRFLOW_STATSD_PREFIX;

/**
 * Names follow Airflow 3.3's metrics registry. Where a metric carries labels, the mapping reads the
 * legacy dotted name (`legacy_names_on`, Airflow's default), which has the label values in the name;
 * plain statsd drops the modern names' tags.
 */
export const AIRFLOW_METRICS: readonly StatsdMetricDefinition[] = [
  metric('airflow_scheduler_heartbeat_total', MetricType.COUNTER, 'Scheduler loop heartbeats.',
    { match: `${p}.scheduler_heartbeat`, statsdType: 'counter' }),
  metric('airflow_ti_failures_total', MetricType.COUNTER, 'Task instances that failed, over all DAGs.',
    { match: `${p}.ti_failures`, statsdType: 'counter' }),
  metric('airflow_ti_successes_total', MetricType.COUNTER, 'Task instances that succeeded, over all DAGs.',
    { match: `${p}.ti_successes`, statsdType: 'counter' }),
  metric('airflow_dagrun_duration_seconds', MetricType.HISTOGRAM, 'Duration of finished DAG runs, by outcome.',
    {
      match: `${p}.dagrun.duration.*.*`, statsdType: 'timer', labels: { status: '$1', dag_id: '$2' },
      observer: { type: 'histogram', buckets: DURATION_BUCKETS },
    }),
  metric('airflow_task_duration_seconds', MetricType.HISTOGRAM, 'Duration of task runs (sent by the worker pods).',
    {
      match: `${p}.dag.*.*.duration`, statsdType: 'timer', labels: { dag_id: '$1', task_id: '$2' },
      observer: { type: 'histogram', buckets: DURATION_BUCKETS },
    }),
  metric('airflow_dag_processing_import_errors', MetricType.GAUGE, 'DAG files that failed to import in the last parse.',
    { match: `${p}.dag_processing.import_errors`, statsdType: 'gauge' }),
  metric('airflow_dag_processing_last_duration_seconds', MetricType.SUMMARY,
    'Time the DAG processor took to parse a file (a summary over 10 minutes, so the bare name reads like a gauge).',
    {
      match: `${p}.dag_processing.last_duration.*.*`, statsdType: 'timer', labels: { bundle: '$1', file: '$2' },
      observer: { type: 'summary', quantiles: [0.5, 0.99], maxAge: '10m' },
    }),
  ...(['open_slots', 'queued_tasks', 'running_tasks'] as const).map((slot) =>
    metric(`airflow_executor_${slot}`, MetricType.GAUGE, `Executor ${slot.replace('_', ' ')}.`,
      { match: `${p}.executor.${slot}.*`, statsdType: 'gauge', labels: { executor: '$1' } })),
  ...(['open_slots', 'queued_slots', 'running_slots', 'starving_tasks'] as const).map((slot) =>
    metric(`airflow_pool_${slot}`, MetricType.GAUGE, `Pool ${slot.replace('_', ' ')}.`,
      { match: `${p}.pool.${slot}.*`, statsdType: 'gauge', labels: { pool: '$1' } })),
  // Published by the daily_batch_processing DAG (dags/pipeline_common/metrics.py) through Airflow's statsd settings.
  metric('pipeline_data_quality_score_ratio', MetricType.GAUGE, 'Data quality score of the last batch run (0–1).',
    { match: `${p}.pipeline.data_quality_score.*`, statsdType: 'gauge', labels: { dag_id: '$1' } }),
  metric('pipeline_reconciliation_discrepancy_ratio', MetricType.GAUGE, 'Relative discrepancy between the speed and batch layer aggregates (0–1).',
    { match: `${p}.pipeline.reconciliation_discrepancy.*`, statsdType: 'gauge', labels: { dag_id: '$1' } }),
  metric('pipeline_batch_last_success_timestamp_seconds', MetricType.GAUGE, 'Unix time of the last successful batch run.',
    { match: `${p}.pipeline.batch_last_success_timestamp.*`, statsdType: 'gauge', labels: { dag_id: '$1' } }),
];

export const AIRFLOW_RECORDING_RULES: readonly RecordingRuleSpec[] = [
  {
    record: 'airflow:dagrun_failed:increase10m',
    expr: 'sum by (dag_id) (increase(airflow_dagrun_duration_seconds_count{status="failed"}[10m]))',
  },
  {
    record: 'airflow:ti_failure_ratio:rate30m',
    expr: 'sum(rate(airflow_ti_failures_total[30m])) / clamp_min(sum(rate(airflow_ti_failures_total[30m])) + sum(rate(airflow_ti_successes_total[30m])), 1e-9)',
  },
];

const qualityFloor = THRESHOLDS.dataQualityScoreRatio;
const discrepancyCeiling = THRESHOLDS.reconciliationDiscrepancyRatio;

export const AIRFLOW_ALERTS: readonly AlertRuleSpec[] = [
  {
    alert: 'AirflowDagRunFailed',
    expr: 'airflow:dagrun_failed:increase10m > 0',
    for: '0m',
    severity: Severity.CRITICAL,
    component: AIRFLOW_COMPONENT,
    summary: 'Airflow DAG {{ $labels.dag_id }} failed',
    description: 'A run of DAG {{ $labels.dag_id }} ended in the failed state in the last 10 minutes.',
    runbook: 'airflow-dag-failed.md',
    tests: [
      {
        description: 'a failed run fires',
        series: [{ series: 'airflow_dagrun_duration_seconds_count{status="failed", dag_id="daily_batch_processing"}', values: '0 0 0 1 1 1' }],
        evalTime: '4m', fires: true, labels: { dag_id: 'daily_batch_processing' },
      },
      {
        description: 'successful runs stay quiet',
        series: [
          { series: 'airflow_dagrun_duration_seconds_count{status="failed", dag_id="daily_batch_processing"}', values: '0 0 0 0 0 0' },
          { series: 'airflow_dagrun_duration_seconds_count{status="success", dag_id="daily_batch_processing"}', values: '0 1 2 3 4 5' },
        ],
        evalTime: '5m', fires: false,
      },
      {
        // for: 0m, so the boundary is the 10-minute window: from 10m the recording's window no longer holds the
        // sample before the failure (increase exactly 0). The alert reads the recording from another rule group,
        // which may be one evaluation old (it still sees the 9m recording at 10m), so the case evaluates at 11m.
        description: 'a failure has just left the 10-minute window (increase exactly 0)',
        series: [{ series: 'airflow_dagrun_duration_seconds_count{status="failed", dag_id="daily_batch_processing"}', values: '0 1x12' }],
        evalTime: '11m', fires: false, boundary: true,
      },
    ],
  },
  {
    alert: 'AirflowDagImportErrors',
    expr: 'max(airflow_dag_processing_import_errors) > 0',
    for: '5m',
    severity: Severity.WARNING,
    component: AIRFLOW_COMPONENT,
    summary: 'Airflow cannot import {{ $value | humanize }} DAG file(s)',
    description: 'The DAG processor reports import errors: the DAGs in those files are not scheduled until they are fixed.',
    runbook: 'airflow-dag-import-errors.md',
    tests: [
      { description: 'an import error that lasts fires', series: [{ series: 'airflow_dag_processing_import_errors', values: '1x10' }], evalTime: '6m', fires: true, value: 1 },
      { description: 'a brief import error during a sync stays quiet', series: [{ series: 'airflow_dag_processing_import_errors', values: '0 1 1 0 0 0 0 0' }], evalTime: '7m', fires: false },
      { description: 'an import error for 4 minutes (one evaluation short of for: 5m)', series: [{ series: 'airflow_dag_processing_import_errors', values: '0 0 1x8' }], evalTime: '6m', fires: false, boundary: true },
    ],
  },
  {
    alert: 'PipelineDataQualityDegraded',
    expr: `min by (dag_id) (pipeline_data_quality_score_ratio) < ${qualityFloor}`,
    for: '0m',
    severity: Severity.WARNING,
    component: AIRFLOW_COMPONENT,
    summary: 'Data quality score {{ $value | humanizePercentage }} is below the threshold',
    description: `The last run of {{ $labels.dag_id }} scored below ${qualityFloor * 100}% in its data quality checks.`,
    runbook: 'data-quality-degraded.md',
    tests: [
      { description: 'a score below the floor fires', series: [{ series: 'pipeline_data_quality_score_ratio{dag_id="daily_batch_processing"}', values: `${qualityFloor - 0.01}x5` }], evalTime: '2m', fires: true,
          value: 0.94, labels: { dag_id: 'daily_batch_processing' } },
      // The sample is the literal the rule compares with, so "exactly at the threshold" is exact in float.
      { description: 'a score at the floor stays quiet', series: [{ series: 'pipeline_data_quality_score_ratio{dag_id="daily_batch_processing"}', values: `${qualityFloor}x5` }], evalTime: '2m', fires: false, boundary: true },
    ],
  },
  {
    alert: 'LambdaReconciliationDiscrepancyHigh',
    expr: `max by (dag_id) (pipeline_reconciliation_discrepancy_ratio) > ${discrepancyCeiling}`,
    for: '0m',
    severity: Severity.CRITICAL,
    component: AIRFLOW_COMPONENT,
    summary: 'Speed and batch layers disagree by {{ $value | humanizePercentage }}',
    description: `The reconciliation of {{ $labels.dag_id }} found the ClickHouse and Snowflake aggregates more than ${discrepancyCeiling * 100}% apart.`,
    runbook: 'lambda-reconciliation-discrepancy.md',
    tests: [
      { description: 'a discrepancy above the ceiling fires', series: [{ series: 'pipeline_reconciliation_discrepancy_ratio{dag_id="daily_batch_processing"}', values: `${discrepancyCeiling + 0.01}x5` }], evalTime: '2m', fires: true,
          value: 0.11, labels: { dag_id: 'daily_batch_processing' } },
      // The sample is the literal the rule compares with, so "exactly at the threshold" is exact in float.
      { description: 'a discrepancy at the ceiling stays quiet', series: [{ series: 'pipeline_reconciliation_discrepancy_ratio{dag_id="daily_batch_processing"}', values: `${discrepancyCeiling}x5` }], evalTime: '2m', fires: false, boundary: true },
    ],
  },
  {
    alert: 'PipelineBatchDataStale',
    expr: `time() - max by (dag_id) (pipeline_batch_last_success_timestamp_seconds) > ${BATCH_FRESHNESS_SECONDS}`,
    for: '10m',
    severity: Severity.WARNING,
    component: AIRFLOW_COMPONENT,
    summary: 'No successful batch run of {{ $labels.dag_id }} for {{ $value | humanizeDuration }}',
    description: `The batch layer is stale: {{ $labels.dag_id }} last succeeded more than ${BATCH_FRESHNESS_SECONDS / 3600} hours ago.`,
    runbook: 'batch-data-stale.md',
    tests: [
      // The gauge holds the last success time; at t=0 it is 0 (the epoch), so time() - 0 is the evaluation time itself.
      { description: 'a success older than the bound fires', series: [{ series: 'pipeline_batch_last_success_timestamp_seconds{dag_id="daily_batch_processing"}', values: '0x1700' }], interval: '1m', evalTime: '27h', fires: true,
          value: 27 * 3600, labels: { dag_id: 'daily_batch_processing' } },
      { description: 'a recent success stays quiet', series: [{ series: 'pipeline_batch_last_success_timestamp_seconds{dag_id="daily_batch_processing"}', values: '0x1700' }], interval: '1m', evalTime: '25h', fires: false },
      // Exactly 26 h old at 26h is not above the bound; stale from 26h1m on, so firing from 26h11m.
      { description: 'stale for 9 minutes (one evaluation short of for: 10m)', series: [{ series: 'pipeline_batch_last_success_timestamp_seconds{dag_id="daily_batch_processing"}', values: '0x1700' }], interval: '1m',
          evalTime: `${BATCH_FRESHNESS_SECONDS / 3600}h10m`, fires: false, boundary: true },
    ],
  },
];

/** Airflow's metrics, recording rules and alerts, for the Prometheus stack. */
export const AIRFLOW_MIXIN: ComponentMixin = {
  component: AIRFLOW_COMPONENT,
  metrics: AIRFLOW_METRICS,
  recordingRules: AIRFLOW_RECORDING_RULES,
  alerts: AIRFLOW_ALERTS,
};
