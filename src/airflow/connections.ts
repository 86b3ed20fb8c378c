import { DevValue } from '../secrets/secret-requirement';

/**
 * A connection the pipeline DAGs use, provided to every Airflow process (scheduler, dag-processor,
 * triggerer and each task pod, where Airflow 3 resolves it) as `AIRFLOW_CONN_<ID>` in Airflow's JSON
 * form, from the sealed `airflow-connections` secret.
 */
export interface PipelineConnection {
  /** The conn_id the DAGs name. */
  readonly connId: string;
  readonly description: string;
  /** A development value: the JSON connection with a random credential. */
  readonly devValue: DevValue;
}

/** `AIRFLOW_CONN_<CONN_ID>`, the variable Airflow reads a connection from. */
export function connectionEnvName(connId: string): string {
  return `AIRFLOW_CONN_${connId.toUpperCase()}`;
}

const json = (value: unknown) => JSON.stringify(value);

/**
 * Seed task 7: PostgreSQL, Kafka, ClickHouse, Snowflake, AWS/S3, Spark and Slack. Each carries its
 * connect timeout (and pooling where the client has one) in its extras, so a dead endpoint fails a
 * task in seconds instead of holding a worker pod until the execution timeout.
 */
export const PIPELINE_CONNECTIONS: readonly PipelineConnection[] = [
  {
    connId: 'pipeline_postgres',
    description: 'the pipeline PostgreSQL database the quality checks run against',
    devValue: (r) => json({
      conn_type: 'postgres', host: 'postgres.pipeline.svc.cluster.local', port: 5432, schema: 'pipeline', login: 'airflow_checks', password: r.password(32),
      // Passed to libpq: fail a connect after 10 s, detect dead peers, cap each statement at 10 minutes.
      extra: { connect_timeout: 10, keepalives: 1, keepalives_idle: 30, options: '-c statement_timeout=600000' },
    }),
  },
  {
    connId: 'kafka_default',
    description: 'the Kafka cluster of the speed layer',
    devValue: (r) => json({
      conn_type: 'kafka',
      extra: {
        'bootstrap.servers': 'kafka.pipeline.svc.cluster.local:9092', 'group.id': 'airflow', 'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanisms': 'SCRAM-SHA-512', 'sasl.username': 'airflow', 'sasl.password': r.password(32),
        'socket.connection.setup.timeout.ms': 10000, 'socket.timeout.ms': 30000, 'session.timeout.ms': 30000,
      },
    }),
  },
  {
    connId: 'clickhouse_http',
    description: "ClickHouse's HTTP interface (speed-layer aggregates for the reconciliation)",
    devValue: (r) => json({
      conn_type: 'http', host: 'clickhouse.pipeline.svc.cluster.local', port: 8123, schema: 'http', login: 'airflow', password: r.password(32),
      extra: { timeout: 60 },
    }),
  },
  {
    connId: 'snowflake_default',
    description: 'the Snowflake warehouse (batch-layer aggregates, dbt target)',
    devValue: (r) => json({
      conn_type: 'snowflake', login: 'AIRFLOW', password: r.password(32), schema: 'ANALYTICS',
      extra: {
        account: 'example-account', warehouse: 'TRANSFORMING', database: 'PIPELINE', role: 'AIRFLOW',
        session_parameters: { STATEMENT_TIMEOUT_IN_SECONDS: 3600, LOCK_TIMEOUT: 300 },
      },
    }),
  },
  {
    connId: 'aws_default',
    description: 'AWS credentials for the S3 data lake',
    devValue: (r) => json({
      conn_type: 'aws', login: `AKIA${r.hex(8).toUpperCase()}`, password: r.password(40),
      // botocore's Config: connect/read timeouts, bounded retries and connection pool.
      extra: { region_name: 'eu-west-1', config_kwargs: { connect_timeout: 10, read_timeout: 60, retries: { max_attempts: 5, mode: 'standard' }, max_pool_connections: 10 } },
    }),
  },
  {
    connId: 'spark_kubernetes',
    description: 'the Kubernetes API the Spark jobs are submitted to (SparkApplications of the Spark operator)',
    devValue: () => json({ conn_type: 'kubernetes', extra: { in_cluster: true, namespace: 'spark' } }),
  },
  {
    connId: 'slack_pipeline_alerts',
    description: 'Slack incoming webhook the DAG failure callbacks post to',
    devValue: (r) => json({ conn_type: 'slackwebhook', password: `https://hooks.slack.com/services/T0000000/B0000000/${r.password(24)}`, extra: { timeout: 30 } }),
  },
];
