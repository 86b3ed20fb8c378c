import { isAllowed, isAllowedNonResource } from '../../src/foundation/rbac-evaluator';
import { synthDefaultApp } from '../support/default-app';

/**
 * The platform's permission matrix, stated as data and evaluated against the synthesized Roles,
 * ClusterRoles and bindings the way the API server's RBAC authorizer would. Each row is one question:
 * may this service account do this verb on this resource in this namespace (omitted: cluster-scoped)?
 */
type Row = [account: string, verb: string, resource: string, namespace: string | undefined, allowed: boolean, why: string];

const MATRIX: Row[] = [
  // Sealed-secrets controller: unseals everywhere, manages its keys in kube-system only.
  ['kube-system/sealed-secrets-controller', 'create', 'secrets', 'airflow', true, 'writes unsealed Secrets in any namespace'],
  ['kube-system/sealed-secrets-controller', 'watch', 'sealedsecrets.bitnami.com', 'monitoring', true, 'watches SealedSecrets cluster-wide'],
  ['kube-system/sealed-secrets-controller', 'update', 'sealedsecrets/status.bitnami.com', 'logging', true, 'reports Synced status'],
  ['kube-system/sealed-secrets-controller', 'delete', 'pods', 'kube-system', false, 'never touches pods'],
  ['kube-system/sealed-secrets-controller', 'create', 'clusterrolebindings.rbac.authorization.k8s.io', undefined, false, 'cannot grant itself more'],

  // Airflow: the scheduler launches task pods in airflow only.
  ['airflow/airflow-scheduler', 'create', 'pods', 'airflow', true, 'KubernetesExecutor launches task pods'],
  ['airflow/airflow-scheduler', 'delete', 'pods', 'airflow', true, 'deletes finished task pods'],
  ['airflow/airflow-scheduler', 'create', 'pods/exec', 'airflow', true, 'pod-launcher as the chart grants it'],
  ['airflow/airflow-scheduler', 'create', 'pods', 'monitoring', false, 'pods only in airflow'],
  ['airflow/airflow-scheduler', 'create', 'pods', 'kube-system', false, 'pods only in airflow'],
  ['airflow/airflow-scheduler', 'get', 'secrets', 'airflow', false, 'credentials arrive as env and files, never read through the API'],
  ['airflow/airflow-scheduler', 'create', 'deployments.apps', 'airflow', false, 'only pods'],
  ['airflow/airflow-triggerer', 'watch', 'pods', 'airflow', true, 'deferred Kubernetes triggers watch task pods'],
  ['airflow/airflow-worker', 'create', 'pods', 'airflow', true, 'dbt_run starts its own pod from the worker'],
  ['airflow/airflow-api-server', 'get', 'pods/log', 'airflow', true, 'the UI shows logs of running task pods'],
  ['airflow/airflow-api-server', 'create', 'pods', 'airflow', false, 'reads only'],
  ['airflow/airflow-api-server', 'get', 'pods/log', 'logging', false, 'logs of airflow pods only'],
  ['airflow/airflow-dag-processor', 'list', 'pods', 'airflow', false, 'parses DAG files, calls no API'],
  ['airflow/airflow-postgresql', 'get', 'pods', 'airflow', false, 'a database needs no API access'],
  ['airflow/airflow-pod-cleanup', 'delete', 'pods', 'airflow', true, 'removes finished task pods'],
  ['airflow/airflow-pod-cleanup', 'create', 'pods', 'airflow', false, 'cleans up, never launches'],

  // Logging: Fluentd reads pod metadata everywhere; nothing in logging reads Secrets except the one certificate.
  ['logging/fluentd', 'list', 'pods', 'airflow', true, 'enriches records with pod metadata'],
  ['logging/fluentd', 'get', 'namespaces', undefined, true, 'enriches records with namespace metadata'],
  ['logging/fluentd', 'get', 'secrets', 'logging', false, 'reads metadata only'],
  ['logging/fluentd', 'delete', 'pods', 'airflow', false, 'read-only'],
  ['logging/elasticsearch-certificates', 'create', 'secrets', 'logging', true, 'stores the generated HTTP certificate'],
  ['logging/elasticsearch-certificates', 'create', 'secrets', 'airflow', false, 'only in logging'],
  ['logging/kibana', 'get', 'secrets', 'logging', false, 'Kibana calls Elasticsearch, not the Kubernetes API'],
  ['logging/elasticsearch', 'list', 'pods', 'logging', false, 'Elasticsearch calls no API'],

  // Monitoring: Prometheus discovers and scrapes, read-only; Grafana and Alertmanager call no API at all.
  ['monitoring/prometheus', 'list', 'pods', 'airflow', true, 'discovers scrape targets in every namespace'],
  ['monitoring/prometheus', 'watch', 'endpointslices.discovery.k8s.io', 'logging', true, 'discovers Service endpoints'],
  ['monitoring/prometheus', 'get', 'nodes/metrics', undefined, true, 'scrapes kubelet and cAdvisor metrics'],
  ['monitoring/prometheus', 'get', 'secrets', 'monitoring', false, 'Grafana cannot, and neither can Prometheus: no Secrets through the API'],
  ['monitoring/prometheus', 'create', 'pods', 'monitoring', false, 'read-only'],
  ['monitoring/prometheus', 'delete', 'pods', 'airflow', false, 'read-only'],
  ['monitoring/kube-state-metrics', 'list', 'deployments.apps', 'airflow', true, 'reports the state of workloads'],
  ['monitoring/kube-state-metrics', 'list', 'secrets', 'airflow', false, 'reports no Secrets (not even their names)'],
  ['monitoring/kube-state-metrics', 'update', 'deployments.apps', 'airflow', false, 'read-only'],
  ['monitoring/grafana', 'get', 'secrets', 'monitoring', false, 'Grafana cannot read Secrets'],
  ['monitoring/grafana', 'list', 'configmaps', 'monitoring', false, 'dashboards arrive as mounted files, not through the API'],
  ['monitoring/alertmanager', 'get', 'secrets', 'monitoring', false, 'receiver credentials are mounted files'],
];

