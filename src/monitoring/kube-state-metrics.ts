import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { KUBE_STATE_METRICS_IMAGE } from '../config/images';
import { MONITORING_PORTS, MONITORING_RESOURCES, SCRAPE_DEFAULTS } from '../config/monitoring';
import { buildContainer } from '../foundation/containers';
import { ComponentIdentity, selectorLabels } from '../foundation/labels';
import { buildPodTemplate } from '../foundation/pods';
import { httpProbe } from '../foundation/probes';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { ComputeResources } from '../foundation/resources';
import { checkovSkips } from '../policy/checkov-skips';
import { createDeployment, createService } from '../foundation/workloads';
import { ScrapeEndpoint } from './scrape-jobs';

export interface KubeStateMetricsProps {
  /** @default 10m/100m CPU, 64Mi/128Mi memory */
  readonly resources?: ComputeResources;
}

/**
 * The object kinds kube-state-metrics reports: those the rules and dashboards read. Its ClusterRole lists
 * exactly these (no Secrets, no ConfigMaps).
 */
export const KUBE_STATE_METRICS_RESOURCES: ReadonlyArray<{ resource: string; group: string; apiResource: string }> = [
  { resource: 'cronjobs', group: 'batch', apiResource: 'cronjobs' },
  { resource: 'daemonsets', group: 'apps', apiResource: 'daemonsets' },
  { resource: 'deployments', group: 'apps', apiResource: 'deployments' },
  { resource: 'jobs', group: 'batch', apiResource: 'jobs' },
  { resource: 'namespaces', group: '', apiResource: 'namespaces' },
  { resource: 'nodes', group: '', apiResource: 'nodes' },
  { resource: 'persistentvolumeclaims', group: '', apiResource: 'persistentvolumeclaims' },
  { resource: 'persistentvolumes', group: '', apiResource: 'persistentvolumes' },
  { resource: 'pods', group: '', apiResource: 'pods' },
  { resource: 'replicasets', group: 'apps', apiResource: 'replicasets' },
  { resource: 'statefulsets', group: 'apps', apiResource: 'statefulsets' },
];

/** kube-state-metrics: Kubernetes object state as metrics, read through a list/watch-only ClusterRole. */
export class KubeStateMetrics extends Construct {
  readonly service: kplus.k8s.KubeService;
  readonly metricsEndpoint: ScrapeEndpoint;

  constructor(scope: Construct, id: string, props: KubeStateMetricsProps & { readonly identity: ComponentIdentity }) {
    super(scope, id);
    const identity = props.identity;
    const serviceAccount = new WorkloadServiceAccount(this, 'service-account', { name: 'kube-state-metrics', identity });
    const groups = [...new Set(KUBE_STATE_METRICS_RESOURCES.map((r) => r.group))];
    serviceAccount.grantClusterWide('read', {
      roleName: 'kube-state-metrics',
      identity,
      rules: groups.map((group) => ({
        apiGroups: [group],
        resources: KUBE_STATE_METRICS_RESOURCES.filter((r) => r.group === group).map((r) => r.apiResource),
        verbs: ['list', 'watch'],
      })),
    });
    const container = buildContainer(this, {
      name: 'kube-state-metrics',
      image: KUBE_STATE_METRICS_IMAGE,
      args: [
        `--port=${MONITORING_PORTS.kubeStateMetrics}`,
        `--telemetry-port=${MONITORING_PORTS.kubeStateMetricsTelemetry}`,
        `--resources=${KUBE_STATE_METRICS_RESOURCES.map((r) => r.resource).join(',')}`,
      ],
      ports: [
        { name: 'http-metrics', port: MONITORING_PORTS.kubeStateMetrics },
        { name: 'telemetry', port: MONITORING_PORTS.kubeStateMetricsTelemetry },
      ],
      resources: props.resources ?? MONITORING_RESOURCES.kubeStateMetrics,
      probes: {
        // /livez stays up while the API server is unreachable (no restart loop); /readyz needs the informers synced.
        liveness: httpProbe('/livez', 'http-metrics', { initialDelaySeconds: 5 }),
        readiness: httpProbe('/readyz', 'telemetry', { initialDelaySeconds: 5 }),
      },
    });
    createDeployment(this, 'deployment', {
      name: 'kube-state-metrics',
      identity,
      annotations: checkovSkips({ CKV_K8S_38: 'kube-state-metrics lists and watches the objects it reports (list/watch-only ClusterRole kube-state-metrics)' }),
      template: buildPodTemplate({
        identity,
        serviceAccountName: serviceAccount.name,
        automountServiceAccountToken: true,
        user: { runAsUser: 65534, runAsGroup: 65534 },
        containers: [container],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
      }),
    });
    this.service = createService(this, 'service', {
      name: 'kube-state-metrics',
      identity,
      ports: [
        { name: 'http-metrics', port: MONITORING_PORTS.kubeStateMetrics },
        { name: 'telemetry', port: MONITORING_PORTS.kubeStateMetricsTelemetry },
      ],
    });
    this.metricsEndpoint = {
      job: 'kube-state-metrics', namespace: Chart.of(this).namespace!, serviceName: 'kube-state-metrics', portName: 'http-metrics',
      port: MONITORING_PORTS.kubeStateMetrics, selector: selectorLabels(identity),
      // The objects' own namespace, pod and container labels win over the target's.
      honorLabels: true,
      sampleLimit: SCRAPE_DEFAULTS.largeSampleLimit,
    };
  }
}
