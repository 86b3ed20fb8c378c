import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ContainerImage } from '../config/images';
import { buildContainer } from '../foundation/containers';
import { ComponentIdentity, selectorLabels } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';
import { MetricsEndpoint, scrapeAnnotations } from '../foundation/metrics-endpoint';
import { buildPodTemplate, emptyDirVolume } from '../foundation/pods';
import { httpProbe } from '../foundation/probes';
import { WorkloadServiceAccount } from '../foundation/rbac';
import { ComputeResources } from '../foundation/resources';
import { createDaemonSet, createService } from '../foundation/workloads';
import { checkovSkips } from '../policy/checkov-skips';
import { SealedSecretRef, secretVolume } from '../secrets/sealed-secret-ref';
import { checksum } from './checksum';
import { elasticsearchCaFile } from './elasticsearch-certificates';
import { BufferLimits, renderFluentdConfig } from './fluentd-config';
import { LogIndex } from './log-indices';

/** Fluentd's Prometheus port (fluent-plugin-prometheus' default). */
export const FLUENTD_METRICS_PORT = 24231;

/** Where Fluentd keeps its read positions and file buffers on each node (a directory of its own). */
export const FLUENTD_STATE_DIRECTORY = '/var/lib/pipeline-ops/fluentd';

/** Node paths Fluentd reads: container logs (symlinks in /var/log/containers into /var/log/pods) and the audit log. */
export const NODE_LOG_PATHS = { varLog: '/var/log', pods: '/var/log/pods' } as const;

const CONFIG_DIR = '/fluentd/etc';
const CREDENTIALS_DIR = '/etc/fluentd/credentials';
const TLS_DIR = '/etc/fluentd/elasticsearch-tls';

export interface FluentdProps {
  readonly image: ContainerImage;
  readonly resources: ComputeResources;
  readonly elasticsearchService: kplus.k8s.KubeService;
  readonly elasticsearchPort: number;
  readonly tlsSecretName: string;
  readonly credentials: SealedSecretRef;
  readonly username: string;
  readonly passwordKey: string;
  readonly indices: Record<LogIndex['key'], LogIndex>;
  readonly auditLogPath: string;
  readonly buffers: Record<LogIndex['key'], BufferLimits>;
}

/**
 * Fluentd on every node, the control plane included (it holds the API server's audit log): reads
 * containerd's log files through read-only hostPath mounts, keeps positions and bounded file buffers in
 * a node directory of its own, reads pod and namespace metadata from the API, and ships to
 * Elasticsearch over verified TLS as the least-privilege `fluentd` user. It runs as root because
 * containerd writes the log files 0640 root:root; every capability is still dropped.
 */
export class Fluentd extends Construct {
  static readonly IDENTITY: ComponentIdentity = { name: 'fluentd', component: 'log-collector' };

  readonly daemonSet: kplus.k8s.KubeDaemonSet;
  readonly service: kplus.k8s.KubeService;
  readonly configMap: kplus.k8s.KubeConfigMap;
  readonly metricsEndpoint: MetricsEndpoint;
  /** The configuration files, as Fluentd reads them. */
  readonly files: Record<string, string>;

