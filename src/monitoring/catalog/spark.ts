import { ERROR_RATIO_RECORD, metric } from './conventions';
import { ComponentMixin, MetricType } from './types';

const SPARK = 'spark';
const EXECUTOR_LABELS = ['application_id', 'application_name', 'executor_id'];

/**
 * Spark batch jobs, scraped on each driver's UI port at /metrics/executors/prometheus (Spark's executor
 * summary in Prometheus format, enabled by `spark.ui.prometheus.enabled`). Drivers exist only while a job
 * runs, so the metrics come and go with the jobs.
 */
export const SPARK_MIXIN: ComponentMixin = {
  component: SPARK,
  metrics: [
    metric('spark_info', MetricType.GAUGE, SPARK, 'Spark version of the driver', ['version', 'revision']),
    metric('metrics_executor_activeTasks', MetricType.GAUGE, SPARK, 'Tasks running on the executor', EXECUTOR_LABELS),
    metric('metrics_executor_failedTasks_total', MetricType.COUNTER, SPARK, 'Tasks that failed on the executor', EXECUTOR_LABELS),
    metric('metrics_executor_completedTasks_total', MetricType.COUNTER, SPARK, 'Tasks that completed on the executor', EXECUTOR_LABELS),
    metric('metrics_executor_totalDuration_seconds_total', MetricType.COUNTER, SPARK, 'Time the executor spent running tasks', EXECUTOR_LABELS),
    metric('metrics_executor_memoryUsed_bytes', MetricType.GAUGE, SPARK, 'Storage memory the executor uses', EXECUTOR_LABELS),
    metric('metrics_executor_maxMemory_bytes', MetricType.GAUGE, SPARK, 'Storage memory available to the executor', EXECUTOR_LABELS),
    metric('metrics_executor_totalCores', MetricType.GAUGE, SPARK, 'Cores of the executor', EXECUTOR_LABELS),
  ],
  recordingRules: [
    {
      record: ERROR_RATIO_RECORD,
      expr: 'sum by (namespace, component) (rate(metrics_executor_failedTasks_total[5m])) / (sum by (namespace, component) (rate(metrics_executor_failedTasks_total[5m])) + sum by (namespace, component) (rate(metrics_executor_completedTasks_total[5m])))',
      labels: { source: SPARK },
      tests: [{
        description: '6 of every 100 finished tasks failed',
        series: [
          { series: 'metrics_executor_failedTasks_total{namespace="spark", component="spark", job="spark", instance="10.244.1.20:4040", application_id="app-1", application_name="daily-batch", executor_id="1"}', values: '0+6x10' },
          { series: 'metrics_executor_completedTasks_total{namespace="spark", component="spark", job="spark", instance="10.244.1.20:4040", application_id="app-1", application_name="daily-batch", executor_id="1"}', values: '0+94x10' },
        ],
        evalTime: '10m',
        expected: [{ labels: { namespace: 'spark', component: 'spark' }, value: 0.06 }],
      }],
    },
    {
      record: 'spark:tasks_completed:rate5m',
      expr: 'sum by (namespace, application_name) (rate(metrics_executor_completedTasks_total[5m]))',
    },
  ],
  alerts: [],
};
