import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { requireThat } from './errors';
import { ComponentIdentity, selectorLabels } from './labels';
import { objectMeta } from './metadata';
import { validateDnsLabel } from './names';
import { validateNodePort, validatePort } from './ports';

/*
 * Workloads are written with the Kubernetes L1 classes rather than cdk8s-plus: cdk8s-plus selects pods by
 * a label derived from the construct path (renaming a construct id would change an immutable
 * selector) and adds defaults (resources, probes, security context) that must all be overridden.
 * Here a selector is the component's name and role, and nothing is implicit.
 */

interface WorkloadBase {
  /** The object's explicit, stable name. */
  readonly name: string;
  readonly identity: ComponentIdentity;
  readonly template: kplus.k8s.PodTemplateSpec;
  readonly annotations?: Record<string, string>;
}

export interface DeploymentProps extends WorkloadBase {
  /** @default 1 */
  readonly replicas?: number;
  /**
   * `Recreate` for single-writer components holding a ReadWriteOnce volume or a lock.
   * @default 'RollingUpdate'
   */
  readonly strategy?: 'RollingUpdate' | 'Recreate';
}

export function createDeployment(scope: Construct, id: string, props: DeploymentProps): kplus.k8s.KubeDeployment {
  const replicas = props.replicas ?? 1;
  requireThat(scope, Number.isInteger(replicas) && replicas >= 0, replicas, 'is not a valid replica count', 'use a whole number ≥ 0');
  return new kplus.k8s.KubeDeployment(scope, id, {
    metadata: objectMeta(scope, props.name, props.identity, { annotations: props.annotations }),
    spec: {
      replicas,
      revisionHistoryLimit: 3,
      selector: { matchLabels: selectorLabels(props.identity) },
      strategy: { type: props.strategy ?? 'RollingUpdate' },
      template: props.template,
    },
  });
}

export interface StatefulSetProps extends WorkloadBase {
  /** The headless Service that gives the pods stable DNS names. */
  readonly serviceName: string;
  /** @default 1 */
  readonly replicas?: number;
  readonly volumeClaimTemplates?: kplus.k8s.KubePersistentVolumeClaimProps[];
}

export function createStatefulSet(scope: Construct, id: string, props: StatefulSetProps): kplus.k8s.KubeStatefulSet {
  return new kplus.k8s.KubeStatefulSet(scope, id, {
    metadata: objectMeta(scope, props.name, props.identity, { annotations: props.annotations }),
    spec: {
      replicas: props.replicas ?? 1,
      serviceName: props.serviceName,
      revisionHistoryLimit: 3,
      podManagementPolicy: 'OrderedReady',
      selector: { matchLabels: selectorLabels(props.identity) },
      template: props.template,
      ...(props.volumeClaimTemplates?.length ? { volumeClaimTemplates: props.volumeClaimTemplates } : {}),
      // Keep data when the StatefulSet is deleted or scaled down; the retained StorageClass keeps it past the PVC too.
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    },
  });
}

export type DaemonSetProps = WorkloadBase;

export function createDaemonSet(scope: Construct, id: string, props: DaemonSetProps): kplus.k8s.KubeDaemonSet {
  return new kplus.k8s.KubeDaemonSet(scope, id, {
    metadata: objectMeta(scope, props.name, props.identity, { annotations: props.annotations }),
    spec: {
      revisionHistoryLimit: 3,
      selector: { matchLabels: selectorLabels(props.identity) },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1) } },
      template: props.template,
    },
  });
}

export interface JobProps extends WorkloadBase {
  /** @default 6 */
  readonly backoffLimit?: number;
  /** Remove the finished Job after this long, so a re-apply recreates and re-runs it. @default 3600 */
  readonly ttlSecondsAfterFinished?: number;
  /** @default 1800 */
  readonly activeDeadlineSeconds?: number;
}

export function createJob(scope: Construct, id: string, props: JobProps): kplus.k8s.KubeJob {
  return new kplus.k8s.KubeJob(scope, id, {
    metadata: objectMeta(scope, props.name, props.identity, { annotations: props.annotations }),
    spec: {
      backoffLimit: props.backoffLimit ?? 6,
      ttlSecondsAfterFinished: props.ttlSecondsAfterFinished ?? 3600,
      activeDeadlineSeconds: props.activeDeadlineSeconds ?? 1800,
      template: props.template,
    },
  });
}

export interface CronJobProps extends WorkloadBase {
  /** Cron schedule in UTC. */
  readonly schedule: string;
  /** @default 2 */
  readonly backoffLimit?: number;
  /** @default 900 */
  readonly activeDeadlineSeconds?: number;
}

export function createCronJob(scope: Construct, id: string, props: CronJobProps): kplus.k8s.KubeCronJob {
  requireThat(scope, props.schedule.trim().split(/\s+/).length === 5, props.schedule, 'is not a five-field cron schedule', 'write it as "minute hour day-of-month month day-of-week", e.g. "*/15 * * * *"');
  return new kplus.k8s.KubeCronJob(scope, id, {
    metadata: objectMeta(scope, props.name, props.identity, { annotations: props.annotations }),
    spec: {
      schedule: props.schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels: props.template.metadata?.labels },
        spec: {
          backoffLimit: props.backoffLimit ?? 2,
          activeDeadlineSeconds: props.activeDeadlineSeconds ?? 900,
          ttlSecondsAfterFinished: 3600,
          template: props.template,
        },
      },
    },
  });
}

/** A port a Service exposes, forwarding to a named container port. */
export interface ServicePortSpec {
  readonly name: string;
  readonly port: number;
  /** The container port's name (or number). @default name */
  readonly targetPort?: string | number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
  /** Only for `NodePort` Services. */
  readonly nodePort?: number;
}

export interface ServiceProps {
  readonly name: string;
  readonly identity: ComponentIdentity;
  readonly ports: ServicePortSpec[];
  /** @default 'ClusterIP' */
  readonly type?: 'ClusterIP' | 'NodePort';
  /** A headless Service for a StatefulSet's stable pod DNS. @default false */
  readonly headless?: boolean;
  readonly annotations?: Record<string, string>;
}

export function createService(scope: Construct, id: string, props: ServiceProps): kplus.k8s.KubeService {
  const type = props.type ?? 'ClusterIP';
  for (const port of props.ports) {
    validateDnsLabel(scope, port.name, 'Service port name');
    validatePort(scope, port.port, `Service port "${port.name}"`);
    if (port.nodePort !== undefined) {
      requireThat(scope, type === 'NodePort', port.nodePort, `is a nodePort on Service port "${port.name}" of a ${type} Service`, "set type: 'NodePort' or remove the nodePort");
      validateNodePort(scope, port.nodePort, `Service port "${port.name}"`);
    }
  }
  return new kplus.k8s.KubeService(scope, id, {
    metadata: objectMeta(scope, props.name, props.identity, { annotations: props.annotations }),
    spec: {
      type,
      ...(props.headless ? { clusterIp: 'None' } : {}),
      selector: selectorLabels(props.identity),
      ports: props.ports.map((p) => ({
        name: p.name,
        port: p.port,
        protocol: p.protocol ?? 'TCP',
        targetPort: typeof (p.targetPort ?? p.name) === 'number'
          ? kplus.k8s.IntOrString.fromNumber(p.targetPort as number)
          : kplus.k8s.IntOrString.fromString((p.targetPort ?? p.name) as string),
        ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
      })),
    },
  });
}
