import { isAllowed } from '../../src/foundation/rbac-evaluator';
import { synthDefaultApp } from '../support/default-app';

/**
 * The permission matrix of the Airflow namespace, evaluated the way the API server's authorizer does over the
 * synthesized Roles and bindings: each account may do exactly what its row says, in `airflow` only.
 */
const { manifests } = synthDefaultApp();
const NS = 'airflow';

const REQUESTS = [
  ['create', 'pods'], ['get', 'pods'], ['list', 'pods'], ['watch', 'pods'], ['patch', 'pods'], ['delete', 'pods'],
  ['get', 'pods/log'], ['create', 'pods/exec'], ['get', 'pods/exec'], ['list', 'events'], ['watch', 'events'],
  ['get', 'secrets'], ['list', 'secrets'], ['create', 'deployments', 'apps'], ['update', 'pods'], ['create', 'pods/eviction'],
] as const;

const LAUNCHER = ['create pods', 'get pods', 'list pods', 'watch pods', 'patch pods', 'delete pods', 'get pods/log', 'create pods/exec', 'get pods/exec', 'list events', 'watch events'];

const MATRIX: Record<string, string[]> = {
  'airflow-scheduler': LAUNCHER,
  'airflow-triggerer': LAUNCHER,
  // Task pods start the dbt pod (KubernetesPodOperator) in the same namespace.
  'airflow-worker': LAUNCHER,
  'airflow-api-server': ['get pods', 'list pods', 'watch pods', 'get pods/log'],
  'airflow-pod-cleanup': ['get pods', 'list pods', 'delete pods'],
  'airflow-dag-processor': [],
  'airflow-db-migrations': [],
  'airflow-postgresql': [],
  'airflow-statsd': [],
  'airflow-metadata-backup': [],
};

function allowed(account: string, namespace = NS): string[] {
  return REQUESTS.filter(([verb, resource, apiGroup]) => isAllowed(manifests, {
    serviceAccount: { namespace: NS, name: account }, verb, resource, apiGroup: apiGroup ?? '', namespace,
  })).map(([verb, resource]) => `${verb} ${resource}`);
}

describe('Airflow permission matrix', () => {
  test.each(Object.entries(MATRIX))('%s may do exactly its row', (account, expected) => {
    expect(allowed(account)).toEqual(expected);
  });

  test('every service account of the namespace is in the matrix', () => {
    const accounts = manifests.filter((m) => m.kind === 'ServiceAccount' && m.metadata.namespace === NS).map((m) => m.metadata.name).sort();
    expect(accounts).toEqual(Object.keys(MATRIX).sort());
  });

  test('nothing reaches beyond the airflow namespace', () => {
    for (const account of Object.keys(MATRIX)) {
      expect(allowed(account, 'kube-system')).toEqual([]);
      expect(allowed(account, 'monitoring')).toEqual([]);
    }
    const clusterBindings = manifests.filter((m) => m.kind === 'ClusterRoleBinding')
      .filter((m) => (m.subjects ?? []).some((s: any) => s.namespace === NS));
    expect(clusterBindings).toEqual([]);
  });
});
