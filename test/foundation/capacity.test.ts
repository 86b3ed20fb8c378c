import { App } from 'cdk8s';
import { capacityReport } from '../../src/foundation/capacity/capacity-report';
import { ClusterCapacity } from '../../src/foundation/capacity/cluster-capacity';
import { effectivePodResources, toleratesControlPlane, workloadPods } from '../../src/foundation/capacity/workload-resources';
import { KubernetesManifest } from '../../src/foundation/manifests';
import { GIBIBYTE, MEBIBYTE } from '../../src/foundation/quantities';

const container = (name: string, cpu: string, memory: string, extra: object = {}) => ({
  name, image: 'x:1', resources: { requests: { cpu, memory }, limits: { cpu, memory } }, ...extra,
});

const deployment = (name: string, replicas: number, podSpec: object): KubernetesManifest => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'ns', labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'c' } },
  spec: { replicas, template: { spec: podSpec } },
});

describe('pod resources follow the Kubernetes rule', () => {
  test('regular containers add up', () => {
    const totals = effectivePodResources({ containers: [container('a', '100m', '64Mi'), container('b', '200m', '128Mi')] });
    expect(totals).toMatchObject({ cpuRequestMillis: 300, memoryRequestBytes: 192 * MEBIBYTE });
  });

  test('an init container larger than the app sets the pod\'s request', () => {
    const totals = effectivePodResources({ initContainers: [container('migrate', '1', '1Gi')], containers: [container('app', '100m', '64Mi')] });
    expect(totals).toMatchObject({ cpuRequestMillis: 1000, memoryRequestBytes: GIBIBYTE });
  });

  test('native sidecars (init containers with restartPolicy Always) run beside the app and beside later init containers', () => {
    const totals = effectivePodResources({
      initContainers: [container('sidecar', '50m', '32Mi', { restartPolicy: 'Always' }), container('init', '500m', '256Mi')],
      containers: [container('app', '100m', '64Mi')],
    });
    // max(sidecar + app = 150m/96Mi, sidecar + init = 550m/288Mi)
    expect(totals).toMatchObject({ cpuRequestMillis: 550, memoryRequestBytes: 288 * MEBIBYTE });
  });
});

describe('workloads count by kind', () => {
  const daemonSet = (tolerations: object[]): KubernetesManifest => ({
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'ns' }, spec: { template: { spec: { tolerations, containers: [container('a', '10m', '10Mi')] } } },
  });

  test('a DaemonSet runs on every worker, and on the control plane only when it tolerates its taint', () => {
    expect(workloadPods(daemonSet([]), 2)?.pods).toBe(2);
    expect(workloadPods(daemonSet([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]), 2)?.pods).toBe(3);
    expect(workloadPods(daemonSet([{ operator: 'Exists' }]), 2)?.pods).toBe(3);
    expect(toleratesControlPlane({ tolerations: [{ key: 'other', operator: 'Exists' }] })).toBe(false);
  });

  test('Deployments count replicas; Jobs and CronJobs are a separate category', () => {
    expect(workloadPods(deployment('web', 3, { containers: [] }), 2)).toMatchObject({ pods: 3, category: 'steady' });
    const cronJob: KubernetesManifest = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'backup', namespace: 'ns' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [] } } } } } };
    expect(workloadPods(cronJob, 2)).toMatchObject({ pods: 1, category: 'job' });
  });
});

describe('the capacity report', () => {
  const capacity = new ClusterCapacity(new App());
  const objects = [
    { constructPath: 'ns/web', manifest: deployment('web', 2, { containers: [container('web', '250m', '512Mi')] }) },
    { constructPath: 'ns/job', manifest: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'ns' }, spec: { template: { spec: { containers: [container('m', '500m', '1Gi')] } } } } },
  ];

  test('sums long-running pods and keeps the largest Job apart', () => {
    const report = capacityReport(objects, capacity);
    expect(report.steady).toMatchObject({ cpuRequestMillis: 500, memoryRequestBytes: GIBIBYTE });
    expect(report.largestJob).toMatchObject({ cpuRequestMillis: 500, memoryRequestBytes: GIBIBYTE });
    expect(report.headroom.memoryBytes).toBe(capacity.platformBudget.memoryBytes - GIBIBYTE);
    expect(report.violations).toEqual([]);
  });

  test('the seed cluster: 8 GiB minus the control plane and system pods, minus the task headroom', () => {
    expect(capacity.allocatable.memoryBytes).toBe(8 * GIBIBYTE - 1024 * MEBIBYTE - 768 * MEBIBYTE);
    expect(capacity.platformBudget.memoryBytes).toBe(capacity.allocatable.memoryBytes - GIBIBYTE);
    expect(capacity.limitCeiling.memoryBytes).toBe(capacity.allocatable.memoryBytes * 2);
  });
});
