import { KIND_KUBERNETES_MINOR } from '../config/cluster';

/**
 * Pod Security Standards levels (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 * A namespace enforces the strictest level its workloads allow, and always audits and warns at
 * `restricted` so anything looser than necessary shows up in `kubectl` warnings and the audit log.
 */
export enum PodSecurityLevel {
  RESTRICTED = 'restricted',
  BASELINE = 'baseline',
  PRIVILEGED = 'privileged',
}

/** The labels the PodSecurity admission controller reads, pinned to the Kind node's Kubernetes minor. */
export function podSecurityLabels(enforce: PodSecurityLevel): Record<string, string> {
  const version = `v${KIND_KUBERNETES_MINOR}`;
  return {
    'pod-security.kubernetes.io/enforce': enforce,
    'pod-security.kubernetes.io/enforce-version': version,
    'pod-security.kubernetes.io/audit': PodSecurityLevel.RESTRICTED,
    'pod-security.kubernetes.io/audit-version': version,
    'pod-security.kubernetes.io/warn': PodSecurityLevel.RESTRICTED,
    'pod-security.kubernetes.io/warn-version': version,
  };
}
