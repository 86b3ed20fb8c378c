import { KubernetesManifest } from './manifests';

/** A question to the RBAC evaluator: may this service account do this? */
export interface AccessRequest {
  readonly serviceAccount: { readonly namespace: string; readonly name: string };
  readonly verb: string;
  /** Resource, with subresource after a slash: `pods`, `pods/log`, `services/proxy`. */
  readonly resource: string;
  /** `''` is the core group. @default '' */
  readonly apiGroup?: string;
  /** The namespace of the object; omit for cluster-scoped resources. */
  readonly namespace?: string;
  readonly resourceName?: string;
}

/** A question about a non-resource URL such as `/metrics`. */
export interface NonResourceRequest {
  readonly serviceAccount: { readonly namespace: string; readonly name: string };
  readonly verb: string;
  readonly url: string;
}

const includesOrWildcard = (values: string[] | undefined, value: string) => (values ?? []).includes(value) || (values ?? []).includes('*');

function subjectMatches(subject: any, account: { namespace: string; name: string }): boolean {
  if (subject.kind === 'ServiceAccount') {
    return subject.name === account.name && subject.namespace === account.namespace;
  }
  if (subject.kind === 'Group') {
    return subject.name === 'system:serviceaccounts' || subject.name === `system:serviceaccounts:${account.namespace}` || subject.name === 'system:authenticated';
  }
  return false;
}

function ruleAllows(rule: any, request: AccessRequest): boolean {
  return includesOrWildcard(rule.apiGroups, request.apiGroup ?? '')
    && includesOrWildcard(rule.resources, request.resource)
    && includesOrWildcard(rule.verbs, request.verb)
    && (!rule.resourceNames?.length || (request.resourceName !== undefined && rule.resourceNames.includes(request.resourceName)));
}

/** The rules a binding grants, looked up among `manifests` (roles from outside the manifests grant nothing here). */
function rulesOf(binding: KubernetesManifest, manifests: KubernetesManifest[]): any[] {
  const ref = binding.roleRef;
  const role = manifests.find((m) => m.kind === ref.kind && m.metadata.name === ref.name
    && (ref.kind === 'ClusterRole' || m.metadata.namespace === binding.metadata.namespace));
  return role?.rules ?? [];
}

/**
 * Evaluates Kubernetes RBAC the way the API server's authorizer does, over the Roles, ClusterRoles
 * and bindings among `manifests`: a RoleBinding grants its rules in its own namespace only; a
 * ClusterRoleBinding grants them everywhere, including cluster-scoped resources.
 */
export function isAllowed(manifests: KubernetesManifest[], request: AccessRequest): boolean {
  return manifests.some((binding) => {
    if (binding.kind === 'ClusterRoleBinding') {
      return (binding.subjects ?? []).some((s: any) => subjectMatches(s, request.serviceAccount))
        && rulesOf(binding, manifests).some((rule) => ruleAllows(rule, request));
    }
    if (binding.kind === 'RoleBinding') {
      return request.namespace !== undefined && binding.metadata.namespace === request.namespace
        && (binding.subjects ?? []).some((s: any) => subjectMatches(s, request.serviceAccount))
        && rulesOf(binding, manifests).some((rule) => ruleAllows(rule, request));
    }
    return false;
  });
}

/** Whether a service account may call a non-resource URL (only ClusterRoleBindings grant these). */
export function isAllowedNonResource(manifests: KubernetesManifest[], request: NonResourceRequest): boolean {
  return manifests.some((binding) => binding.kind === 'ClusterRoleBinding'
    && (binding.subjects ?? []).some((s: any) => subjectMatches(s, request.serviceAccount))
    && rulesOf(binding, manifests).some((rule) => (rule.nonResourceURLs ?? []).some((url: string) => url === request.url || (url.endsWith('*') && request.url.startsWith(url.slice(0, -1))))
      && includesOrWildcard(rule.verbs, request.verb)));
}
