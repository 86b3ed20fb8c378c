import { THRESHOLDS } from '../catalog/thresholds';
import { defineDashboard, DashboardDefinition, FOLDERS } from './dashboard';
import { gauge, stat, timeseries } from './panels';

/** The seed's Component Health: Kafka, ClickHouse, Spark and Airflow, one row each. */
export function componentHealth(): DashboardDefinition {
  return defineDashboard({
    uid: 'component-health',
    title: 'Component Health',
    description: 'Kafka brokers, topics and consumer lag; ClickHouse queries, inserts and storage; Spark jobs; Airflow DAGs, tasks and queues.',
    folder: FOLDERS.components,
    tags: ['kafka', 'clickhouse', 'spark', 'airflow'],
    rows: [
      {
        title: 'Kafka',
        panels: [
          stat('Brokers', [{ expr: 'max(kafka_brokers)' }], { span: 4, height: 8 }),
          stat('Under-replicated partitions', [{ expr: 'sum(kafka_topic_partition_under_replicated_partition) or vector(0)' }], { threshold: { value: 1, bad: 'above' }, span: 4, height: 8 }),
          timeseries('Messages in by topic', [{ expr: 'kafka:topic_messages_in:rate5m', legend: '{{topic}}' }], { unit: 'ops', span: 8 }),
          timeseries('Consumer lag (messages)', [{ expr: 'kafka:consumergroup_lag:sum', legend: '{{consumergroup}} / {{topic}}' }], { unit: 'short', span: 8 }),
        ],
      },
      {
        title: 'ClickHouse',
        panels: [
          timeseries('Queries and failures per second', [
            { expr: 'sum(rate(ClickHouseProfileEvents_Query[5m]))', legend: 'queries' },
            { expr: 'sum(rate(ClickHouseProfileEvents_FailedQuery[5m]))', legend: 'failed' },
          ], { unit: 'ops', span: 8 }),
          timeseries('Mean query duration', [{ expr: 'clickhouse:query_duration_seconds:mean5m', legend: '{{namespace}}' }], { unit: 's', span: 8 }),
          timeseries('Rows inserted per second', [{ expr: 'clickhouse:inserted_rows:rate5m', legend: '{{namespace}}' }], { unit: 'rowsps', span: 8 }),
          gauge('Default disk free', [{ expr: 'min(ClickHouseAsyncMetrics_DiskAvailable_default / ClickHouseAsyncMetrics_DiskTotal_default)' }], { threshold: { value: THRESHOLDS.diskFreeRatio, bad: 'below' }, span: 6, height: 8 }),
          timeseries('MergeTree storage', [{ expr: 'sum(ClickHouseAsyncMetrics_TotalBytesOfMergeTreeTables)', legend: 'bytes' }], { unit: 'bytes', span: 9 }),
          timeseries('Parts in the busiest partition', [{ expr: 'max(ClickHouseAsyncMetrics_MaxPartCountForPartition)', legend: 'parts' }], { span: 9 }),
        ],
      },
      {
        title: 'Spark',
        panels: [
          stat('Running tasks', [{ expr: 'sum(metrics_executor_activeTasks) or vector(0)' }], { span: 4, height: 8 }),
          timeseries('Tasks completed and failed per second', [
            { expr: 'sum by (application_name) (rate(metrics_executor_completedTasks_total[5m]))', legend: '{{application_name}} completed' },
            { expr: 'sum by (application_name) (rate(metrics_executor_failedTasks_total[5m]))', legend: '{{application_name}} failed' },
          ], { unit: 'ops', span: 10 }),
          timeseries('Executor busy time (task seconds per second)', [{ expr: 'sum by (application_name) (rate(metrics_executor_totalDuration_seconds_total[5m]))', legend: '{{application_name}}' }], { span: 10 }),
          timeseries('Executor storage memory used', [
            { expr: 'sum by (application_name) (metrics_executor_memoryUsed_bytes)', legend: '{{application_name}} used' },
            { expr: 'sum by (application_name) (metrics_executor_maxMemory_bytes)', legend: '{{application_name}} available' },
          ], { unit: 'bytes', span: 12 }),
          timeseries('Spark job duration in Airflow (p90)', [
            { expr: 'histogram_quantile(0.9, sum by (le, dag_id, task_id) (rate(airflow_task_duration_seconds_bucket{task_id=~".*spark.*"}[1h])))', legend: '{{dag_id}}.{{task_id}}' },
          ], { unit: 's', span: 12 }),
        ],
      },
      {
        title: 'Airflow',
        panels: [
          stat('DAG run success rate (24h)', [{ expr: 'sum(increase(airflow_dagrun_duration_seconds_count{status="success"}[24h])) / sum(increase(airflow_dagrun_duration_seconds_count[24h]))' }],
            { unit: 'percentunit', threshold: { value: 1 - THRESHOLDS.errorRateRatio, bad: 'below' }, span: 6, height: 8 }),
          stat('DAG import errors', [{ expr: 'max(airflow_dag_processing_import_errors)' }], { threshold: { value: 1, bad: 'above' }, span: 6, height: 8 }),
          stat('Scheduler heartbeats per minute', [{ expr: 'sum(rate(airflow_scheduler_heartbeat_total[5m])) * 60' }], { span: 6, height: 8 }),
          timeseries('Task instances per second', [
            { expr: 'sum(rate(airflow_ti_successes_total[5m]))', legend: 'succeeded' },
            { expr: 'sum(rate(airflow_ti_failures_total[5m]))', legend: 'failed' },
          ], { unit: 'ops', span: 6 }),
          timeseries('Task duration (p90)', [{ expr: 'histogram_quantile(0.9, sum by (le, dag_id) (rate(airflow_task_duration_seconds_bucket[30m])))', legend: '{{dag_id}}' }], { unit: 's', span: 8 }),
          timeseries('DAG run duration (p90)', [{ expr: 'histogram_quantile(0.9, sum by (le, dag_id, status) (rate(airflow_dagrun_duration_seconds_bucket[6h])))', legend: '{{dag_id}} {{status}}' }], { unit: 's', span: 8 }),
          timeseries('Executor queue depth', [
            { expr: 'sum(airflow_executor_queued_tasks)', legend: 'queued' },
            { expr: 'sum(airflow_executor_running_tasks)', legend: 'running' },
            { expr: 'sum(airflow_executor_open_slots)', legend: 'open slots' },
          ], { span: 8 }),
          timeseries('Pools', [
            { expr: 'sum by (pool) (airflow_pool_running_slots)', legend: '{{pool}} running' },
            { expr: 'sum by (pool) (airflow_pool_queued_slots)', legend: '{{pool}} queued' },
            { expr: 'sum by (pool) (airflow_pool_open_slots)', legend: '{{pool}} open' },
            { expr: 'sum by (pool) (airflow_pool_starving_tasks)', legend: '{{pool}} starving' },
          ], { span: 12 }),
          timeseries('DAG file processing time', [{ expr: 'topk(10, airflow_dag_processing_last_duration_seconds)', legend: '{{file}}' }], { unit: 's', span: 12 }),
        ],
      },
    ],
  });
}
