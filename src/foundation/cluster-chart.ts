import { ApiObject, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { loadCustomResourceDefinition } from './crds';
import { PlatformConfigError } from './errors';
import { ComponentIdentity, recommendedLabels } from './labels';
import { validateDnsLabel } from './names';
import { podSecurityLabels, PodSecurityLevel } from './pod-security';

const CLUSTER_CHART = Symbol.for('cdk8s-pipeline-ops.ClusterChart');

/** Identity of objects that belong to the platform as a whole rather than one component. */
export const PLATFORM_IDENTITY: ComponentIdentity = { name: 'pipeline-ops', component: 'cluster' };

export interface NamespaceSpec {
  readonly name: string;
  /** The Pod Security Standards level the namespace enforces. */
  readonly podSecurity: PodSecurityLevel;
  /** Why this level (kept in an annotation, so `kubectl describe ns` answers the question). */
  readonly podSecurityReason: string;
}

/**
 * The chart for every cluster-scoped object: Namespaces, StorageClasses, CRDs, ClusterRoles and
 * their bindings. It has no namespace, so none of its objects carries `metadata.namespace`; it is
 * applied first. Stacks in namespace charts place their cluster-scoped objects here through
 * {@link ClusterChart.of}.
 */
export class ClusterChart extends Chart {
  /** Whether `x` is a ClusterChart (cdk8s makes `instanceof` on any Chart subclass true for every chart). */
  static isClusterChart(x: unknown): x is ClusterChart {
    return typeof x === 'object' && x !== null && CLUSTER_CHART in x;
  }

  static [Symbol.hasInstance](x: unknown): x is ClusterChart {
    return ClusterChart.isClusterChart(x);
  }

  /** The cluster chart of the app `scope` belongs to. */
  static of(scope: IConstruct): ClusterChart {
    const found = scope.node.root.node.findAll().find(ClusterChart.isClusterChart);
    if (!found) {
      throw new PlatformConfigError(scope.node.path, 'ClusterChart', 'is missing from the app, but this construct declares cluster-scoped objects (Namespaces, ClusterRoles, CRDs)',
        "create one first: new ClusterChart(app, 'cluster')");
    }
    return found;
  }

  /** Construct that groups ClusterRoles and ClusterRoleBindings declared by stacks. */
  readonly rbac: Construct;
  private readonly namespaces = new Map<string, kplus.k8s.KubeNamespace>();
  private readonly crdScope: Construct;
  private readonly namespaceScope: Construct;

  constructor(scope: Construct, id: string, props: Omit<ChartProps, 'namespace'> = {}) {
    super(scope, id, { labels: props.labels, disableResourceNameHashes: true });
    Object.defineProperty(this, CLUSTER_CHART, { value: true });
    this.namespaceScope = new Construct(this, 'namespaces');
    this.crdScope = new Construct(this, 'crds');
    this.rbac = new Construct(this, 'rbac');
  }

  /** Declares a namespace with its Pod Security Standards labels (once per name). */
  addNamespace(spec: NamespaceSpec): kplus.k8s.KubeNamespace {
    validateDnsLabel(this.namespaceScope, spec.name, 'namespace name');
    const existing = this.namespaces.get(spec.name);
    if (existing) {
      throw new PlatformConfigError(`${this.namespaceScope.node.path}/${spec.name}`, spec.name, 'is declared twice as a namespace', 'give each NamespaceChart its own namespace');
    }
    const namespace = new kplus.k8s.KubeNamespace(this.namespaceScope, spec.name, {
      metadata: {
        name: spec.name,
        labels: {
          ...recommendedLabels({ ...PLATFORM_IDENTITY, component: 'namespace' }),
          'kubernetes.io/metadata.name': spec.name,
          ...podSecurityLabels(spec.podSecurity),
        },
        annotations: { 'pipeline-ops/pod-security-reason': spec.podSecurityReason },
      },
    });
    this.namespaces.set(spec.name, namespace);
    return namespace;
  }

  /** The names of all namespaces declared so far. */
  get namespaceNames(): string[] {
    return [...this.namespaces.keys()];
  }

  /** Emits an upstream CRD from a YAML file (descriptions stripped, schema kept). */
  addCustomResourceDefinition(id: string, file: string): ApiObject {
    return loadCustomResourceDefinition(this.crdScope, id, file);
  }
}
