import { KubernetesManifest } from './manifests';

/** The pod template inside a workload manifest, found the same way for every kind. */
export interface PodTemplateOf {
  readonly metadata: { labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly spec: any;
  /** Deployments, StatefulSets, DaemonSets and bare Pods run until stopped; Jobs and CronJobs finish. */
  readonly longRunning: boolean;
}

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/** The pod template of a workload manifest, or undefined for objects that run no pods. */
export function podTemplateOf(manifest: KubernetesManifest): PodTemplateOf | undefined {
  const spec = manifest.spec ?? {};
  if (LONG_RUNNING.has(manifest.kind) || manifest.kind === 'Job') {
    return { metadata: spec.template?.metadata ?? {}, spec: spec.template?.spec ?? {}, longRunning: manifest.kind !== 'Job' };
  }
  if (manifest.kind === 'CronJob') {
    const template = spec.jobTemplate?.spec?.template ?? {};
    return { metadata: template.metadata ?? {}, spec: template.spec ?? {}, longRunning: false };
  }
  if (manifest.kind === 'Pod') {
    return { metadata: manifest.metadata, spec, longRunning: true };
  }
  return undefined;
}

/** Every container of a pod spec with its role: init containers, native sidecars, regular containers. */
export function containersOf(podSpec: any): Array<{ container: any; role: 'init' | 'sidecar' | 'main' }> {
  return [
    ...(podSpec.initContainers ?? []).map((container: any) => ({ container, role: container.restartPolicy === 'Always' ? 'sidecar' as const : 'init' as const })),
    ...(podSpec.containers ?? []).map((container: any) => ({ container, role: 'main' as const })),
  ];
}
