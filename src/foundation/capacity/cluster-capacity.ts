import { Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { SEED_CLUSTER } from '../../config/cluster';
import { requireThat } from '../errors';

/** A CPU and memory amount. */
export interface ResourceAmount {
  readonly cpuMillis: number;
  readonly memory: Size;
}

export interface ClusterCapacityProps {
  /** CPU cores Docker gives the Kind nodes (all nodes share them). @default 4 */
  readonly cpuCores?: number;
  /** Memory Docker gives the Kind nodes (all nodes share it). @default 8 GiB, the seed's allocation */
  readonly memory?: Size;
  /** Worker nodes (DaemonSets run on each, and on the control plane when they tolerate it). @default 2 */
  readonly workerNodes?: number;
  /** The control plane's static pods (API server, etcd, controller-manager, scheduler). @default 700m, 1 GiB */
  readonly controlPlaneReserved?: ResourceAmount;
  /** kube-system add-ons and per-node kubelet/containerd. @default 400m, 768 MiB */
  readonly systemReserved?: ResourceAmount;
  /** Kept free for KubernetesExecutor task pods and Jobs. @default 500m, 1 GiB */
  readonly taskPodHeadroom?: ResourceAmount;
  /** How far the sum of limits may exceed allocatable. @default cpu 3, memory 2 */
  readonly limitOvercommit?: { readonly cpu: number; readonly memory: number };
  /** Disk available to PersistentVolumes. @default 60 GiB */
  readonly storage?: Size;
}

const bytesOf = (size: Size) => size.toKibibytes({ rounding: SizeRoundingBehavior.FLOOR }) * 1024;

/**
 * The resource model of the cluster the platform is sized for. On Kind every node reports the whole
 * Docker VM as its capacity, so the Kubernetes scheduler would happily overcommit the real 8 GB; this
 * model is what keeps the platform honest.
 */
export class ClusterCapacity {
  readonly cpuMillis: number;
  readonly memoryBytes: number;
  readonly workerNodes: number;
  readonly controlPlaneReserved: { cpuMillis: number; memoryBytes: number };
  readonly systemReserved: { cpuMillis: number; memoryBytes: number };
  readonly taskPodHeadroom: { cpuMillis: number; memoryBytes: number };
  readonly limitOvercommit: { cpu: number; memory: number };
  readonly storageBytes: number;

  constructor(scope: IConstruct, props: ClusterCapacityProps = {}) {
    const amount = (value: ResourceAmount | undefined, fallback: { cpuMillis: number; memoryMebibytes: number }) => ({
      cpuMillis: value?.cpuMillis ?? fallback.cpuMillis,
      memoryBytes: value ? bytesOf(value.memory) : fallback.memoryMebibytes * 2 ** 20,
    });
    this.cpuMillis = Math.round((props.cpuCores ?? SEED_CLUSTER.cpuCores) * 1000);
    this.memoryBytes = props.memory ? bytesOf(props.memory) : SEED_CLUSTER.memoryGibibytes * 2 ** 30;
    this.workerNodes = props.workerNodes ?? SEED_CLUSTER.workerNodes;
    this.controlPlaneReserved = amount(props.controlPlaneReserved, SEED_CLUSTER.controlPlaneReserved);
    this.systemReserved = amount(props.systemReserved, SEED_CLUSTER.systemReserved);
    this.taskPodHeadroom = amount(props.taskPodHeadroom, SEED_CLUSTER.taskPodHeadroom);
    this.limitOvercommit = props.limitOvercommit ?? SEED_CLUSTER.limitOvercommit;
    this.storageBytes = props.storage ? bytesOf(props.storage) : SEED_CLUSTER.storageGibibytes * 2 ** 30;

    requireThat(scope, this.cpuMillis > 0, props.cpuCores, 'is not a positive number of CPU cores', 'set cpuCores to what Docker gives the Kind VM, e.g. 4');
    requireThat(scope, this.memoryBytes > 0, '0', 'is not a positive cluster memory', 'set memory to what Docker gives the Kind VM, e.g. Size.gibibytes(8)');
    requireThat(scope, this.storageBytes > 0, '0', 'is not a positive storage budget', 'set storage to the disk Docker gives the Kind VM, e.g. Size.gibibytes(60)');
    requireThat(scope, Number.isInteger(this.workerNodes) && this.workerNodes >= 0, this.workerNodes, 'is not a valid number of worker nodes', 'use a whole number ≥ 0');
    requireThat(scope, this.limitOvercommit.cpu >= 1 && this.limitOvercommit.memory >= 1, `cpu ${this.limitOvercommit.cpu}, memory ${this.limitOvercommit.memory}`, 'is a limit overcommit below 1', 'use factors ≥ 1 (1 means limits must fit allocatable)');
    requireThat(scope, this.allocatable.cpuMillis - this.taskPodHeadroom.cpuMillis > 0 && this.allocatable.memoryBytes - this.taskPodHeadroom.memoryBytes > 0,
      `${this.memoryBytes / 2 ** 30} GiB / ${this.cpuMillis}m`, 'leaves nothing for the platform after the control plane, system pods and task headroom',
      'raise memory/cpuCores or lower the reservations');
  }

  /** Nodes in the cluster: the control plane and the workers. */
  get nodeCount(): number {
    return 1 + this.workerNodes;
  }

  /** What pods may use: the total minus the control plane and system reservations. */
  get allocatable(): { cpuMillis: number; memoryBytes: number } {
    return {
      cpuMillis: this.cpuMillis - this.controlPlaneReserved.cpuMillis - this.systemReserved.cpuMillis,
      memoryBytes: this.memoryBytes - this.controlPlaneReserved.memoryBytes - this.systemReserved.memoryBytes,
    };
  }

  /** What the platform's long-running pods may request: allocatable minus the task pod headroom. */
  get platformBudget(): { cpuMillis: number; memoryBytes: number } {
    return {
      cpuMillis: this.allocatable.cpuMillis - this.taskPodHeadroom.cpuMillis,
      memoryBytes: this.allocatable.memoryBytes - this.taskPodHeadroom.memoryBytes,
    };
  }

  /** The most the sum of limits may reach. */
  get limitCeiling(): { cpuMillis: number; memoryBytes: number } {
    return {
      cpuMillis: Math.floor(this.allocatable.cpuMillis * this.limitOvercommit.cpu),
      memoryBytes: Math.floor(this.allocatable.memoryBytes * this.limitOvercommit.memory),
    };
  }
}
