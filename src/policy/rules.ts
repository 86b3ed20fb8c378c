import { REQUIRED_LABELS } from '../foundation/labels';
import { KubernetesManifest } from '../foundation/manifests';
import { containersOf, podTemplateOf } from '../foundation/pod-templates';
import { PolicyFinding } from './finding';

/** A policy rule over one manifest (`context` holds the whole set, for rules that look across objects). */
export interface PolicyRule {
  readonly id: string;
  readonly description: string;
  check(manifest: KubernetesManifest, context: PolicyContext): Array<Omit<PolicyFinding, 'rule' | 'object' | 'namespace' | 'name' | 'kind'>>;
}

/** Everything the rules may consult besides the manifest under check. */
export interface PolicyContext {
  readonly manifests: KubernetesManifest[];
}

/** Kinds that exist once per cluster and so must not carry a namespace. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding',
  'PriorityClass', 'IngressClass', 'RuntimeClass', 'APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'CSIDriver', 'VolumeSnapshotClass', 'ClusterIssuer',
]);

type ContainerEntry = ReturnType<typeof containersOf>[number];

/** A rule evaluated on each container of each pod template. */
function containerRule(id: string, description: string, check: (entry: ContainerEntry, podSpec: any, longRunning: boolean) => string | undefined): PolicyRule {
  return {
    id,
    description,
    check(manifest) {
      const template = podTemplateOf(manifest);
      if (!template) {
        return [];
      }
      return containersOf(template.spec).flatMap((entry) => {
        const message = check(entry, template.spec, template.longRunning);
        return message ? [{ container: entry.container.name, message }] : [];
      });
    },
  };
}

/** A rule evaluated once per pod template. */
function podRule(id: string, description: string, check: (podSpec: any, metadata: any) => string[]): PolicyRule {
  return {
    id,
    description,
    check(manifest) {
      const template = podTemplateOf(manifest);
      return template ? check(template.spec, template.metadata).map((message) => ({ message })) : [];
    },
  };
}

const effective = (entry: ContainerEntry, podSpec: any, field: string) => entry.container.securityContext?.[field] ?? podSpec.securityContext?.[field];

