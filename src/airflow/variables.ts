import { ContainerImage, DBT_IMAGE, imageReference, SPARK_IMAGE } from '../config/images';
import { THRESHOLDS } from '../monitoring/catalog/thresholds';

/** Where the realtime_monitoring DAG finds Prometheus and Alertmanager. */
export interface MonitoringUrls {
  readonly prometheusUrl: string;
  readonly alertmanagerUrl: string;
}

/**
 * The PromQL the realtime_monitoring DAG runs. Each query returns one series per component (label
 * `component`, else `job` and `instance`), compared with THRESHOLDS.
 */
export interface MonitoringQueries {
  /** Target health: 1 up, 0 down. */
  readonly health: string;
  /** Processing lag in seconds. */
  readonly lag: string;
  /** Errors per request (0–1). */
  readonly errorRate: string;
  /** The always-firing alert that proves Prometheus reaches Alertmanager. */
  readonly watchdogAlert: string;
}

/** Defaults of {@link MonitoringQueries}: the monitoring catalog's lag and error-rate series, by component. */
export const DEFAULT_MONITORING_QUERIES: MonitoringQueries = {
  health: 'up',
  lag: 'max by (component) (pipeline_processing_lag_seconds)',
  errorRate: 'max by (component) (pipeline_error_rate_ratio)',
  watchdogAlert: 'Watchdog',
};

/** Everything the DAGs read as Airflow variables. */
export interface PipelineVariablesProps extends MonitoringUrls {
  /** The deployment's environment name (`kind`, `staging`, `production`). */
  readonly environment: string;
  readonly dbtImage?: ContainerImage;
  readonly sparkImage?: ContainerImage;
  readonly monitoringQueries?: MonitoringQueries;
}

/** `AIRFLOW_VAR_<KEY>`, the variable Airflow reads an Airflow variable from. */
export function variableEnvName(key: string): string {
  return `AIRFLOW_VAR_${key.toUpperCase()}`;
}

/**
 * The Airflow variables of the pipeline DAGs (seed task 7: environment-specific settings), keyed by
 * variable name. The thresholds are THRESHOLDS itself, so the DAGs and the alert rules judge by the
 * same numbers.
 */
export function pipelineVariables(props: PipelineVariablesProps): Record<string, string> {
  return {
    pipeline_environment: props.environment,
    pipeline_thresholds: JSON.stringify(THRESHOLDS),
    prometheus_url: props.prometheusUrl,
    alertmanager_url: props.alertmanagerUrl,
    monitoring_queries: JSON.stringify(props.monitoringQueries ?? DEFAULT_MONITORING_QUERIES),
    dbt_image: imageReference(props.dbtImage ?? DBT_IMAGE),
    spark_image: imageReference(props.sparkImage ?? SPARK_IMAGE),
  };
}
