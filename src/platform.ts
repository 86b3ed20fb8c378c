import { App, Size } from 'cdk8s';
import { NAMESPACES } from './config/namespaces';
import { UI_PORTS } from './config/ports';
import { SEED_STORAGE_GIBIBYTES } from './config/storage';
import { CapacityBudget } from './foundation/capacity/capacity-budget';
import { ClusterCapacityProps } from './foundation/capacity/cluster-capacity';
import { ClusterChart, PLATFORM_IDENTITY } from './foundation/cluster-chart';
import { KindCluster, KindClusterProps } from './foundation/kind/kind-cluster';
import { NamespaceChart } from './foundation/namespace-chart';
import { PersistentVolume } from './foundation/persistent-volumes';
import { PodSecurityLevel } from './foundation/pod-security';
import { StorageClasses } from './foundation/storage-classes';
import { UniqueObjectNames } from './foundation/unique-object-names';
import { PrometheusStack, PrometheusStackProps } from './monitoring/prometheus-stack';

export interface PipelinePlatformProps {
  /** The cluster the platform is sized for. @default the seed's Kind cluster: 4 CPU, 8 GiB, 2 workers */
  readonly capacity?: Omit<ClusterCapacityProps, 'workerNodes'>;
  /** The Kind cluster definition. @default one control plane, two workers, kind v0.33's node image */
  readonly kind?: KindClusterProps;
  /** Namespace names. @default airflow, monitoring, logging and kube-system for the sealed-secrets controller */
  readonly namespaces?: Partial<typeof NAMESPACES>;
  /** Size of the volume that keeps backups of critical data. @default 5Gi */
  readonly backupVolumeSize?: Size;
  /** The monitoring stack (Prometheus, Alertmanager, Grafana, exporters). @default the seed's stack */
  readonly monitoring?: PrometheusStackProps;
}

/**
 * The default platform: the cluster chart, one chart per namespace in apply order, the Kind cluster
 * definition, and the app-wide checks (capacity budget, unique object names). Charts are created
 * directly under `app`, so their construct paths start with the namespace (e.g. `airflow/scheduler`).
 */
export class PipelinePlatform {
  readonly cluster: ClusterChart;
  readonly storageClasses: StorageClasses;
  readonly kind: KindCluster;
  readonly capacity: CapacityBudget;
  readonly secretsChart: NamespaceChart;
  readonly airflowChart: NamespaceChart;
  readonly monitoringChart: NamespaceChart;
  readonly loggingChart: NamespaceChart;
  readonly backups: PersistentVolume;
  /** Prometheus, Alertmanager, Grafana and the exporters; other stacks hand it their mixins and metrics endpoints. */
  readonly monitoring: PrometheusStack;

  constructor(app: App, props: PipelinePlatformProps = {}) {
    const namespaces = { ...NAMESPACES, ...props.namespaces };
    this.cluster = new ClusterChart(app, 'cluster');
    this.storageClasses = new StorageClasses(this.cluster, 'storage-classes');
    this.kind = new KindCluster(app, 'kind', props.kind);
    this.capacity = new CapacityBudget(app, 'capacity', { ...props.capacity, workerNodes: this.kind.workerNodes });
    new UniqueObjectNames(app, 'unique-object-names');

    this.secretsChart = new NamespaceChart(app, namespaces.secrets, {
      namespace: namespaces.secrets,
      podSecurity: PodSecurityLevel.PRIVILEGED,
      podSecurityReason: 'kube-system runs kube-proxy and kindnet, which need host networking and privileges; the sealed-secrets controller itself meets restricted',
    });
    this.airflowChart = new NamespaceChart(app, namespaces.airflow, {
      namespace: namespaces.airflow,
      podSecurity: PodSecurityLevel.RESTRICTED,
      podSecurityReason: 'every Airflow pod (and each task pod the executor launches) runs as non-root with no host access and all capabilities dropped',
    });
    this.monitoringChart = new NamespaceChart(app, namespaces.monitoring, {
      namespace: namespaces.monitoring,
      podSecurity: PodSecurityLevel.PRIVILEGED,
      podSecurityReason: "node-exporter needs hostNetwork, hostPID and read-only hostPath mounts of /proc, /sys and / to report node metrics; audit and warn stay at restricted",
    });
    this.loggingChart = new NamespaceChart(app, namespaces.logging, {
      namespace: namespaces.logging,
      podSecurity: PodSecurityLevel.PRIVILEGED,
      podSecurityReason: 'Fluentd reads node log files through read-only hostPath mounts, as root because containerd writes them 0640 root; audit and warn stay at restricted',
    });

    this.backups = new PersistentVolume(this.airflowChart, 'backups', {
      name: 'platform-backups',
      identity: { ...PLATFORM_IDENTITY, component: 'backups' },
      size: props.backupVolumeSize ?? Size.gibibytes(SEED_STORAGE_GIBIBYTES.backups),
    });

    this.monitoring = new PrometheusStack(this.monitoringChart, 'prometheus', props.monitoring);
    this.kind.addHostPortMapping({ hostPort: UI_PORTS.prometheus.hostPort, service: this.monitoring.prometheusService, portName: 'http' });
    this.kind.addHostPortMapping({ hostPort: UI_PORTS.grafana.hostPort, service: this.monitoring.grafanaService, portName: 'http' });
  }
}
