import { KIND_NODE_IMAGE } from './images';

/** The kind release whose CLI and default node image the cluster definition targets (kindnet enforces NetworkPolicy since v0.24). */
export const KIND_VERSION = 'v0.33.0';

/** The Kubernetes release the Kind node runs, derived from its image tag (e.g. `1.37.0`). */
export const KIND_KUBERNETES_VERSION = KIND_NODE_IMAGE.tag.replace(/^v/, '');

/** Its minor (e.g. `1.37`), which Pod Security labels pin. */
export const KIND_KUBERNETES_MINOR = KIND_KUBERNETES_VERSION.replace(/^(\d+\.\d+)\..*$/, '$1');

/** The oldest Kubernetes release the manifests must stay valid for: the API level of cdk8s-plus-28 (its last patch). */
export const BASELINE_KUBERNETES_VERSION = '1.28.15';

/** The seed's cluster: one control plane and two workers sharing an 8 GB Docker allocation. */
export const SEED_CLUSTER = {
  workerNodes: 2,
  memoryGibibytes: 8,
  /** The seed names no CPU figure; 4 CPUs is Docker Desktop's common allocation for an 8 GB VM. */
  cpuCores: 4,
  /** API server, etcd, controller-manager, scheduler (kind's static pods) — measured steady state on Kind is ~1 GiB. */
  controlPlaneReserved: { cpuMillis: 700, memoryMebibytes: 1024 },
  /** CoreDNS × 2, kindnet × 3, kube-proxy × 3, local-path-provisioner, plus kubelet/containerd per node. */
  systemReserved: { cpuMillis: 400, memoryMebibytes: 768 },
  /** Room kept free for KubernetesExecutor task pods and Jobs. */
  taskPodHeadroom: { cpuMillis: 500, memoryMebibytes: 1024 },
  /** Limits may exceed allocatable by this factor (memory is not compressible, so it is kept tighter). */
  limitOvercommit: { cpu: 3, memory: 2 },
  /** Disk the Docker VM gives to PersistentVolumes (local-path keeps them on the node's filesystem). */
  storageGibibytes: 60,
} as const;