  constructor(scope: Construct, id: string, props: FluentdProps) {
    super(scope, id);
    const identity = Fluentd.IDENTITY;
    const name = 'fluentd';
    const namespace = Chart.of(this).namespace!;

    const ca = elasticsearchCaFile(props.tlsSecretName, TLS_DIR);
    this.files = renderFluentdConfig({
      elasticsearchHost: `${props.elasticsearchService.name}.${namespace}.svc`,
      elasticsearchPort: props.elasticsearchPort,
      username: props.username,
      passwordFile: `${CREDENTIALS_DIR}/${props.passwordKey}`,
      caFile: ca.path,
      indices: props.indices,
      auditLogPath: props.auditLogPath,
      // Its own pods' logs: <pod>_<namespace>_<container>-<id>.log.
      excludePaths: [`/var/log/containers/${name}-*_${namespace}_${name}-*.log`],
      stateDirectory: FLUENTD_STATE_DIRECTORY,
      metricsPort: FLUENTD_METRICS_PORT,
      buffers: props.buffers,
    });
    this.configMap = new kplus.k8s.KubeConfigMap(this, 'Config', {
      metadata: objectMeta(this, `${name}-config`, identity),
      data: this.files,
    });

    const account = new WorkloadServiceAccount(this, 'ServiceAccount', { name, identity });
    account.grantClusterWide('ReadPodMetadata', {
      roleName: 'pipeline-ops-fluentd',
      identity,
      // The kubernetes_metadata filter: labels and ids of pods and their namespaces, nothing else.
      rules: [{ apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }],
    });

    this.metricsEndpoint = {
      job: 'fluentd',
      namespace,
      serviceName: name,
      portName: 'metrics',
      port: FLUENTD_METRICS_PORT,
      path: '/metrics',
      selector: selectorLabels(identity),
    };
    this.service = createService(this, 'Service', {
      name,
      identity,
      ports: [{ name: 'metrics', port: FLUENTD_METRICS_PORT }],
      annotations: scrapeAnnotations(this.metricsEndpoint),
    });

    const container = buildContainer(this, {
      name,
      image: props.image,
      // Read root-owned 0640 log files; no capability is needed for files root owns.
      runAsUser: 0,
      runAsGroup: 0,
      env: [
        // The metadata filter watches only this node's pods.
        { name: 'K8S_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
        { name: 'FLUENTD_CONF', value: 'fluent.conf' },
      ],
      ports: [{ name: 'metrics', port: FLUENTD_METRICS_PORT }],
      resources: props.resources,
      probes: {
        startup: httpProbe('/metrics', 'metrics', { periodSeconds: 5, failureThreshold: 24 }),
        readiness: httpProbe('/metrics', 'metrics', { periodSeconds: 15 }),
        liveness: httpProbe('/metrics', 'metrics', { periodSeconds: 30, failureThreshold: 4 }),
      },
      volumeMounts: [
        { name: 'var-log', mountPath: NODE_LOG_PATHS.varLog, readOnly: true },
        { name: 'var-log-pods', mountPath: NODE_LOG_PATHS.pods, readOnly: true },
        { name: 'state', mountPath: FLUENTD_STATE_DIRECTORY },
        { name: 'config', mountPath: CONFIG_DIR, readOnly: true },
        { name: 'credentials', mountPath: CREDENTIALS_DIR, readOnly: true },
        ca.volumeMount,
        { name: 'tmp', mountPath: '/tmp' },
      ],
    });

    this.daemonSet = createDaemonSet(this, 'DaemonSet', {
      name,
      identity,
      annotations: checkovSkips({
        CKV_K8S_23: 'containerd writes container logs 0640 root:root and the API server its audit log 0600 root:root, so only uid 0 reads them; all capabilities are dropped and the root filesystem is read-only (see src/policy/exceptions.ts)',
        CKV_K8S_38: 'the kubernetes_metadata filter reads pod and namespace metadata through the Kubernetes API (read-only ClusterRole)',
      }),
      template: buildPodTemplate({
        identity,
        serviceAccountName: account.name,
        automountServiceAccountToken: true,
        user: { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false },
        // Long enough to flush what is buffered at shutdown.
        terminationGracePeriodSeconds: 60,
        annotations: { 'pipeline-ops/config-checksum': checksum(this.files) },
        tolerations: [
          { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
        ],
        containers: [container],
        volumes: [
          { name: 'var-log', hostPath: { path: NODE_LOG_PATHS.varLog, type: 'Directory' } },
          { name: 'var-log-pods', hostPath: { path: NODE_LOG_PATHS.pods, type: 'Directory' } },
          { name: 'state', hostPath: { path: FLUENTD_STATE_DIRECTORY, type: 'DirectoryOrCreate' } },
          { name: 'config', configMap: { name: this.configMap.name } },
          secretVolume(props.credentials, 'credentials', [props.passwordKey]),
          ca.volume,
          emptyDirVolume('tmp', 64),
        ],
      }),
    });
  }
}
