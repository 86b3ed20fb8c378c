import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterChart } from './cluster-chart';
import { PodSecurityLevel } from './pod-security';

export interface NamespaceChartProps extends Omit<ChartProps, 'namespace'> {
  /** The namespace every object of this chart lives in. */
  readonly namespace: string;
  /** The Pod Security Standards level to enforce: the strictest one this namespace's workloads allow. */
  readonly podSecurity: PodSecurityLevel;
  /** Why that level (recorded on the Namespace, so `kubectl describe namespace` answers the question). */
  readonly podSecurityReason: string;
}

/**
 * One chart per namespace: its objects all carry that namespace, and its Namespace (with Pod Security
 * labels) is declared in the app's {@link ClusterChart}, which is applied before it.
 */
export class NamespaceChart extends Chart {
  /** The namespace of every object in this chart. */
  readonly namespaceName: string;

  constructor(scope: Construct, id: string, props: NamespaceChartProps) {
    super(scope, id, { namespace: props.namespace, labels: props.labels, disableResourceNameHashes: true });
    this.namespaceName = props.namespace;
    ClusterChart.of(this).addNamespace({ name: props.namespace, podSecurity: props.podSecurity, podSecurityReason: props.podSecurityReason });
  }
}
