import { SparkSubmitAccess } from '../../src/airflow/spark-submit-access';
import { NamespaceChart } from '../../src/foundation/namespace-chart';
import { PodSecurityLevel } from '../../src/foundation/pod-security';
import { isAllowed } from '../../src/foundation/rbac-evaluator';
import { WorkloadServiceAccount } from '../../src/foundation/rbac';
import { manifestsOf, testApp } from '../support/test-app';

// The Spark team's chart holds the Role; the subject is Airflow's task-pod account.
const { app, chart: airflow } = testApp('airflow');
const worker = new WorkloadServiceAccount(airflow, 'worker', { name: 'airflow-worker', identity: { name: 'airflow', component: 'worker' } });
const spark = new NamespaceChart(app, 'spark', { namespace: 'spark', podSecurity: PodSecurityLevel.RESTRICTED, podSecurityReason: 'test' });
new SparkSubmitAccess(spark, 'airflow-access', { submitter: worker.subject });
const manifests = manifestsOf(app);
const account = { name: 'airflow-worker', namespace: 'airflow' };
const can = (verb: string, resource: string, namespace: string, apiGroup = '') =>
  isAllowed(manifests, { serviceAccount: account, verb: verb as any, resource, namespace, apiGroup });

describe('SparkSubmitAccess: what the batch DAG\'s SparkKubernetesOperator needs in the Spark namespace, and no more', () => {
  test.each([
    ['create', 'sparkapplications', 'sparkoperator.k8s.io'],
    ['watch', 'sparkapplications', 'sparkoperator.k8s.io'],
    ['delete', 'sparkapplications', 'sparkoperator.k8s.io'],
    ['watch', 'pods', ''],
    ['get', 'pods/log', ''],
  ])('airflow-worker may %s %s in spark', (verb, resource, group) => {
    expect(can(verb, resource, 'spark', group)).toBe(true);
  });

  test.each([
    ['create', 'sparkapplications', 'sparkoperator.k8s.io', 'team'],
    ['get', 'secrets', '', 'spark'],
    ['create', 'pods', '', 'spark'],
    ['create', 'pods/exec', '', 'spark'],
  ])('airflow-worker may not %s %s (group "%s") in %s', (verb, resource, group, namespace) => {
    expect(can(verb, resource, namespace, group)).toBe(false);
  });

  test('the Role and its binding live in the Spark namespace and bind the account across namespaces', () => {
    const binding = manifests.find((m) => m.kind === 'RoleBinding' && m.metadata.name === 'airflow-spark-submitter')!;
    expect(binding.metadata.namespace).toBe('spark');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'airflow-worker', namespace: 'airflow' }]);
  });
});
