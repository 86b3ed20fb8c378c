import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentIdentity, selectorLabels } from '../foundation/labels';
import { objectMeta } from '../foundation/metadata';

export interface ControllerNetworkPolicyProps {
  readonly name: string;
  readonly identity: ComponentIdentity;
  readonly httpPort: number;
  readonly metricsPort: number;
  /** Namespaces whose pods may scrape the metrics port. */
  readonly metricsScraperNamespaces: readonly string[];
}

/** The ports the API server listens on: its Service port (443) and, after kube-proxy's DNAT, the node's (6443 on Kind). */
const API_SERVER_PORTS = [443, 6443];

/**
 * Default-deny for the controller, which can read every Secret of the cluster, plus the three flows
 * it needs:
 * - in on `http` from anywhere: kubeseal reaches it through the API server's service proxy, which
 *   connects from the control-plane node's address (no pod or namespace selector matches that);
 * - in on `metrics` from the monitoring namespaces;
 * - out to the Kubernetes API only (it finds the API server by the IP in its environment, so it needs
 *   no DNS).
 */
export function controllerNetworkPolicy(scope: Construct, id: string, props: ControllerNetworkPolicyProps): kplus.k8s.KubeNetworkPolicy {
  const tcp = (port: number): kplus.k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: kplus.k8s.IntOrString.fromNumber(port) });
  return new kplus.k8s.KubeNetworkPolicy(scope, id, {
    metadata: objectMeta(scope, props.name, props.identity),
    spec: {
      podSelector: { matchLabels: selectorLabels(props.identity) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { ports: [tcp(props.httpPort)] },
        {
          ports: [tcp(props.metricsPort)],
          from: props.metricsScraperNamespaces.map((namespace) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } })),
        },
      ],
      egress: [{ ports: API_SERVER_PORTS.map(tcp) }],
    },
  });
}
