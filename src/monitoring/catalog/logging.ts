import { LOGGING_SEED } from '../../config/logging';
import { THRESHOLDS } from './thresholds';
import { AlertRuleSpec, ComponentMixin, MetricDefinition, MetricType, RecordingRuleSpec, Severity } from './types';

/**
 * The logging pipeline's mixin: Fluentd's output and buffer metrics (fluent-plugin-prometheus'
 * prometheus_output_monitor, with `gauge_all false` so counters are counters, plus two counters the
 * project's Fluentd configuration defines) and elasticsearch_exporter's health and filesystem metrics;
 * recording rules; alerts on the pipeline's health, each with its promtool cases and runbook.
 */

const OUTPUT_LABELS = ['plugin_id', 'type'] as const;
const NODE_LABELS = ['cluster', 'host', 'name', 'es_master_node', 'es_data_node', 'es_ingest_node', 'es_client_node'] as const;

function fluentd(name: string, type: MetricType, help: string, labels: readonly string[] = OUTPUT_LABELS): MetricDefinition {
  return { name, type, component: 'fluentd', help, labels };
}

function elasticsearch(name: string, type: MetricType, help: string, labels: readonly string[]): MetricDefinition {
  return { name, type, component: 'elasticsearch', help, labels };
}

export const LOGGING_METRICS: readonly MetricDefinition[] = [
  fluentd('fluentd_output_status_buffer_queue_length', MetricType.GAUGE, 'Chunks queued for flushing, per output.'),
  fluentd('fluentd_output_status_buffer_total_bytes', MetricType.GAUGE, 'Bytes in the staged and queued chunks of the buffer, per output.'),
  fluentd('fluentd_output_status_buffer_available_space_ratio', MetricType.GAUGE, 'Free share of the buffer\'s total_limit_size, in percent (0–100).'),
  fluentd('fluentd_output_status_retry_wait', MetricType.GAUGE, 'Seconds between the first failed flush and the next retry; 0 when the output is not retrying.'),
  fluentd('fluentd_output_status_retry_count', MetricType.COUNTER, 'Flushes that failed and were retried.'),
  fluentd('fluentd_output_status_num_errors', MetricType.COUNTER, 'Flushes that failed.'),
  fluentd('fluentd_output_status_write_count', MetricType.COUNTER, 'Chunks written (flushed) successfully.'),
  fluentd('fluentd_output_status_emit_records', MetricType.COUNTER, 'Records handed to the output.'),
  fluentd('fluentd_input_status_num_records_total', MetricType.COUNTER, 'Records read from the node\'s log files, by source (application, audit).', ['source']),
  fluentd('fluentd_error_records_total', MetricType.COUNTER, 'Records that Elasticsearch rejected or a filter could not process.', []),
  elasticsearch('elasticsearch_cluster_health_status', MetricType.GAUGE, 'Cluster health: 1 for the current color (green, yellow, red), 0 for the others; absent when the exporter could not read /_cluster/health.', ['cluster', 'color']),
  elasticsearch('elasticsearch_exporter_build_info', MetricType.GAUGE, 'Constant 1 with the exporter\'s version; present in every successful scrape of the exporter, whatever Elasticsearch answers.',
    ['version', 'revision', 'branch', 'goversion', 'goos', 'goarch', 'tags']),
  elasticsearch('elasticsearch_cluster_health_number_of_nodes', MetricType.GAUGE, 'Nodes in the cluster.', ['cluster']),
  elasticsearch('elasticsearch_filesystem_data_available_bytes', MetricType.GAUGE, 'Bytes available to Elasticsearch on the data path.', [...NODE_LABELS, 'mount', 'path']),
  elasticsearch('elasticsearch_filesystem_data_size_bytes', MetricType.GAUGE, 'Size of the data path\'s filesystem.', [...NODE_LABELS, 'mount', 'path']),
  elasticsearch('elasticsearch_jvm_memory_used_bytes', MetricType.GAUGE, 'JVM memory in use, by area (heap, non-heap).', [...NODE_LABELS, 'area']),
  elasticsearch('elasticsearch_jvm_memory_max_bytes', MetricType.GAUGE, 'JVM memory maximum, by area.', [...NODE_LABELS, 'area']),
];

