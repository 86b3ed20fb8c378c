import { ERROR_RATIO_RECORD, metric, percent, Signal, SIGNAL_LABEL } from './conventions';
import { THRESHOLDS } from './thresholds';
import { ComponentMixin, MetricType, Severity } from './types';

const CH = 'clickhouse';

/**
 * ClickHouse (the speed layer's store), scraped on its built-in Prometheus endpoint (port 9363): profile
 * events are counters, `ClickHouseMetrics_*` and `ClickHouseAsyncMetrics_*` gauges. Disk metrics are per
 * ClickHouse disk; `default` is the server's data path.
 */
export const CLICKHOUSE_MIXIN: ComponentMixin = {
  component: CH,
  metrics: [
    metric('ClickHouseProfileEvents_Query', MetricType.COUNTER, CH, 'Queries interpreted and potentially executed'),
    metric('ClickHouseProfileEvents_FailedQuery', MetricType.COUNTER, CH, 'Queries that failed'),
    metric('ClickHouseProfileEvents_SelectQuery', MetricType.COUNTER, CH, 'SELECT queries'),
    metric('ClickHouseProfileEvents_InsertQuery', MetricType.COUNTER, CH, 'INSERT queries'),
    metric('ClickHouseProfileEvents_InsertedRows', MetricType.COUNTER, CH, 'Rows inserted into all tables'),
    metric('ClickHouseProfileEvents_QueryTimeMicroseconds', MetricType.COUNTER, CH, 'Total time of all queries, in microseconds'),
    metric('ClickHouseMetrics_Query', MetricType.GAUGE, CH, 'Queries executing now'),
    metric('ClickHouseMetrics_MemoryTracking', MetricType.GAUGE, CH, 'Memory the server has allocated, in bytes'),
    metric('ClickHouseAsyncMetrics_DiskAvailable_default', MetricType.GAUGE, CH, 'Free bytes on the default disk'),
    metric('ClickHouseAsyncMetrics_DiskTotal_default', MetricType.GAUGE, CH, 'Size of the default disk in bytes'),
    metric('ClickHouseAsyncMetrics_TotalBytesOfMergeTreeTables', MetricType.GAUGE, CH, 'Bytes stored in all MergeTree tables'),
    metric('ClickHouseAsyncMetrics_MaxPartCountForPartition', MetricType.GAUGE, CH, 'Most parts in any one partition (merges falling behind when it grows)'),
  ],
  recordingRules: [
    {
      record: ERROR_RATIO_RECORD,
      expr: 'sum by (namespace, component) (rate(ClickHouseProfileEvents_FailedQuery[5m])) / sum by (namespace, component) (rate(ClickHouseProfileEvents_Query[5m]))',
      labels: { source: CH },
      tests: [{
        description: '6 of every 100 queries fail',
        series: [
          { series: 'ClickHouseProfileEvents_Query{namespace="clickhouse", component="clickhouse", job="clickhouse", instance="10.244.2.9:9363"}', values: '0+100x10' },
          { series: 'ClickHouseProfileEvents_FailedQuery{namespace="clickhouse", component="clickhouse", job="clickhouse", instance="10.244.2.9:9363"}', values: '0+6x10' },
        ],
        evalTime: '10m',
        expected: [{ labels: { namespace: 'clickhouse', component: 'clickhouse' }, value: 0.06 }],
      }],
    },
    {
      record: 'clickhouse:inserted_rows:rate5m',
      expr: 'sum by (namespace, component) (rate(ClickHouseProfileEvents_InsertedRows[5m]))',
    },
    {
      record: 'clickhouse:query_duration_seconds:mean5m',
      expr: 'sum by (namespace, component) (rate(ClickHouseProfileEvents_QueryTimeMicroseconds[5m])) / sum by (namespace, component) (rate(ClickHouseProfileEvents_Query[5m])) / 1e6',
    },
  ],
  alerts: [
    {
      alert: 'ClickHouseDiskSpaceLow',
      expr: `ClickHouseAsyncMetrics_DiskAvailable_default / ClickHouseAsyncMetrics_DiskTotal_default < ${THRESHOLDS.diskFreeRatio}`,
      for: '5m',
      severity: Severity.WARNING,
      component: CH,
      labels: { [SIGNAL_LABEL]: Signal.SATURATION },
      summary: 'ClickHouse {{ $labels.instance }} has {{ $value | humanizePercentage }} of its disk free',
      description: `The default disk of ClickHouse {{ $labels.instance }} has had less than ${percent(THRESHOLDS.diskFreeRatio)} free for 5 minutes; inserts stop when it fills.`,
      runbook: 'clickhouse-disk-space-low.md',
      tests: [
        {
          description: '15% free for more than 5 minutes',
          series: [
            { series: 'ClickHouseAsyncMetrics_DiskAvailable_default{namespace="clickhouse", component="clickhouse", job="clickhouse", instance="10.244.2.9:9363"}', values: '15x10' },
            { series: 'ClickHouseAsyncMetrics_DiskTotal_default{namespace="clickhouse", component="clickhouse", job="clickhouse", instance="10.244.2.9:9363"}', values: '100x10' },
          ],
          evalTime: '6m', fires: true, value: 0.15,
          labels: { namespace: 'clickhouse', component: 'clickhouse', job: 'clickhouse', instance: '10.244.2.9:9363' },
        },
        {
          description: '21% free, just above the threshold',
          series: [
            { series: 'ClickHouseAsyncMetrics_DiskAvailable_default{namespace="clickhouse", component="clickhouse", job="clickhouse", instance="10.244.2.9:9363"}', values: '21x10' },
            { series: 'ClickHouseAsyncMetrics_DiskTotal_default{namespace="clickhouse", component="clickhouse", job="clickhouse", instance="10.244.2.9:9363"}', values: '100x10' },
          ],
          evalTime: '6m', fires: false,
        },
        {
          // 20 / 100 rounds to the same double as the literal 0.2, so "exactly at the threshold" is exact.
          description: '20% free, exactly at the threshold (the comparison is strict)',
          series: [
            { series: 'ClickHouseAsyncMetrics_DiskAvailable_default{namespace="clickhouse", component="clickhouse", job="clickhouse", instance="10.244.2.9:9363"}', values: `${Math.round(THRESHOLDS.diskFreeRatio * 100)}x10` },
            { series: 'ClickHouseAsyncMetrics_DiskTotal_default{namespace="clickhouse", component="clickhouse", job="clickhouse", instance="10.244.2.9:9363"}', values: '100x10' },
          ],
          evalTime: '6m', fires: false, boundary: true,
        },
      ],
    },
  ],
};