describe('the permission matrix', () => {
  const { manifests } = synthDefaultApp();

  test.each(MATRIX)('%s %s %s in %s → %s (%s)', (account, verb, resourceAndGroup, namespace, allowed) => {
    const [serviceAccountNamespace, name] = account.split('/');
    const [resource, ...group] = resourceAndGroup.split('.');
    const request = {
      serviceAccount: { namespace: serviceAccountNamespace, name },
      verb,
      resource,
      apiGroup: group.join('.'),
      namespace,
    };
    expect(isAllowed(manifests, request)).toBe(allowed);
  });

  test('every service account in the matrix exists, and every service account of the platform is in the matrix', () => {
    const accounts = manifests.filter((m) => m.kind === 'ServiceAccount').map((m) => `${m.metadata.namespace}/${m.metadata.name}`);
    const inMatrix = new Set(MATRIX.map(([account]) => account));
    for (const account of inMatrix) {
      expect(accounts).toContain(account);
    }
    const unexamined = accounts.filter((account) => !inMatrix.has(account));
    // Accounts bound to no role at all can do nothing; any account with a binding must be examined above.
    const bound = unexamined.filter((account) => manifests.some((m) => /RoleBinding$/.test(m.kind)
      && (m.subjects ?? []).some((s: any) => s.kind === 'ServiceAccount' && `${s.namespace}/${s.name}` === account)));
    expect(bound).toEqual([]);
  });

  test('the evaluator is not a formality: a cluster-wide binding grants in every namespace, a namespaced one only in its own', () => {
    expect(isAllowed(manifests, { serviceAccount: { namespace: 'logging', name: 'fluentd' }, verb: 'watch', resource: 'pods', namespace: 'kube-system' })).toBe(true);
    expect(isAllowed(manifests, { serviceAccount: { namespace: 'airflow', name: 'airflow-scheduler' }, verb: 'watch', resource: 'pods', namespace: 'logging' })).toBe(false);
    expect(isAllowedNonResource(manifests, { serviceAccount: { namespace: 'airflow', name: 'airflow-scheduler' }, verb: 'get', url: '/metrics' })).toBe(false);
    expect(isAllowedNonResource(manifests, { serviceAccount: { namespace: 'monitoring', name: 'prometheus' }, verb: 'get', url: '/metrics' })).toBe(true);
  });
});
