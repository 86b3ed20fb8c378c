import { synthDefaultApp } from '../support/default-app';

/**
 * Every credential the seed names reaches the cluster as a SealedSecret in the namespace that uses it,
 * and nothing reaches it as a plain Secret.
 */
const SEED_CREDENTIALS: Array<[credential: string, namespace: string, secret: string, key: string]> = [
  ['Airflow metadata database', 'airflow', 'airflow-metadata-db', 'password'],
  ['pipeline database (PostgreSQL)', 'airflow', 'airflow-connections', 'AIRFLOW_CONN_PIPELINE_POSTGRES'],
  ['pipeline database (ClickHouse)', 'airflow', 'airflow-connections', 'AIRFLOW_CONN_CLICKHOUSE_HTTP'],
  ['AWS (S3)', 'airflow', 'airflow-connections', 'AIRFLOW_CONN_AWS_DEFAULT'],
  ['Snowflake', 'airflow', 'airflow-connections', 'AIRFLOW_CONN_SNOWFLAKE_DEFAULT'],
  ['Kafka', 'airflow', 'airflow-connections', 'AIRFLOW_CONN_KAFKA_DEFAULT'],
  ['Slack webhook (DAG failure callbacks)', 'airflow', 'airflow-connections', 'AIRFLOW_CONN_SLACK_PIPELINE_ALERTS'],
  ['Slack webhook (alerts)', 'monitoring', 'alertmanager-receivers', 'slack-critical-webhook-url'],
  ['PagerDuty routing key', 'monitoring', 'alertmanager-receivers', 'pagerduty-routing-key'],
  ['SMTP', 'monitoring', 'alertmanager-receivers', 'smtp-password'],
  ['Grafana admin', 'monitoring', 'grafana-admin', 'admin-password'],
  ['Elasticsearch users', 'logging', 'elasticsearch-users', 'elastic-password'],
  ['git-sync SSH key', 'airflow', 'airflow-git-sync', 'ssh'],
  ['git-sync known_hosts', 'airflow', 'airflow-git-sync', 'known_hosts'],
  ['Airflow fernet key', 'airflow', 'airflow-core', 'fernet-key'],
  ['Airflow API secret key', 'airflow', 'airflow-core', 'api-secret-key'],
  ['Airflow JWT secret', 'airflow', 'airflow-core', 'jwt-secret'],
  ['Airflow admin password', 'airflow', 'airflow-admin', 'password'],
];

describe('the credentials the seed names', () => {
  const { manifests } = synthDefaultApp();

  test.each(SEED_CREDENTIALS)('%s is sealed in %s as %s/%s', (_credential, namespace, secret, key) => {
    const sealed = manifests.find((m) => m.kind === 'SealedSecret' && m.metadata.namespace === namespace && m.metadata.name === secret);
    expect(sealed).toBeDefined();
    expect(Object.keys(sealed!.spec.encryptedData)).toContain(key);
    expect(sealed!.spec.template.metadata).toMatchObject({ name: secret, namespace });
  });

  test('no Secret object is synthesized at all: the controller creates each one from its SealedSecret', () => {
    expect(manifests.filter((m) => m.kind === 'Secret')).toEqual([]);
  });
});