export const POLICY_RULES: PolicyRule[] = [
  containerRule('resources', 'every container sets CPU and memory requests and limits', ({ container }) => {
    const missing = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']
      .filter((field) => { const [kind, resource] = field.split('.'); return container.resources?.[kind]?.[resource] === undefined; });
    return missing.length ? `has no ${missing.join(', ')}` : undefined;
  }),
  containerRule('probes', 'every long-running container has readiness and liveness probes', ({ container, role }, _podSpec, longRunning) => {
    if (!longRunning || role === 'init') {
      return undefined;
    }
    const missing = ['readinessProbe', 'livenessProbe'].filter((probe) => !container[probe]);
    return missing.length ? `has no ${missing.join(' or ')}` : undefined;
  }),
  containerRule('run-as-non-root', 'containers run as a non-root user', (entry, podSpec) => {
    const user = effective(entry, podSpec, 'runAsUser');
    if (effective(entry, podSpec, 'runAsNonRoot') !== true) {
      return 'does not set runAsNonRoot: true';
    }
    return user === 0 ? 'runs as uid 0' : undefined;
  }),
  containerRule('no-privilege-escalation', 'allowPrivilegeEscalation is false', ({ container }) =>
    container.securityContext?.allowPrivilegeEscalation === false ? undefined : 'does not set allowPrivilegeEscalation: false'),
  containerRule('not-privileged', 'no container is privileged', ({ container }) =>
    container.securityContext?.privileged ? 'is privileged' : undefined),
  containerRule('drop-all-capabilities', 'every capability is dropped and none added', ({ container }) => {
    const capabilities = container.securityContext?.capabilities ?? {};
    if (!(capabilities.drop ?? []).includes('ALL')) {
      return 'does not drop ALL capabilities';
    }
    return capabilities.add?.length ? `adds capabilities ${capabilities.add.join(', ')}` : undefined;
  }),
  containerRule('seccomp-runtime-default', 'seccomp profile RuntimeDefault', (entry, podSpec) =>
    effective(entry, podSpec, 'seccompProfile')?.type === 'RuntimeDefault' ? undefined : 'has no RuntimeDefault seccomp profile'),
  containerRule('read-only-root-filesystem', 'the root filesystem is read-only', ({ container }) =>
    container.securityContext?.readOnlyRootFilesystem === true ? undefined : 'has a writable root filesystem'),
  containerRule('pinned-image', 'images are pinned to a release tag (never latest or untagged)', ({ container }) => {
    const image: string = container.image ?? '';
    const withoutDigest = image.split('@')[0];
    const lastSegment = withoutDigest.split('/').pop() ?? '';
    const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
    if (!tag) {
      return `uses untagged image "${image}"`;
    }
    return tag === 'latest' ? `uses the mutable tag "latest" in "${image}"` : undefined;
  }),
  podRule('no-host-namespaces', 'pods do not share the node\'s network, PID or IPC namespace', (podSpec) =>
    ['hostNetwork', 'hostPID', 'hostIPC'].filter((field) => podSpec[field] === true).map((field) => `uses ${field}`)),
  podRule('no-host-path', 'pods mount no hostPath volumes', (podSpec) =>
    (podSpec.volumes ?? []).filter((volume: any) => volume.hostPath).map((volume: any) => `mounts hostPath ${volume.hostPath.path} (volume "${volume.name}")`)),
  podRule('host-path-read-only', 'hostPath volumes, where allowed, are mounted read-only', (podSpec) => {
    const hostVolumes = new Set((podSpec.volumes ?? []).filter((v: any) => v.hostPath).map((v: any) => v.name));
    return containersOf(podSpec).flatMap(({ container }) => (container.volumeMounts ?? [])
      .filter((mount: any) => hostVolumes.has(mount.name) && mount.readOnly !== true)
      .map((mount: any) => `container "${container.name}" mounts hostPath volume "${mount.name}" writable`));
  }),
  podRule('pod-labels', 'pod templates carry the recommended labels', (_podSpec, metadata) => {
    const missing = REQUIRED_LABELS.filter((label) => !metadata.labels?.[label]);
    return missing.length ? [`pod template lacks labels ${missing.join(', ')}`] : [];
  }),
  {
    id: 'object-labels',
    description: 'every object carries the recommended labels',
    check(manifest) {
      const missing = REQUIRED_LABELS.filter((label) => !manifest.metadata.labels?.[label]);
      return missing.length ? [{ message: `lacks labels ${missing.join(', ')}` }] : [];
    },
  },
  {
    id: 'no-plaintext-secret',
    description: 'no Secret carries data: credentials reach the cluster only as SealedSecrets',
    check(manifest) {
      if (manifest.kind !== 'Secret') {
        return [];
      }
      const keys = [...Object.keys(manifest.data ?? {}), ...Object.keys(manifest.stringData ?? {})];
      return keys.length ? [{ message: `is a Secret with plaintext keys ${keys.join(', ')}; seal it instead (npm run seal)` }] : [];
    },
  },
  {
    id: 'namespace-scope',
    description: 'cluster-scoped objects carry no namespace; namespaced objects carry one',
    check(manifest) {
      const clusterScoped = CLUSTER_SCOPED_KINDS.has(manifest.kind);
      if (clusterScoped && manifest.metadata.namespace) {
        return [{ message: `is cluster-scoped but has namespace "${manifest.metadata.namespace}"` }];
      }
      if (!clusterScoped && !manifest.metadata.namespace) {
        return [{ message: 'is namespaced but has no namespace (it would land in whatever namespace kubectl defaults to)' }];
      }
      return [];
    },
  },
  {
    id: 'token-only-with-rbac',
    description: 'a pod mounts a service account token only when that account is bound to a role',
    check(manifest, context) {
      const template = podTemplateOf(manifest);
      if (!template || template.spec.automountServiceAccountToken !== true) {
        return [];
      }
      const account = template.spec.serviceAccountName ?? 'default';
      const namespace = manifest.metadata.namespace;
      const bound = context.manifests.some((m) => (m.kind === 'RoleBinding' || m.kind === 'ClusterRoleBinding')
        && (m.subjects ?? []).some((s: any) => s.kind === 'ServiceAccount' && s.name === account && s.namespace === namespace));
      return bound ? [] : [{ message: `mounts the token of service account "${account}", which no RoleBinding or ClusterRoleBinding grants anything` }];
    },
  },
];