export const LOGGING_RECORDING_RULES: readonly RecordingRuleSpec[] = [
  {
    record: 'fluentd:output_buffer_usage:ratio',
    expr: '1 - fluentd_output_status_buffer_available_space_ratio / 100',
  },
  {
    record: 'fluentd:output_errors:ratio_rate10m',
    expr: 'sum by (job, instance, plugin_id) (rate(fluentd_output_status_num_errors[10m]))\n'
      + '/\n(sum by (job, instance, plugin_id) (rate(fluentd_output_status_num_errors[10m])) + sum by (job, instance, plugin_id) (rate(fluentd_output_status_write_count[10m])))',
  },
  {
    record: 'elasticsearch:filesystem_data_used:ratio',
    expr: '1 - elasticsearch_filesystem_data_available_bytes / elasticsearch_filesystem_data_size_bytes',
  },
];

const FLUENTD_POD = { job: 'fluentd', instance: '10.244.1.5:24231', plugin_id: 'out_es_application', type: 'elasticsearch' };
const series = (name: string, labels: Record<string, string>) => `${name}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
const ES_NODE = { job: 'elasticsearch', instance: '10.244.2.7:9114', cluster: 'pipeline-logs', host: '10.244.2.6', name: 'elasticsearch-0', mount: '/usr/share/elasticsearch/data (/dev/sda1)', path: '/usr/share/elasticsearch/data' };
/** The target labels of the exporter's scrape (what every series of it carries). */
const ES_EXPORTER = { namespace: 'logging', component: 'elasticsearch', job: 'elasticsearch', instance: '10.244.2.7:9114' };

export interface LoggingMixinOptions {
  /** Elasticsearch's high disk watermark (fraction used), which the critical disk alert fires above. @default LOGGING_SEED.diskWatermarks.high */
  readonly highDiskWatermark?: number;
}

/** The logging mixin; the disk alert follows the watermark the stack sets on Elasticsearch. */
export function loggingMixin(options: LoggingMixinOptions = {}): ComponentMixin {
  const high = options.highDiskWatermark ?? LOGGING_SEED.diskWatermarks.high;
  const freeWarning = 1 - THRESHOLDS.diskFreeRatio;
  const alerts: AlertRuleSpec[] = [
    {
      alert: 'FluentdBufferQueueGrowing',
      expr: 'min_over_time(fluentd_output_status_buffer_queue_length[15m]) > 0 and deriv(fluentd_output_status_buffer_queue_length[15m]) > 0',
      for: '10m',
      severity: Severity.WARNING,
      component: 'fluentd',
      summary: 'Fluentd cannot keep up with its log volume',
      description: 'Output {{ $labels.plugin_id }} on {{ $labels.instance }} has had chunks queued for 15 minutes and the queue keeps growing: Elasticsearch accepts less than Fluentd reads.',
      runbook: 'fluentd-buffer-queue-growing.md',
      tests: [
        { description: 'the queue grows by one chunk a minute', series: [{ series: series('fluentd_output_status_buffer_queue_length', FLUENTD_POD), values: '0+1x40' }], evalTime: '30m', fires: true, labels: FLUENTD_POD },
        { description: 'a steady, non-empty queue is a busy output, not a falling-behind one', series: [{ series: series('fluentd_output_status_buffer_queue_length', FLUENTD_POD), values: '3x40' }], evalTime: '30m', fires: false },
        { description: 'growth shorter than the for period stays quiet', series: [{ series: series('fluentd_output_status_buffer_queue_length', FLUENTD_POD), values: '0x10 1+1x12' }], evalTime: '22m', fires: false },
        // Queued from 11m: the 15-minute window holds no empty sample from 25m on, so the alert is pending from 25m.
        { description: 'growing with no empty sample in the window for 9 minutes (one evaluation short of for: 10m)', series: [{ series: series('fluentd_output_status_buffer_queue_length', FLUENTD_POD), values: '0x10 1+1x30' }],
          evalTime: '34m', fires: false, boundary: true },
      ],
    },
    {
      alert: 'FluentdBufferNearlyFull',
      expr: `fluentd:output_buffer_usage:ratio > ${THRESHOLDS.resourceUtilizationRatio}`,
      for: '5m',
      severity: Severity.WARNING,
      component: 'fluentd',
      summary: "Fluentd's buffer is nearly full; the oldest logs will be dropped",
      description: 'The buffer of {{ $labels.plugin_id }} on {{ $labels.instance }} is {{ $value | humanizePercentage }} full; at 100% Fluentd drops its oldest chunks.',
      runbook: 'fluentd-buffer-nearly-full.md',
      tests: [
        { description: '10% of the buffer left', series: [{ series: series('fluentd_output_status_buffer_available_space_ratio', FLUENTD_POD), values: '10x15' }], evalTime: '10m', fires: true, value: 0.9, labels: FLUENTD_POD },
        { description: '25% left is below the threshold', series: [{ series: series('fluentd_output_status_buffer_available_space_ratio', FLUENTD_POD), values: '25x15' }], evalTime: '10m', fires: false },
        // Exactly 80% would be 1 - 20 / 100, which lands on 0.8 only through float rounding (0.2 is not exact in
        // binary): the boundary case is the nearest whole percent on the healthy side instead.
        { description: '21% left (79% used), just below the threshold', series: [{ series: series('fluentd_output_status_buffer_available_space_ratio', FLUENTD_POD), values: '21x15' }], evalTime: '10m', fires: false, boundary: true },
      ],
    },
    {
      alert: 'FluentdOutputRetrying',
      expr: 'max by (job, instance, plugin_id) (fluentd_output_status_retry_wait) > 0',
      for: '10m',
      severity: Severity.WARNING,
      component: 'fluentd',
      summary: 'Fluentd keeps retrying its writes to Elasticsearch',
      description: 'Output {{ $labels.plugin_id }} on {{ $labels.instance }} has been retrying for 10 minutes; logs are piling up in its buffer.',
      runbook: 'fluentd-output-retrying.md',
      tests: [
        { description: 'in retry for 20 minutes', series: [{ series: series('fluentd_output_status_retry_wait', FLUENTD_POD), values: '0 30+30x20' }], evalTime: '20m', fires: true, labels: { job: FLUENTD_POD.job, instance: FLUENTD_POD.instance, plugin_id: FLUENTD_POD.plugin_id } },
        { description: 'a retry that recovered within five minutes', series: [{ series: series('fluentd_output_status_retry_wait', FLUENTD_POD), values: '0x5 30x5 0x10' }], evalTime: '20m', fires: false },
        { description: 'in retry for 9 minutes (one evaluation short of for: 10m)', series: [{ series: series('fluentd_output_status_retry_wait', FLUENTD_POD), values: '0 0 30+30x18' }], evalTime: '11m', fires: false, boundary: true },
      ],
    },
    {
      alert: 'FluentdOutputErrorRateHigh',
      expr: `fluentd:output_errors:ratio_rate10m > ${THRESHOLDS.errorRateRatio}`,
      for: '10m',
      severity: Severity.CRITICAL,
      component: 'fluentd',
      summary: 'Fluentd fails to write to Elasticsearch',
      description: '{{ $value | humanizePercentage }} of the flushes of {{ $labels.plugin_id }} on {{ $labels.instance }} fail.',
      runbook: 'fluentd-output-error-rate-high.md',
      tests: [
        { description: 'one failed flush for every ten good ones (9%)', series: [
          { series: series('fluentd_output_status_num_errors', FLUENTD_POD), values: '0+1x40' },
          { series: series('fluentd_output_status_write_count', FLUENTD_POD), values: '0+10x40' },
        ], evalTime: '30m', fires: true, value: 1 / 11, labels: { job: FLUENTD_POD.job, instance: FLUENTD_POD.instance, plugin_id: FLUENTD_POD.plugin_id } },
        { description: 'one failure per hundred flushes (1%) is below the threshold', series: [
          { series: series('fluentd_output_status_num_errors', FLUENTD_POD), values: '0+1x40' },
          { series: series('fluentd_output_status_write_count', FLUENTD_POD), values: '0+100x40' },
        ], evalTime: '30m', fires: false },
        // Exactly 5% would be a ratio of two extrapolated rates, which float arithmetic need not land on 0.05
        // exactly: the boundary case is just below it on the healthy side instead.
        { description: 'five failed flushes per 97 good ones (4.9%), just below the threshold', series: [
          { series: series('fluentd_output_status_num_errors', FLUENTD_POD), values: '0+5x40' },
          { series: series('fluentd_output_status_write_count', FLUENTD_POD), values: '0+97x40' },
        ], evalTime: '30m', fires: false, boundary: true },
      ],
    },
    {
      alert: 'FluentdRecordsRejected',
      expr: 'sum by (job, instance) (increase(fluentd_error_records_total[15m])) > 0',
      for: '5m',
      severity: Severity.WARNING,
      component: 'fluentd',
      summary: 'Elasticsearch rejects log records',
      description: '{{ $value | humanize }} records from {{ $labels.instance }} were rejected in the last 15 minutes; Fluentd printed them, with the reason, to its own log.',
      runbook: 'fluentd-records-rejected.md',
      tests: [
        { description: 'records rejected steadily', series: [{ series: series('fluentd_error_records_total', { job: 'fluentd', instance: FLUENTD_POD.instance }), values: '0+2x30' }], evalTime: '20m', fires: true, value: 30, labels: { job: 'fluentd', instance: FLUENTD_POD.instance } },
        { description: 'no record rejected', series: [{ series: series('fluentd_error_records_total', { job: 'fluentd', instance: FLUENTD_POD.instance }), values: '5x30' }], evalTime: '20m', fires: false },
        { description: 'records rejected for 4 minutes (one evaluation short of for: 5m)', series: [{ series: series('fluentd_error_records_total', { job: 'fluentd', instance: FLUENTD_POD.instance }), values: '0 0 1+2x28' }],
          evalTime: '6m', fires: false, boundary: true },
      ],
    },
    {
      alert: 'ElasticsearchClusterRed',
      expr: 'max by (job, cluster) (elasticsearch_cluster_health_status{color="red"}) == 1',
      for: '5m',
      severity: Severity.CRITICAL,
      component: 'elasticsearch',
      summary: 'The logging Elasticsearch cluster is red',
      description: 'Cluster {{ $labels.cluster }} has unassigned primary shards: some log indices cannot be written or searched.',
      runbook: 'elasticsearch-cluster-red.md',
      tests: [
        { description: 'red for ten minutes', series: [
          { series: series('elasticsearch_cluster_health_status', { job: 'elasticsearch', instance: ES_NODE.instance, cluster: ES_NODE.cluster, color: 'red' }), values: '1x15' },
          { series: series('elasticsearch_cluster_health_status', { job: 'elasticsearch', instance: ES_NODE.instance, cluster: ES_NODE.cluster, color: 'green' }), values: '0x15' },
        ], evalTime: '10m', fires: true, labels: { job: 'elasticsearch', cluster: ES_NODE.cluster } },
        { description: 'yellow is not red', series: [
          { series: series('elasticsearch_cluster_health_status', { job: 'elasticsearch', instance: ES_NODE.instance, cluster: ES_NODE.cluster, color: 'red' }), values: '0x15' },
          { series: series('elasticsearch_cluster_health_status', { job: 'elasticsearch', instance: ES_NODE.instance, cluster: ES_NODE.cluster, color: 'yellow' }), values: '1x15' },
        ], evalTime: '10m', fires: false },
        { description: 'red for two minutes (a restart) stays quiet', series: [
          { series: series('elasticsearch_cluster_health_status', { job: 'elasticsearch', instance: ES_NODE.instance, cluster: ES_NODE.cluster, color: 'red' }), values: '0x5 1x2 0x8' },
        ], evalTime: '10m', fires: false },
        { description: 'red for 4 minutes (one evaluation short of for: 5m)', series: [
          { series: series('elasticsearch_cluster_health_status', { job: 'elasticsearch', instance: ES_NODE.instance, cluster: ES_NODE.cluster, color: 'red' }), values: '0 0 1x13' },
        ], evalTime: '6m', fires: false, boundary: true },
      ],
    },
    {
      alert: 'ElasticsearchClusterHealthUnknown',
      // The exporter (v1.7 and later) has no cluster_health_up gauge: when /_cluster/health fails it leaves the
      // status series out. Its build_info, present in every successful scrape, tells "exporter up, health
      // unread" apart from "exporter down" (which TargetDown and ComponentDown report).
      expr: 'max by (namespace, job, instance) (elasticsearch_exporter_build_info)\nunless on (job, instance) elasticsearch_cluster_health_status',
      for: '5m',
      severity: Severity.WARNING,
      component: 'elasticsearch',
      summary: "The logging Elasticsearch cluster's health cannot be read",
      description: 'The exporter {{ $labels.instance }} answers but has reported no cluster health for 5 minutes: Elasticsearch does not answer '
        + '/_cluster/health (down, restarting, no elected master) or rejects the exporter (credentials, CA), so ElasticsearchClusterRed cannot fire. '
        + 'Warning, not critical: if Elasticsearch itself stopped taking logs, FluentdOutputErrorRateHigh pages for it; this alert says the health check is blind.',
      runbook: 'elasticsearch-cluster-health-unknown.md',
      tests: [
        { description: 'the exporter answers without cluster health for more than 5 minutes', series: [
          { series: series('elasticsearch_exporter_build_info', { ...ES_EXPORTER, version: '1.11.0' }), values: '1x15' },
          { series: series('elasticsearch_cluster_health_status', { ...ES_EXPORTER, cluster: ES_NODE.cluster, color: 'green' }), values: '1 1 stale' },
        ], evalTime: '10m', fires: true, labels: { namespace: ES_EXPORTER.namespace, job: ES_EXPORTER.job, instance: ES_EXPORTER.instance } },
        { description: 'without cluster health for 4 minutes (one evaluation short of for: 5m)', series: [
          { series: series('elasticsearch_exporter_build_info', { ...ES_EXPORTER, version: '1.11.0' }), values: '1x15' },
          { series: series('elasticsearch_cluster_health_status', { ...ES_EXPORTER, cluster: ES_NODE.cluster, color: 'green' }), values: '1x5 stale' },
        ], evalTime: '10m', fires: false, boundary: true },
        { description: 'yellow is a health the exporter read', series: [
          { series: series('elasticsearch_exporter_build_info', { ...ES_EXPORTER, version: '1.11.0' }), values: '1x15' },
          { series: series('elasticsearch_cluster_health_status', { ...ES_EXPORTER, cluster: ES_NODE.cluster, color: 'green' }), values: '0x15' },
          { series: series('elasticsearch_cluster_health_status', { ...ES_EXPORTER, cluster: ES_NODE.cluster, color: 'yellow' }), values: '1x15' },
        ], evalTime: '10m', fires: false },
        { description: 'an exporter that is down is left to TargetDown and ComponentDown', series: [
          { series: series('elasticsearch_exporter_build_info', { ...ES_EXPORTER, version: '1.11.0' }), values: '1 1 stale' },
          { series: series('elasticsearch_cluster_health_status', { ...ES_EXPORTER, cluster: ES_NODE.cluster, color: 'green' }), values: '1 1 stale' },
        ], evalTime: '10m', fires: false },
      ],
    },
    {
      alert: 'ElasticsearchDiskSpaceLow',
      expr: `elasticsearch:filesystem_data_used:ratio > ${round(freeWarning)}`,
      for: '15m',
      severity: Severity.WARNING,
      component: 'elasticsearch',
      summary: "Elasticsearch's data volume is filling up",
      description: 'The data volume of {{ $labels.name }} is {{ $value | humanizePercentage }} full; shorten the retention or grow the volume before the high watermark.',
      runbook: 'elasticsearch-disk-space-low.md',
      tests: [
        { description: '85% used', series: [
          { series: series('elasticsearch_filesystem_data_available_bytes', ES_NODE), values: '15x20' },
          { series: series('elasticsearch_filesystem_data_size_bytes', ES_NODE), values: '100x20' },
        ], evalTime: '20m', fires: true, value: 0.85, labels: ES_NODE },
        { description: '70% used', series: [
          { series: series('elasticsearch_filesystem_data_available_bytes', ES_NODE), values: '30x20' },
          { series: series('elasticsearch_filesystem_data_size_bytes', ES_NODE), values: '100x20' },
        ], evalTime: '20m', fires: false },
        // Exactly 80% would be 1 - 20 / 100, which lands on 0.8 only through float rounding (0.2 is not exact in
        // binary): the boundary case is the nearest whole percent on the healthy side instead.
        { description: '79% used, just below the threshold', series: [
          { series: series('elasticsearch_filesystem_data_available_bytes', ES_NODE), values: '21x20' },
          { series: series('elasticsearch_filesystem_data_size_bytes', ES_NODE), values: '100x20' },
        ], evalTime: '20m', fires: false, boundary: true },
      ],
    },
    {
      alert: 'ElasticsearchDiskAboveHighWatermark',
      expr: `elasticsearch:filesystem_data_used:ratio > ${round(high)}`,
      for: '5m',
      severity: Severity.CRITICAL,
      component: 'elasticsearch',
      summary: 'Elasticsearch is above its high disk watermark',
      description: 'The data volume of {{ $labels.name }} is {{ $value | humanizePercentage }} full; at the flood stage Elasticsearch makes the log indices read-only and Fluentd can no longer write.',
      runbook: 'elasticsearch-disk-above-high-watermark.md',
      tests: [
        { description: `3 points above the watermark (${Math.round(high * 100) + 3}% used)`, series: [
          { series: series('elasticsearch_filesystem_data_available_bytes', ES_NODE), values: `${97 - Math.round(high * 100)}x10` },
          { series: series('elasticsearch_filesystem_data_size_bytes', ES_NODE), values: '100x10' },
        ], evalTime: '10m', fires: true, value: high + 0.03, labels: ES_NODE },
        // The used share is 1 - free / size, which float arithmetic need not land exactly on the watermark:
        // the boundary case is the nearest whole percent on the healthy side.
        { description: `just below the watermark (${Math.round(high * 100) - 1}% used)`, series: [
          { series: series('elasticsearch_filesystem_data_available_bytes', ES_NODE), values: `${101 - Math.round(high * 100)}x10` },
          { series: series('elasticsearch_filesystem_data_size_bytes', ES_NODE), values: '100x10' },
        ], evalTime: '10m', fires: false, boundary: true },
      ],
    },
  ];
  return { component: 'logging', metrics: LOGGING_METRICS, recordingRules: LOGGING_RECORDING_RULES, alerts };
}

/** Threshold literals without floating-point noise (1 - 0.2 = 0.8, not 0.7999999999999999). */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** The mixin with the seed's watermarks. */
export const LOGGING_MIXIN: ComponentMixin = loggingMixin();
