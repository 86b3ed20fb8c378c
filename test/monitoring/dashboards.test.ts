import { PROMETHEUS_DATASOURCE_UID } from '../../src/monitoring/dashboards/panels';
import { ALERTMANAGER_DATASOURCE_UID } from '../../src/monitoring/grafana-datasources';
import { ERROR_RATIO_RECORD, PROCESSING_LAG_RECORD } from '../../src/monitoring/catalog/conventions';
import { analysePromql } from '../../src/monitoring/catalog/promql';
import { THRESHOLDS } from '../../src/monitoring/catalog/thresholds';
import { parse } from 'yaml';
import { synthDefaultApp } from '../support/default-app';
import { defaultStack, synthesizedConfigMap } from './support';

/*
 * Dashboards as provisioned: stable uids, a concrete datasource uid on every panel and query (never an import
 * variable like ${DS_PROMETHEUS}), one small ConfigMap each, thresholds read from the catalog.
 */

const KIB = 1024;
const stack = defaultStack();
const configMaps = synthDefaultApp().manifests.filter((m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith('grafana-dashboard-'));
const provisioned = new Set(
  (parse(synthesizedConfigMap('grafana-provisioning').data['datasources.yaml']).datasources as Array<{ uid: string }>).map((d) => d.uid),
);
const provisionedDashboards = configMaps.map((m) => JSON.parse(Object.values(m.data as Record<string, string>)[0]));

/** A panel the issue asks a dashboard to show: what it is for, its title and type, and what its queries read. */
interface RequiredPanel {
  readonly need: string;
  readonly title: string;
  readonly type: 'timeseries' | 'stat' | 'gauge' | 'table';
  /** A metric or recording rule one of its queries selects. */
  readonly reads: string;
  /** A label matcher that query must carry too (e.g. the speed layer's lag). */
  readonly matcher?: string;
}

const panel = (need: string, title: string, type: RequiredPanel['type'], reads: string, matcher?: string): RequiredPanel => ({ need, title, type, reads, matcher });

/** The panels, by dashboard. */
const REQUIRED_PANELS: Record<string, RequiredPanel[]> = {
  'Pipeline Overview': [
    panel('ingestion rate (events/s)', 'Ingestion rate (events/s)', 'timeseries', 'kafka:topic_messages_in:rate5m'),
    panel('ingestion rate (events/s)', 'Ingestion rate (events/s)', 'timeseries', 'component:events_processed:rate5m'),
    panel('processing lag, speed layer', 'Speed layer lag', 'stat', PROCESSING_LAG_RECORD, 'layer="speed"'),
    panel('processing lag, batch layer', 'Batch layer: time since last successful batch', 'stat', 'pipeline_batch_last_success_timestamp_seconds'),
    panel('processing lag, every layer over time', 'Processing lag by component', 'timeseries', PROCESSING_LAG_RECORD),
    panel('data quality score', 'Data quality score', 'stat', 'pipeline_data_quality_score_ratio'),
    panel('data quality trend', 'Data quality score trend', 'timeseries', 'pipeline_data_quality_score_ratio'),
    panel('system health', 'Component status', 'stat', 'up'),
    panel('system health', 'Error ratio by component', 'timeseries', ERROR_RATIO_RECORD),
    panel('system health', 'Firing alerts', 'stat', 'ALERTS'),
  ],
  'Component Health': [
    panel('Kafka broker health', 'Brokers', 'stat', 'kafka_brokers'),
    panel('Kafka broker health', 'Under-replicated partitions', 'stat', 'kafka_topic_partition_under_replicated_partition'),
    panel('Kafka topic metrics', 'Messages in by topic', 'timeseries', 'kafka:topic_messages_in:rate5m'),
    panel('Kafka consumer lag', 'Consumer lag (messages)', 'timeseries', 'kafka:consumergroup_lag:sum'),
    panel('ClickHouse query performance', 'Mean query duration', 'timeseries', 'clickhouse:query_duration_seconds:mean5m'),
    panel('ClickHouse query performance', 'Queries and failures per second', 'timeseries', 'ClickHouseProfileEvents_FailedQuery'),
    panel('ClickHouse insert rate', 'Rows inserted per second', 'timeseries', 'clickhouse:inserted_rows:rate5m'),
    panel('ClickHouse storage', 'Default disk free', 'gauge', 'ClickHouseAsyncMetrics_DiskAvailable_default'),
    panel('ClickHouse storage', 'MergeTree storage', 'timeseries', 'ClickHouseAsyncMetrics_TotalBytesOfMergeTreeTables'),
    panel('Spark job status', 'Running tasks', 'stat', 'metrics_executor_activeTasks'),
    panel('Spark job status', 'Tasks completed and failed per second', 'timeseries', 'metrics_executor_failedTasks_total'),
    panel('Spark job durations', 'Spark job duration in Airflow (p90)', 'timeseries', 'airflow_task_duration_seconds_bucket'),
    panel('Spark resources', 'Executor storage memory used', 'timeseries', 'metrics_executor_memoryUsed_bytes'),
    panel('Spark resources', 'Executor busy time (task seconds per second)', 'timeseries', 'metrics_executor_totalDuration_seconds_total'),
    panel('Airflow DAG success rate', 'DAG run success rate (24h)', 'stat', 'airflow_dagrun_duration_seconds_count', 'status="success"'),
    panel('Airflow task duration', 'Task duration (p90)', 'timeseries', 'airflow_task_duration_seconds_bucket'),
    panel('Airflow queue depth', 'Executor queue depth', 'timeseries', 'airflow_executor_queued_tasks'),
  ],
  'Business Metrics': [
    panel('conversion rate', 'Conversion rate (1h)', 'stat', 'business:conversion:ratio_rate1h'),
    panel('conversion rate', 'Conversion rate', 'timeseries', 'business:conversion:ratio_rate1h'),
    panel('revenue', 'Revenue per hour', 'timeseries', 'business:revenue_per_hour:rate1h'),
    panel('active users', 'Active users', 'timeseries', 'business_active_users'),
    panel('data freshness of critical metrics', 'Time since each critical KPI was recomputed', 'timeseries', PROCESSING_LAG_RECORD, 'source="business-metrics"'),
    panel('Lambda consistency: reconciliation status', 'Reconciliation status', 'stat', 'pipeline_reconciliation_discrepancy_ratio'),
    panel('Lambda consistency: discrepancy', 'Speed vs batch discrepancy', 'stat', 'pipeline_reconciliation_discrepancy_ratio'),
    panel('Lambda consistency: discrepancy', 'Discrepancy by DAG', 'timeseries', 'pipeline_reconciliation_discrepancy_ratio'),
  ],
  'Alerts': [
    panel('critical alerts firing', 'Critical firing', 'stat', 'ALERTS', 'severity="critical"'),
    panel('warnings firing', 'Warnings firing', 'stat', 'ALERTS', 'severity="warning"'),
    panel('what is firing', 'Firing alerts', 'table', 'ALERTS', 'alertstate="firing"'),
    panel('heartbeat', 'Heartbeat (Watchdog)', 'stat', 'ALERTS', 'alertname="Watchdog"'),
    panel('alerting path', 'Alertmanagers Prometheus sends to', 'stat', 'prometheus_notifications_alertmanagers_discovered'),
    panel('alerting path', 'Notifications per integration', 'timeseries', 'alertmanager_notifications_failed_total'),
  ],
  'Platform Resources': [
    panel('node CPU', 'CPU utilisation', 'timeseries', 'instance:node_cpu_utilisation:rate5m'),
    panel('node memory', 'Memory utilisation', 'timeseries', 'instance:node_memory_utilisation:ratio'),
    panel('node disk', 'Filesystem free', 'timeseries', 'instance_mountpoint:node_filesystem_avail:ratio'),
    panel('container CPU against limits', 'CPU against limit (top 10)', 'timeseries', 'namespace_pod_container:container_cpu_usage_seconds:rate5m'),
    panel('container memory against limits', 'Memory against limit (top 10)', 'timeseries', 'namespace_pod_container:container_memory_working_set_bytes:max'),
    panel('volume usage', 'Volume free', 'timeseries', 'kubelet_volume_stats_available_bytes'),
    panel('Prometheus storage', 'TSDB size on disk', 'timeseries', 'prometheus_tsdb_storage_blocks_bytes'),
  ],
};

describe('provisioned dashboards', () => {
  test('the seed\'s dashboards are all there, each in its own ConfigMap', () => {
    expect(stack.dashboards.map((d) => d.title)).toEqual(['Pipeline Overview', 'Component Health', 'Business Metrics', 'Alerts', 'Platform Resources']);
    expect(configMaps.map((m) => m.metadata.name).sort()).toEqual(stack.dashboards.map((d) => `grafana-dashboard-${d.uid}`).sort());
  });

  test('the datasources have the fixed uids the dashboards use', () => {
    expect([...provisioned].sort()).toEqual([ALERTMANAGER_DATASOURCE_UID, PROMETHEUS_DATASOURCE_UID].sort());
  });

  describe.each(configMaps.map((m) => [m.metadata.name, m] as const))('%s', (_name, configMap) => {
    const [file, json] = Object.entries(configMap.data as Record<string, string>)[0];
    const dashboard = JSON.parse(json);

    test('has a stable uid that names its file', () => {
      expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
      expect(file).toBe(`${dashboard.uid}.json`);
      expect(stack.dashboards.find((d) => d.uid === dashboard.uid)).toBeDefined();
    });

    test('every panel and query names a provisioned datasource by uid', () => {
      expect(json).not.toMatch(/\$\{?DS_/);
      const panels = dashboard.panels.filter((p: any) => p.type !== 'row');
      expect(panels.length).toBeGreaterThan(3);
      for (const panel of panels) {
        expect(provisioned.has(panel.datasource?.uid)).toBe(true);
        expect(panel.targets.length).toBeGreaterThan(0);
        for (const target of panel.targets) {
          expect(provisioned.has(target.datasource?.uid)).toBe(true);
          expect(target.refId).toMatch(/^[A-Z]$/);
        }
      }
    });

    test('fits its ConfigMap with room to spare (far below the 256 KiB last-applied annotation of client-side apply)', () => {
      const bytes = Buffer.byteLength(JSON.stringify(configMap.data), 'utf8');
      expect(bytes).toBeLessThan(64 * KIB);
      console.log(`${configMap.metadata.name}: ${(bytes / KIB).toFixed(1)} KiB, ${dashboard.panels.length} panels`);
    });

    test('panels do not overlap', () => {
      const cells = new Set<string>();
      for (const { gridPos } of dashboard.panels) {
        for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
          for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
            expect(cells.has(`${x},${y}`)).toBe(false);
            cells.add(`${x},${y}`);
          }
        }
        expect(gridPos.x + gridPos.w).toBeLessThanOrEqual(24);
      }
    });
  });

  test('threshold lines come from the catalog\'s thresholds, not from copies', () => {
    const steps = stack.dashboards.flatMap((d) => d.dashboard.panels ?? [])
      .flatMap((p: any) => p.fieldConfig?.defaults?.thresholds?.steps ?? [])
      .map((s: any) => s.value).filter((v: unknown) => typeof v === 'number' && v !== 1);
    const allowed = new Set<number>([...Object.values(THRESHOLDS), 1 - THRESHOLDS.errorRateRatio]);
    expect(steps.length).toBeGreaterThan(5);
    expect(steps.filter((v: number) => !allowed.has(v))).toEqual([]);
  });

  test('every dashboard the issue names has its required panels listed', () => {
    expect(Object.keys(REQUIRED_PANELS).sort()).toEqual(provisionedDashboards.map((d) => d.title).sort());
  });

  describe.each(Object.entries(REQUIRED_PANELS))('%s shows what the issue asks for', (dashboardTitle, required) => {
    const dashboard = provisionedDashboards.find((d) => d.title === dashboardTitle);

    test.each(required.map((r) => [r.need, r.title, r.reads, r] as const))('%s: panel "%s" reads %s', (_need, _title, _reads, r) => {
      const found = dashboard?.panels.find((p: any) => p.title === r.title);
      expect(found?.type).toBe(r.type);
      const exprs: string[] = found.targets.map((t: any) => t.expr);
      expect(exprs.flatMap((expr) => analysePromql(expr).metrics)).toContain(r.reads);
      if (r.matcher) {
        expect(exprs.filter((expr) => analysePromql(expr).metrics.includes(r.reads) && expr.includes(r.matcher!))).not.toEqual([]);
      }
    });
  });

  test('dashboards are provisioned read-only, one provider per folder', () => {
    const providers = parse(synthesizedConfigMap('grafana-provisioning').data['dashboards.yaml']).providers;
    expect(providers.map((p: any) => p.folder).sort()).toEqual(['Business', 'Components', 'Pipeline', 'Platform']);
    for (const provider of providers) {
      expect(provider).toMatchObject({ type: 'file', allowUiUpdates: false, disableDeletion: true });
    }
  });
});
