import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { ClusterChart } from './cluster-chart';
import { requireThat } from './errors';
import { ComponentIdentity } from './labels';
import { objectMeta } from './metadata';

/** The verbs a platform role may grant. `escalate`, `bind`, `impersonate` and `*` are deliberately absent. */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

const ALLOWED_VERBS: ReadonlySet<string> = new Set<Verb>(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']);

/** One least-privilege rule: explicit API groups, resources and verbs, never wildcards. */
export interface PermissionRule {
  /** `''` is the core group. */
  readonly apiGroups: string[];
  readonly resources: string[];
  readonly verbs: Verb[];
  /** Restrict the rule to these objects. */
  readonly resourceNames?: string[];
}

/** A rule on non-resource URLs such as `/metrics` (ClusterRoles only). */
export interface NonResourceRule {
  readonly nonResourceUrls: string[];
  readonly verbs: Array<'get'>;
}

export interface WorkloadServiceAccountProps {
  readonly name: string;
  readonly identity: ComponentIdentity;
}

/**
 * The ServiceAccount one component runs as. Its token is never auto-mounted at the account level;
 * pods that call the API opt in on their own template (and the gauntlet checks they hold a binding).
 */
export class WorkloadServiceAccount extends Construct {
  readonly name: string;
  readonly namespace: string;

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    const namespace = Chart.of(this).namespace;
    requireThat(this, namespace !== undefined, namespace, 'is the namespace of the chart holding this ServiceAccount', 'place namespaced components in a NamespaceChart');
    this.name = props.name;
    this.namespace = namespace!;
    new kplus.k8s.KubeServiceAccount(this, 'Resource', {
      metadata: objectMeta(this, props.name, props.identity),
      automountServiceAccountToken: false,
    });
  }

  /** The RBAC subject for bindings. */
  get subject(): kplus.k8s.Subject {
    return { kind: 'ServiceAccount', name: this.name, namespace: this.namespace };
  }

  /** Grants `rules` in `namespace` (default: the account's own) through a Role and RoleBinding named `roleName`. */
  grantInNamespace(id: string, props: NamespacedGrantProps): kplus.k8s.KubeRole {
    return grantNamespaced(this, id, { ...props, subjects: [this.subject] });
  }

  /** Grants `rules` on the whole cluster through a ClusterRole and ClusterRoleBinding placed in the cluster chart. */
  grantClusterWide(id: string, props: ClusterGrantProps): kplus.k8s.KubeClusterRole {
    return grantClusterWide(this, id, { ...props, subjects: [this.subject] });
  }
}

export interface NamespacedGrantProps {
  readonly roleName: string;
  readonly identity: ComponentIdentity;
  readonly rules: PermissionRule[];
  /** Annotations of the Role and its binding (e.g. a scanner skip with its reason). */
  readonly annotations?: Record<string, string>;
  /** @default the namespace of the chart the grant is declared in */
  readonly namespace?: string;
}

export interface ClusterGrantProps {
  readonly roleName: string;
  readonly identity: ComponentIdentity;
  readonly rules: PermissionRule[];
  /** Annotations of the ClusterRole and its binding. */
  readonly annotations?: Record<string, string>;
  readonly nonResourceRules?: NonResourceRule[];
}

function checkRules(scope: IConstruct, rules: PermissionRule[]): kplus.k8s.PolicyRule[] {
  return rules.map((rule) => {
    for (const field of ['apiGroups', 'resources', 'verbs', 'resourceNames'] as const) {
      const values = (rule[field] ?? []) as string[];
      requireThat(scope, !values.includes('*'), '*', `is a wildcard in ${field}`, 'name each API group, resource and verb explicitly (least privilege)');
    }
    for (const verb of rule.verbs) {
      requireThat(scope, ALLOWED_VERBS.has(verb), verb, 'is not a verb a platform role may grant', `use one of ${[...ALLOWED_VERBS].join(', ')}`);
    }
    requireThat(scope, rule.resources.length > 0 && rule.verbs.length > 0, JSON.stringify(rule), 'is a rule without resources or verbs', 'name at least one resource and one verb');
    return {
      apiGroups: rule.apiGroups,
      resources: rule.resources,
      verbs: rule.verbs,
      ...(rule.resourceNames?.length ? { resourceNames: rule.resourceNames } : {}),
    };
  });
}

/** A Role and its RoleBinding for arbitrary subjects (use {@link WorkloadServiceAccount.grantInNamespace} for one account). */
export function grantNamespaced(scope: Construct, id: string, props: NamespacedGrantProps & { readonly subjects: kplus.k8s.Subject[] }): kplus.k8s.KubeRole {
  const grant = new Construct(scope, id);
  const namespace = props.namespace !== undefined && props.namespace !== Chart.of(scope).namespace ? props.namespace : undefined;
  requireThat(grant, props.rules.length > 0, '[]', 'grants nothing', 'list at least one rule or drop the grant');
  const role = new kplus.k8s.KubeRole(grant, 'Role', {
    metadata: objectMeta(grant, props.roleName, props.identity, { namespace, annotations: props.annotations }),
    rules: checkRules(grant, props.rules),
  });
  new kplus.k8s.KubeRoleBinding(grant, 'Binding', {
    metadata: objectMeta(grant, props.roleName, props.identity, { namespace, annotations: props.annotations }),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.roleName },
    subjects: props.subjects,
  });
  return role;
}

/** A ClusterRole and its ClusterRoleBinding, placed in the app's {@link ClusterChart}. */
export function grantClusterWide(scope: Construct, id: string, props: ClusterGrantProps & { readonly subjects: kplus.k8s.Subject[] }): kplus.k8s.KubeClusterRole {
  const grant = new Construct(ClusterChart.of(scope).rbac, `${scope.node.path.replace(/\//g, '-')}-${id}`);
  const nonResourceRules = props.nonResourceRules ?? [];
  requireThat(grant, props.rules.length + nonResourceRules.length > 0, '[]', 'grants nothing', 'list at least one rule or drop the grant');
  const rules = [
    ...checkRules(grant, props.rules),
    ...nonResourceRules.map((rule) => ({ nonResourceUrLs: rule.nonResourceUrls, verbs: rule.verbs })),
  ];
  const role = new kplus.k8s.KubeClusterRole(grant, 'ClusterRole', {
    metadata: objectMeta(grant, props.roleName, props.identity, { annotations: props.annotations }),
    rules,
  });
  new kplus.k8s.KubeClusterRoleBinding(grant, 'Binding', {
    metadata: objectMeta(grant, props.roleName, props.identity, { annotations: props.annotations }),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: props.roleName },
    subjects: props.subjects,
  });
  return role;
}
