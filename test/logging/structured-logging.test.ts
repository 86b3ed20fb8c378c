import { findManifest, synthDefaultApp } from '../support/default-app';

/*
 * The platform's own components log one JSON object per line where they support it, so Fluentd parses
 * the fields and Kibana can filter on level and component (issue: "Structured logging").
 */
const { manifests } = synthDefaultApp();

function container(kind: string, name: string, namespace: string, containerName: string): any {
  return findManifest(manifests, kind, name, namespace).spec.template.spec.containers.find((c: any) => c.name === containerName);
}

describe('the platform\'s own components log JSON', () => {
  test.each([
    ['Prometheus', 'Deployment', 'prometheus', 'monitoring', 'prometheus', '--log.format=json'],
    ['Alertmanager', 'Deployment', 'alertmanager', 'monitoring', 'alertmanager', '--log.format=json'],
    ['the Elasticsearch exporter', 'Deployment', 'elasticsearch-exporter', 'logging', 'exporter', '--log.format=json'],
    ['the sealed-secrets controller', 'Deployment', 'sealed-secrets-controller', 'kube-system', 'controller', '--log-format=json'],
  ])('%s: %s flag', (_what, kind, name, namespace, containerName, flag) => {
    const c = container(kind, name, namespace, containerName);
    expect([...(c.args ?? []), ...(c.command ?? [])]).toContain(flag);
  });

  test('Grafana: console logging in JSON', () => {
    const env = Object.fromEntries(container('Deployment', 'grafana', 'monitoring', 'grafana').env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ GF_LOG_MODE: 'console', GF_LOG_CONSOLE_FORMAT: 'json' });
  });

  test('Airflow: [logging] json_logs on, without colours, in the configuration every component and task pod reads', () => {
    const settings = findManifest(manifests, 'ConfigMap', 'airflow-env', 'airflow').data;
    expect(settings).toMatchObject({ AIRFLOW__LOGGING__JSON_LOGS: 'True', AIRFLOW__LOGGING__COLORED_CONSOLE_LOG: 'False' });
    for (const deployment of ['airflow-scheduler', 'airflow-api-server', 'airflow-dag-processor', 'airflow-triggerer']) {
      const spec = findManifest(manifests, 'Deployment', deployment, 'airflow').spec.template.spec;
      const airflow = spec.containers.find((c: any) => (c.envFrom ?? []).some((source: any) => source.configMapRef?.name === 'airflow-env'));
      expect(airflow).toBeDefined();
    }
  });
});
