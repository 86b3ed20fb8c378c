import { NAMESPACES } from '../config/namespaces';

/**
 * The only departures from the policy rules the platform allows, each with its reason. An exception
 * names the rule, the object (namespace, kind, name) and, for container rules, the container. The
 * gauntlet fails on a finding without an exception AND on an exception that no longer matches
 * anything, so this list never outlives the reason it was written for.
 */
export interface PolicyException {
  readonly rule: string;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  /** Omit for pod- or object-level rules. */
  readonly container?: string;
  /** Why the departure is necessary and what limits it. */
  readonly reason: string;
}

export const POLICY_EXCEPTIONS: PolicyException[] = [
  // Fluentd (src/logging/fluentd.ts): the node's log collector.
  {
    rule: 'run-as-non-root',
    namespace: 'logging',
    kind: 'DaemonSet',
    name: 'fluentd',
    container: 'fluentd',
    reason: 'containerd writes the container log files 0640 root:root and the API server its audit log 0600 root:root; only uid 0 can read them. '
      + 'Every capability is dropped, privilege escalation is off and the root filesystem is read-only, so root here means the owner of those files and nothing more.',
  },
  {
    rule: 'no-host-path',
    namespace: 'logging',
    kind: 'DaemonSet',
    name: 'fluentd',
    reason: 'the logs live on the node: /var/log (container log symlinks and the audit log) and /var/log/pods, both mounted read-only, plus '
      + '/var/lib/pipeline-ops/fluentd, a directory of its own for read positions and the file buffer, which must outlive the pod so a restart neither loses nor re-sends logs.',
  },
  {
    rule: 'host-path-read-only',
    namespace: 'logging',
    kind: 'DaemonSet',
    name: 'fluentd',
    reason: 'Fluentd writes its read positions and its bounded file buffer (512MB + 128MB at most) to /var/lib/pipeline-ops/fluentd, a node directory used by nothing else; '
      + 'the log directories it reads stay read-only.',
  },
  {
    rule: 'no-host-namespaces',
    namespace: NAMESPACES.monitoring,
    kind: 'DaemonSet',
    name: 'node-exporter',
    reason: 'node_exporter reports the node, not its own pod: hostNetwork for the node\'s network devices and address (it listens on the node IP only), '
      + 'hostPID so /proc shows every process of the node. It runs as nobody with all capabilities dropped and no service-account token.',
  },
  {
    rule: 'no-host-path',
    namespace: NAMESPACES.monitoring,
    kind: 'DaemonSet',
    name: 'node-exporter',
    reason: 'node_exporter reads the node\'s /proc, /sys and root filesystem (for CPU, memory and disk space of the node); all three are mounted read-only '
      + '(checked by the host-path-read-only rule) into a read-only container running as nobody.',
  },
];
