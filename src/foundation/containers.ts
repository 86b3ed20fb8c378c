import * as kplus from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ContainerImage, imageReference } from '../config/images';
import { requireThat } from './errors';
import { validateDnsLabel } from './names';
import { validatePort } from './ports';
import { ComputeResources, toResourceRequirements } from './resources';

/** A port a container listens on. Names let Services and probes refer to it without repeating numbers. */
export interface ContainerPortSpec {
  readonly name: string;
  readonly port: number;
  /** @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

/** Liveness, readiness and startup probes of a long-running container. */
export interface ContainerProbes {
  readonly liveness?: kplus.k8s.Probe;
  readonly readiness?: kplus.k8s.Probe;
  readonly startup?: kplus.k8s.Probe;
}

/**
 * Everything a platform container needs. The result is hardened by default: read-only root
 * filesystem, no privilege escalation, every capability dropped, explicit requests and limits.
 */
export interface ContainerSpec {
  readonly name: string;
  readonly image: ContainerImage;
  readonly command?: string[];
  readonly args?: string[];
  readonly env?: kplus.k8s.EnvVar[];
  readonly envFrom?: kplus.k8s.EnvFromSource[];
  readonly ports?: ContainerPortSpec[];
  readonly resources: ComputeResources;
  readonly probes?: ContainerProbes;
  readonly volumeMounts?: kplus.k8s.VolumeMount[];
  readonly workingDir?: string;
  /** Overrides the pod's uid for this container (e.g. a sidecar from another image). */
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  /**
   * Whether the root filesystem is read-only. Turn off only for images that write outside their
   * mounted volumes and say why in a comment at the call site.
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;
  /** Capabilities to add back after dropping all (each one needs a gauntlet allow-list entry). */
  readonly addCapabilities?: string[];
  /** `Always` makes an init container a native sidecar (Kubernetes ≥ 1.29). */
  readonly restartPolicy?: 'Always';
}

const PORT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Builds a hardened container from its spec, validating names, ports and resources. */
export function buildContainer(scope: IConstruct, spec: ContainerSpec): kplus.k8s.Container {
  validateDnsLabel(scope, spec.name, 'container name');
  for (const port of spec.ports ?? []) {
    validatePort(scope, port.port, `port "${port.name}" of container "${spec.name}"`);
    requireThat(scope, port.name.length <= 15 && PORT_NAME.test(port.name) && /[a-z]/.test(port.name), port.name,
      `is not a valid port name for container "${spec.name}" (at most 15 lowercase letters, digits and '-', with at least one letter)`, 'shorten or rename it, e.g. "http" or "metrics"');
  }
  const probes = spec.probes ?? {};
  return {
    name: spec.name,
    image: imageReference(spec.image),
    imagePullPolicy: 'IfNotPresent',
    ...(spec.command ? { command: spec.command } : {}),
    ...(spec.args ? { args: spec.args } : {}),
    ...(spec.workingDir ? { workingDir: spec.workingDir } : {}),
    ...(spec.env?.length ? { env: spec.env } : {}),
    ...(spec.envFrom?.length ? { envFrom: spec.envFrom } : {}),
    ...(spec.ports?.length
      ? { ports: spec.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol ?? 'TCP' })) }
      : {}),
    resources: toResourceRequirements(scope, spec.name, spec.resources),
    ...(probes.startup ? { startupProbe: probes.startup } : {}),
    ...(probes.liveness ? { livenessProbe: probes.liveness } : {}),
    ...(probes.readiness ? { readinessProbe: probes.readiness } : {}),
    ...(spec.volumeMounts?.length ? { volumeMounts: spec.volumeMounts } : {}),
    ...(spec.restartPolicy ? { restartPolicy: spec.restartPolicy } : {}),
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: spec.readOnlyRootFilesystem ?? true,
      capabilities: { drop: ['ALL'], ...(spec.addCapabilities?.length ? { add: spec.addCapabilities } : {}) },
      ...(spec.runAsUser !== undefined ? { runAsUser: spec.runAsUser } : {}),
      ...(spec.runAsGroup !== undefined ? { runAsGroup: spec.runAsGroup } : {}),
    },
    terminationMessagePolicy: 'FallbackToLogsOnError',
  };
}
