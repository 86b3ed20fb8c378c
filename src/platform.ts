import { App, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AirflowStack, AirflowStackProps } from './airflow/airflow-stack';
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
import { serviceUrl } from './foundation/service-urls';
import { StorageClasses } from './foundation/storage-classes';
import { UniqueObjectNames } from './foundation/unique-object-names';
import { SealedSecretsStack, SealedSecretsStackProps } from './secrets/sealed-secrets-stack';
import { ElkStack, ElkStackProps } from './logging/elk-stack';
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
  /** The sealed-secrets controller. @default key renewal every 720h, the seed's resources */
  readonly sealedSecrets?: SealedSecretsStackProps;
  /** The logging stack (Elasticsearch, Fluentd, Kibana). @default the seed's sizes */
  readonly logging?: ElkStackProps;
  /** The Airflow stack. @default AirflowStack's defaults, with nightly metadata dumps to the backup volume */
  readonly airflow?: AirflowStackProps;
  /** The monitoring stack (Prometheus, Alertmanager, Grafana, exporters). @default the seed's stack */
  readonly monitoring?: PrometheusStackProps;
}

/**
 * The default platform: the cluster chart, one chart per namespace in apply order (the controller's
 * namespace first, then airflow, monitoring, logging), the Kind cluster definition, and the app-wide
 * checks (capacity budget, unique object names). Stacks are wired through their typed handles: every
 * stack hands Prometheus its metrics endpoints and its mixin (metrics, recording rules, alerts), and
 * each UI Service is mapped to its localhost port in the Kind config. Charts are created directly
 * under `app`, so construct paths start with the namespace (e.g. `airflow/airflow/scheduler`).
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
  /** The retained volume for backups of critical data (Airflow's nightly metadata dumps). */
  readonly backups: PersistentVolume;
  /** The sealed-secrets controller. */
  readonly sealedSecrets: SealedSecretsStack;
  /** Airflow 3 with the KubernetesExecutor. */
  readonly airflow: AirflowStack;
  /** Prometheus, Alertmanager, Grafana and the exporters. */
  readonly monitoring: PrometheusStack;
  /** Elasticsearch, Fluentd and Kibana. */
  readonly logging: ElkStack;

  constructor(app: App, props: PipelinePlatformProps = {}) {
    const namespaces = { ...NAMESPACES, ...props.namespaces };
    this.cluster = new ClusterChart(app, 'cluster');
    this.storageClasses = new StorageClasses(this.cluster, 'storage-classes');
    this.kind = new KindCluster(app, 'kind', props.kind);
    this.capacity = new CapacityBudget(app, 'capacity', { ...props.capacity, workerNodes: this.kind.workerNodes });
    new UniqueObjectNames(app, 'unique-object-names');

    // Charts in apply order; each declares its Namespace, enforcing the strictest Pod Security level its pods allow.
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
      podSecurityReason: 'node-exporter needs hostNetwork, hostPID and read-only hostPath mounts of /proc, /sys and / to report node metrics; audit and warn stay at restricted',
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

    this.sealedSecrets = new SealedSecretsStack(this.secretsChart, 'sealed-secrets', { metricsScraperNamespaces: [namespaces.monitoring], ...props.sealedSecrets });
    this.monitoring = new PrometheusStack(this.monitoringChart, 'prometheus', props.monitoring);
    this.airflow = new AirflowStack(this.airflowChart, 'airflow', {
      backupVolume: this.backups,
      prometheusUrl: serviceUrl(this.monitoring.prometheusService, 'http'),
      alertmanagerUrl: serviceUrl(this.monitoring.alertmanagerService, 'http'),
      ...props.airflow,
    });
    this.logging = new ElkStack(this.loggingChart, 'elk', props.logging);

    for (const stack of [this.sealedSecrets, this.airflow, this.logging]) {
      this.monitoring.addMixin(stack.mixin);
      stack.metricsEndpoints.forEach((endpoint) => this.monitoring.scrape(endpoint));
    }

    const uis: Array<[keyof typeof UI_PORTS, kplus.k8s.KubeService, string]> = [
      ['airflow', this.airflow.apiServerService, '/api/v2/monitor/health'],
      ['grafana', this.monitoring.grafanaService, '/api/health'],
      ['prometheus', this.monitoring.prometheusService, '/-/ready'],
      ['kibana', this.logging.kibanaService, '/api/status'],
    ];
    for (const [name, service, healthPath] of uis) {
      this.kind.addHostPortMapping({ name, healthPath, hostPort: UI_PORTS[name].hostPort, service, portName: 'http' });
    }
  }
}
