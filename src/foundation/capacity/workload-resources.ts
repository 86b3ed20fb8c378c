import { bytes, cpuMillis } from '../quantities';
import { KubernetesManifest } from '../manifests';
import { containersOf, podTemplateOf } from '../pod-templates';

/** CPU (millicores) and memory (bytes) requests and limits. */
export interface ResourceTotals {
  cpuRequestMillis: number;
  cpuLimitMillis: number;
  memoryRequestBytes: number;
  memoryLimitBytes: number;
}

export const ZERO: ResourceTotals = Object.freeze({ cpuRequestMillis: 0, cpuLimitMillis: 0, memoryRequestBytes: 0, memoryLimitBytes: 0 });

export function add(a: ResourceTotals, b: ResourceTotals, times = 1): ResourceTotals {
  return {
    cpuRequestMillis: a.cpuRequestMillis + b.cpuRequestMillis * times,
    cpuLimitMillis: a.cpuLimitMillis + b.cpuLimitMillis * times,
    memoryRequestBytes: a.memoryRequestBytes + b.memoryRequestBytes * times,
    memoryLimitBytes: a.memoryLimitBytes + b.memoryLimitBytes * times,
  };
}

function max(a: ResourceTotals, b: ResourceTotals): ResourceTotals {
  return {
    cpuRequestMillis: Math.max(a.cpuRequestMillis, b.cpuRequestMillis),
    cpuLimitMillis: Math.max(a.cpuLimitMillis, b.cpuLimitMillis),
    memoryRequestBytes: Math.max(a.memoryRequestBytes, b.memoryRequestBytes),
    memoryLimitBytes: Math.max(a.memoryLimitBytes, b.memoryLimitBytes),
  };
}

/** A container whose requests or limits are incomplete. */
export interface MissingResources {
  readonly container: string;
  readonly missing: string[];
}

/** How a workload's pods count against the budget. */
export type WorkloadCategory = 'steady' | 'job';

/** The pod template of a workload manifest and how many pods of it run. */
export interface WorkloadPods {
  readonly category: WorkloadCategory;
  readonly podSpec: any;
  /** Pods running at once (replicas, parallelism, or nodes for a DaemonSet). */
  readonly pods: number;
}

const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane';

/** Whether a pod spec tolerates the control-plane node's NoSchedule taint. */
export function toleratesControlPlane(podSpec: any): boolean {
  return (podSpec.tolerations ?? []).some((t: any) =>
    (t.key === undefined || t.key === CONTROL_PLANE_TAINT)
    && (t.operator === 'Exists' || t.key === CONTROL_PLANE_TAINT)
    && (t.effect === undefined || t.effect === 'NoSchedule'));
}

/** The pods a manifest runs at once, or undefined for objects that run none. */
export function workloadPods(manifest: KubernetesManifest, workerNodes: number): WorkloadPods | undefined {
  const template = podTemplateOf(manifest);
  if (!template) {
    return undefined;
  }
  const spec = manifest.spec ?? {};
  const category: WorkloadCategory = template.longRunning ? 'steady' : 'job';
  switch (manifest.kind) {
    case 'DaemonSet':
      return { category, podSpec: template.spec, pods: workerNodes + (toleratesControlPlane(template.spec) ? 1 : 0) };
    case 'Pod':
      return { category, podSpec: template.spec, pods: 1 };
    case 'Job':
      return { category, podSpec: template.spec, pods: spec.parallelism ?? 1 };
    case 'CronJob':
      return { category, podSpec: template.spec, pods: spec.jobTemplate?.spec?.parallelism ?? 1 };
    default:
      return { category, podSpec: template.spec, pods: spec.replicas ?? 1 };
  }
}

function containerTotals(container: any): ResourceTotals {
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  return {
    cpuRequestMillis: requests.cpu !== undefined ? cpuMillis(requests.cpu) : 0,
    cpuLimitMillis: limits.cpu !== undefined ? cpuMillis(limits.cpu) : 0,
    memoryRequestBytes: requests.memory !== undefined ? bytes(requests.memory) : 0,
    memoryLimitBytes: limits.memory !== undefined ? bytes(limits.memory) : 0,
  };
}

/** Containers of a pod spec without a CPU or memory request or limit. */
export function missingResources(podSpec: any): MissingResources[] {
  return containersOf(podSpec).flatMap(({ container }) => {
    const missing = [
      ['requests', 'cpu'], ['requests', 'memory'], ['limits', 'cpu'], ['limits', 'memory'],
    ].filter(([kind, resource]) => container.resources?.[kind]?.[resource] === undefined).map(([kind, resource]) => `${kind}.${resource}`);
    return missing.length ? [{ container: container.name, missing }] : [];
  });
}

/**
 * What one pod of `podSpec` reserves, by the Kubernetes rule: regular containers and native
 * sidecars (init containers with restartPolicy Always) run together; each ordinary init container
 * runs alone beside the sidecars started before it; the pod needs the larger of the two.
 */
export function effectivePodResources(podSpec: any): ResourceTotals {
  let sidecars = ZERO;
  let initPeak = ZERO;
  for (const init of podSpec.initContainers ?? []) {
    if (init.restartPolicy === 'Always') {
      sidecars = add(sidecars, containerTotals(init));
    } else {
      initPeak = max(initPeak, add(sidecars, containerTotals(init)));
    }
  }
  const running = (podSpec.containers ?? []).reduce((sum: ResourceTotals, c: any) => add(sum, containerTotals(c)), sidecars);
  return max(running, initPeak);
}

/** Storage a manifest claims, in bytes: a PVC's request, or a StatefulSet's claim templates × replicas. */
export function claimedStorageBytes(manifest: KubernetesManifest): number {
  if (manifest.kind === 'PersistentVolumeClaim') {
    const request = manifest.spec?.resources?.requests?.storage;
    return request !== undefined ? bytes(request) : 0;
  }
  if (manifest.kind === 'StatefulSet') {
    const perReplica = (manifest.spec?.volumeClaimTemplates ?? [])
      .reduce((sum: number, claim: any) => sum + bytes(claim.spec?.resources?.requests?.storage ?? 0), 0);
    return perReplica * (manifest.spec?.replicas ?? 1);
  }
  return 0;
}

/** Each single claim of a manifest (to check none exceeds the storage budget by itself). */
export function storageClaims(manifest: KubernetesManifest): Array<{ name: string; bytes: number }> {
  if (manifest.kind === 'PersistentVolumeClaim') {
    return [{ name: manifest.metadata.name, bytes: claimedStorageBytes(manifest) }];
  }
  if (manifest.kind === 'StatefulSet') {
    return (manifest.spec?.volumeClaimTemplates ?? []).map((claim: any) => ({
      name: `${claim.metadata?.name}-${manifest.metadata.name}-*`,
      bytes: bytes(claim.spec?.resources?.requests?.storage ?? 0),
    }));
  }
  return [];
}
