import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NODE_EXPORTER_IMAGE } from '../config/images';
import { MONITORING_PORTS, MONITORING_RESOURCES, SCRAPE_DEFAULTS } from '../config/monitoring';
import { buildContainer } from '../foundation/containers';
import { ComponentIdentity, selectorLabels } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';
import { buildPodTemplate } from '../foundation/pods';
import { httpProbe } from '../foundation/probes';
import { ComputeResources } from '../foundation/resources';
import { checkovSkips } from '../policy/checkov-skips';
import { createDaemonSet, createService } from '../foundation/workloads';
import { ScrapeEndpoint } from './scrape-jobs';

export interface NodeExporterProps {
  /** @default 10m/100m CPU, 24Mi/48Mi memory per node */
  readonly resources?: ComputeResources;
  /**
   * Mount propagation of the host root mount. Kind makes the node's `/` a shared mount, so `HostToContainer`
   * works there and sees volumes mounted after the pod started; where the runtime refuses it ("path / is
   * mounted on / but it is not a shared or slave mount", e.g. Docker Desktop's built-in node) use `None`.
   * @default 'HostToContainer'
   */
  readonly rootMountPropagation?: 'HostToContainer' | 'None';
}

// Pseudo and container filesystems say nothing about the node's disks.
const FS_TYPES_EXCLUDE = '^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$';
const MOUNT_POINTS_EXCLUDE = '^/(dev|proc|sys|run/credentials/.+|var/lib/docker/.+|var/lib/containerd/.+|var/lib/kubelet/pods/.+)($|/)';
const DEVICES_EXCLUDE = '^(veth.*|[a-f0-9]{15})$';

/**
 * node_exporter on every node, control plane included (three pods on the seed's cluster). It needs the
 * host's network and PID namespaces and read-only mounts of /proc, /sys and / — the only pod of the
 * namespace that does (see the policy exceptions); it still runs as nobody with no capabilities.
 */
export class NodeExporter extends Construct {
  readonly service: kplus.k8s.KubeService;
  readonly metricsEndpoint: ScrapeEndpoint;

  constructor(scope: Construct, id: string, props: NodeExporterProps & { readonly identity: ComponentIdentity }) {
    super(scope, id);
    const identity = props.identity;
    const port = MONITORING_PORTS.nodeExporter;
    const propagation = props.rootMountPropagation ?? 'HostToContainer';
    const container = buildContainer(this, {
      name: 'node-exporter',
      image: NODE_EXPORTER_IMAGE,
      args: [
        '--path.procfs=/host/proc',
        '--path.sysfs=/host/sys',
        '--path.rootfs=/host/root',
        '--path.udev.data=/host/root/run/udev/data',
        // Listen on the node's own address only (host network: 0.0.0.0 would be every interface of the node).
        `--web.listen-address=$(HOST_IP):${port}`,
        `--collector.filesystem.fs-types-exclude=${FS_TYPES_EXCLUDE}`,
        `--collector.filesystem.mount-points-exclude=${MOUNT_POINTS_EXCLUDE}`,
        `--collector.netclass.ignored-devices=${DEVICES_EXCLUDE}`,
        `--collector.netdev.device-exclude=${DEVICES_EXCLUDE}`,
        '--no-collector.wifi',
        '--no-collector.hwmon',
        '--no-collector.btrfs',
      ],
      env: [{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }],
      ports: [{ name: 'metrics', port }],
      resources: props.resources ?? MONITORING_RESOURCES.nodeExporter,
      probes: {
        readiness: httpProbe('/', 'metrics'),
        liveness: httpProbe('/', 'metrics', { periodSeconds: 30 }),
      },
      volumeMounts: [
        { name: 'proc', mountPath: '/host/proc', readOnly: true },
        { name: 'sys', mountPath: '/host/sys', readOnly: true },
        { name: 'root', mountPath: '/host/root', readOnly: true, ...(propagation === 'HostToContainer' ? { mountPropagation: 'HostToContainer' } : {}) },
      ],
    });
    createDaemonSet(this, 'daemonset', {
      name: 'node-exporter',
      identity,
      annotations: checkovSkips({
        CKV_K8S_19: 'node_exporter reports the node\'s network devices, so it shares the node\'s network namespace (listening on the node IP only); see src/policy/exceptions.ts',
        CKV_K8S_17: 'node_exporter reads every process of the node through /proc, so it shares the node\'s PID namespace; see src/policy/exceptions.ts',
      }),
      template: buildPodTemplate({
        identity,
        serviceAccountName: 'node-exporter',
        automountServiceAccountToken: false,
        user: { runAsUser: 65534, runAsGroup: 65534 },
        containers: [container],
        hostNetwork: true,
        hostPid: true,
        // Every node, the control plane included.
        tolerations: [{ operator: 'Exists', effect: 'NoSchedule' }],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        volumes: [
          { name: 'proc', hostPath: { path: '/proc', type: 'Directory' } },
          { name: 'sys', hostPath: { path: '/sys', type: 'Directory' } },
          { name: 'root', hostPath: { path: '/', type: 'Directory' } },
        ],
      }),
    });
    new kplus.k8s.KubeServiceAccount(this, 'service-account', { metadata: objectMeta(this, 'node-exporter', identity), automountServiceAccountToken: false });
    this.service = createService(this, 'service', { name: 'node-exporter', identity, ports: [{ name: 'metrics', port }] });
    this.metricsEndpoint = {
      job: 'node-exporter', namespace: Chart.of(this).namespace!, serviceName: 'node-exporter', portName: 'metrics', port, selector: selectorLabels(identity),
      sampleLimit: SCRAPE_DEFAULTS.sampleLimit,
    };
  }
}

