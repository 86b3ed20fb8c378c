import { Construct } from 'constructs';
import { ComponentIdentity } from '../foundation/labels';
import { grantNamespaced, WorkloadServiceAccount } from '../foundation/rbac';
import { checkovSkips } from '../policy/checkov-skips';

/** What the controller's roles are scoped to. */
export interface ControllerRbacProps {
  readonly identity: ComponentIdentity;
  /** The Service kubeseal's `--fetch-cert` goes through. */
  readonly serviceName: string;
  /** The name of that Service's first port (kubeseal proxies to `http:<service>:<port name>`). */
  readonly proxyPortName: string;
}

/** The Role and ClusterRole names, as upstream's helm chart and jsonnet manifest name them. */
export const CONTROLLER_ROLE_NAMES = {
  unsealer: 'secrets-unsealer',
  keyAdmin: 'sealed-secrets-key-admin',
  serviceProxier: 'sealed-secrets-service-proxier',
} as const;

/**
 * The controller's permissions, as upstream grants them:
 * - `secrets-unsealer` (cluster-wide): read SealedSecrets and write their status, manage the Secrets
 *   it unseals in any namespace, record events. Upstream's jsonnet also grants `namespaces get`, which
 *   only `--additional-namespaces` uses (the helm chart adds it only then); it is left out here.
 * - `sealed-secrets-key-admin` (its namespace): create and list its key Secrets (created under
 *   generated names, so `create` cannot be limited by name).
 * - `sealed-secrets-service-proxier` (its namespace, every authenticated user): reach the controller
 *   through the API server's service proxy, which `kubeseal --fetch-cert`, `--validate` and
 *   `--re-encrypt` use (the latter two POST, hence `create`).
 */
export function grantControllerPermissions(scope: Construct, account: WorkloadServiceAccount, props: ControllerRbacProps): void {
  account.grantClusterWide('unsealer', {
    roleName: CONTROLLER_ROLE_NAMES.unsealer,
    identity: props.identity,
    rules: [
      { apiGroups: ['bitnami.com'], resources: ['sealedsecrets'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['bitnami.com'], resources: ['sealedsecrets/status'], verbs: ['update'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'create', 'update', 'delete', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ],
  });
  account.grantInNamespace('key-admin', {
    roleName: CONTROLLER_ROLE_NAMES.keyAdmin,
    identity: props.identity,
    rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['create', 'list'] }],
    annotations: checkovSkips({
      CKV2_K8S_5: 'the controller lists the key Secrets of its namespace to load its sealing keys (a label selector cannot narrow RBAC), and must read and write Secrets everywhere to unseal them',
    }),
  });
  grantNamespaced(scope, 'service-proxier', {
    roleName: CONTROLLER_ROLE_NAMES.serviceProxier,
    identity: props.identity,
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }],
    rules: [
      { apiGroups: [''], resources: ['services'], verbs: ['get'], resourceNames: [props.serviceName] },
      // `http:<service>:<port name>` is what kubeseal asks for; the bare name serves `kubectl proxy` users.
      { apiGroups: [''], resources: ['services/proxy'], verbs: ['create', 'get'], resourceNames: [serviceProxyName(props.serviceName, props.proxyPortName), props.serviceName] },
    ],
  });
}

/** The service-proxy name kubeseal builds (net.JoinSchemeNamePort): `http:<service>:<port name>`. */
export function serviceProxyName(serviceName: string, portName: string): string {
  return `http:${serviceName}:${portName}`;
}
