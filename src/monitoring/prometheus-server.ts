import { Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { PROMETHEUS_IMAGE } from '../config/images';
import { MONITORING_PORTS, MONITORING_RESOURCES } from '../config/monitoring';
import { UI_PORTS } from '../config/ports';
import { SEED_STORAGE_GIBIBYTES, STORAGE_CLASSES } from '../config/storage';
import { buildContainer } from '../foundation/containers';
import { ComponentIdentity, selectorLabels } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';
import { MetricsEndpoint } from '../foundation/metrics-endpoint';
import { PersistentVolume } from '../foundation/persistent-volumes';
import { buildPodTemplate } from '../foundation/pods';
import { httpProbe } from '../foundation/probes';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { ComputeResources } from '../foundation/resources';
import { checkovSkips } from '../policy/checkov-skips';
import { createDeployment, createService } from '../foundation/workloads';
import { configReloaderContainer } from './config-reloader';
import { resolveRetention, Retention } from './retention';

export interface PrometheusServerProps {
  /** Size of the data volume (TSDB blocks, WAL and head chunks). @default 10Gi */
  readonly storage?: Size;
  /** StorageClass of the data volume. @default the retained local-path class */
  readonly storageClassName?: string;
  /** How long samples are kept. @default '15d' */
  readonly retentionTime?: string;
  /** Most the TSDB may hold before the oldest blocks are deleted; at most 85% of `storage`. @default 85% of storage */
  readonly retentionSize?: Size;
  /** @default 200m/500m CPU, 640Mi/2Gi memory (the seed's 2Gi, 0.5 CPU are the limits) */
  readonly resources?: ComputeResources;
  /** The URL users reach the UI at (links in alerts and the UI). @default http://localhost:9090/ (the Kind host port) */
  readonly externalUrl?: string;
}

/** What the stack hands the server: its configuration and rule files, rendered at synth. */
export interface PrometheusServerWiring {
  readonly identity: ComponentIdentity;
  /** The configuration file text (rendered lazily, after every scrape target and rule is known). */
  readonly renderConfig: (retention: Retention) => string;
  /** Names of the ConfigMaps holding rule files (rendered lazily). */
  readonly ruleConfigMaps: () => string[];
}

/** Where the server reads things inside its container. */
export const PROMETHEUS_PATHS = {
  config: '/etc/prometheus/config',
  configFile: '/etc/prometheus/config/prometheus.yml',
  rules: '/etc/prometheus/rules',
  data: '/prometheus',
} as const;

/**
 * The Prometheus server (no operator): one replica on a retained volume, retention by time and size, the
 * lifecycle API for reloads (called by the config-reloader sidecar), discovery through a read-only
 * ClusterRole, and the UI on a NodePort.
 */
export class PrometheusServer extends Construct {
  readonly service: kplus.k8s.KubeService;
  readonly metricsEndpoint: MetricsEndpoint;
  readonly retention: Retention;
  readonly dataVolume: PersistentVolume;
  readonly serviceAccount: WorkloadServiceAccount;

  constructor(scope: Construct, id: string, props: PrometheusServerProps & PrometheusServerWiring) {
    super(scope, id);
    const identity = props.identity;
    const storage = props.storage ?? Size.gibibytes(SEED_STORAGE_GIBIBYTES.prometheus);
    this.retention = resolveRetention(this, storage, props.retentionTime, props.retentionSize);
    const port = MONITORING_PORTS.prometheus;

    this.serviceAccount = new WorkloadServiceAccount(this, 'service-account', { name: 'prometheus', identity });
    this.serviceAccount.grantClusterWide('discovery', {
      roleName: 'prometheus-discovery',
      identity,
      rules: [
        { apiGroups: [''], resources: ['nodes', 'services', 'pods'], verbs: ['get', 'list', 'watch'] },
        // Discovery uses role `endpointslice`, so the v1 Endpoints API (deprecated since Kubernetes 1.33) is not granted.
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
      ],
      nonResourceRules: [{ nonResourceUrls: ['/metrics'], verbs: ['get'] }],
    });

    this.dataVolume = new PersistentVolume(this, 'data', {
      name: 'prometheus-data', identity, size: storage, storageClassName: props.storageClassName ?? STORAGE_CLASSES.retained,
    });
    const configMap = new kplus.k8s.KubeConfigMap(this, 'config', {
      metadata: objectMeta(this, 'prometheus-config', identity),
      data: { 'prometheus.yml': Lazy.any({ produce: () => props.renderConfig(this.retention) }) },
    });

    const mounts = {
      config: { name: 'config', mountPath: PROMETHEUS_PATHS.config, readOnly: true },
      rules: { name: 'rules', mountPath: PROMETHEUS_PATHS.rules, readOnly: true },
      data: { name: 'data', mountPath: PROMETHEUS_PATHS.data },
    };
    const prometheus = buildContainer(this, {
      name: 'prometheus',
      image: PROMETHEUS_IMAGE,
      args: [
        `--config.file=${PROMETHEUS_PATHS.configFile}`,
        `--storage.tsdb.path=${PROMETHEUS_PATHS.data}`,
        '--web.enable-lifecycle',
        `--web.listen-address=:${port}`,
        `--web.external-url=${props.externalUrl ?? `http://localhost:${UI_PORTS.prometheus.hostPort}/`}`,
        '--log.format=json',
      ],
      ports: [{ name: 'http', port }],
      resources: props.resources ?? MONITORING_RESOURCES.prometheus,
      probes: {
        // Replaying a large WAL after a restart takes minutes: the startup probe allows 10.
        startup: httpProbe('/-/ready', 'http', { periodSeconds: 10, timeoutSeconds: 4, failureThreshold: 60 }),
        readiness: httpProbe('/-/ready', 'http', { periodSeconds: 5, timeoutSeconds: 4, failureThreshold: 3 }),
        liveness: httpProbe('/-/healthy', 'http', { periodSeconds: 15, timeoutSeconds: 10, failureThreshold: 3 }),
      },
      volumeMounts: [mounts.config, mounts.rules, mounts.data],
    });
    const reloader = configReloaderContainer(this, {
      watchedDirs: [PROMETHEUS_PATHS.config, PROMETHEUS_PATHS.rules],
      reloadUrl: `http://127.0.0.1:${port}/-/reload`,
      port: MONITORING_PORTS.configReloader,
      resources: MONITORING_RESOURCES.configReloader,
      volumeMounts: [mounts.config, mounts.rules],
    });

    createDeployment(this, 'deployment', {
      name: 'prometheus',
      identity,
      annotations: checkovSkips({ CKV_K8S_38: 'Prometheus discovers targets through the Kubernetes API and authenticates to the kubelets with its token (read-only ClusterRole prometheus-discovery)' }),
      // One writer per volume: the old pod must release it before the new one starts.
      strategy: 'Recreate',
      template: buildPodTemplate({
        identity,
        serviceAccountName: this.serviceAccount.name,
        // Kubernetes service discovery and the kubelet scrapes authenticate with this token.
        automountServiceAccountToken: true,
        user: { runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 },
        containers: [prometheus, reloader],
        // Head block and WAL are flushed on shutdown.
        terminationGracePeriodSeconds: 120,
        volumes: [
          { name: 'config', configMap: { name: configMap.name } },
          { name: 'rules', projected: { sources: Lazy.any({ produce: () => props.ruleConfigMaps().map((name) => ({ configMap: { name } })) }) } },
          this.dataVolume.asVolume('data'),
        ],
      }),
    });

    this.service = createService(this, 'service', {
      name: 'prometheus',
      identity,
      type: 'NodePort',
      ports: [{ name: 'http', port, nodePort: UI_PORTS.prometheus.nodePort }],
    });
    this.metricsEndpoint = {
      job: 'prometheus', namespace: this.serviceAccount.namespace, serviceName: 'prometheus', portName: 'http', port, selector: selectorLabels(identity),
    };
  }
}
