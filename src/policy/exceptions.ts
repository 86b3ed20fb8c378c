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
