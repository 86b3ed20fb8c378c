import { Duration } from 'cdk8s';
import { SEALED_SECRETS_CONTROLLER_IMAGE, imageReference } from '../../src/config/images';
import { createDefaultApp } from '../../src/default-app';
import { KubernetesManifest } from '../../src/foundation/manifests';
import { isAllowed } from '../../src/foundation/rbac-evaluator';
import { compute } from '../../src/foundation/resources';
import { bytes, cpuMillis } from '../../src/foundation/quantities';
import { SEALED_SECRETS_MIXIN } from '../../src/monitoring/catalog/sealed-secrets';
import { SealedSecretsStack } from '../../src/secrets/sealed-secrets-stack';
import { findManifest } from '../support/default-app';
import { manifestsOf, testApp } from '../support/test-app';

const CONTROLLER = { namespace: 'kube-system', name: 'sealed-secrets-controller' };
/** A service account of another namespace: any authenticated user. */
const SOMEONE = { namespace: 'airflow', name: 'airflow-worker' };

function stack(props: ConstructorParameters<typeof SealedSecretsStack>[2] = {}) {
  const { app, chart } = testApp('kube-system');
  const sealedSecrets = new SealedSecretsStack(chart, 'sealed-secrets', props);
  const manifests = manifestsOf(app);
  const deployment = findManifest(manifests, 'Deployment', 'sealed-secrets-controller', 'kube-system');
  const pod = deployment.spec.template.spec;
  return { sealedSecrets, manifests, deployment, pod, container: pod.containers[0] };
}

describe('SealedSecretsStack', () => {
  const { sealedSecrets, manifests, deployment, pod, container } = stack();

  describe('RBAC as upstream grants it (permission matrix)', () => {
    const can = (who: typeof CONTROLLER, verb: string, resource: string, namespace?: string, options: { apiGroup?: string; resourceName?: string } = {}) =>
      isAllowed(manifests, { serviceAccount: who, verb, resource, namespace, ...options });

    test.each([
      ['create', 'secrets', 'kube-system'], ['list', 'secrets', 'kube-system'],
      ['get', 'secrets', 'airflow'], ['create', 'secrets', 'monitoring'], ['update', 'secrets', 'logging'], ['delete', 'secrets', 'airflow'], ['watch', 'secrets', 'airflow'],
      ['create', 'events', 'airflow'], ['patch', 'events', 'logging'],
    ])('the controller can %s %s in %s', (verb, resource, namespace) => {
      expect(can(CONTROLLER, verb, resource, namespace)).toBe(true);
    });

    test.each([['get'], ['list'], ['watch']])('the controller can %s SealedSecrets everywhere', (verb) => {
      expect(can(CONTROLLER, verb, 'sealedsecrets', 'airflow', { apiGroup: 'bitnami.com' })).toBe(true);
    });

    test('the controller can update the status of SealedSecrets, but not the SealedSecrets themselves', () => {
      expect(can(CONTROLLER, 'update', 'sealedsecrets/status', 'airflow', { apiGroup: 'bitnami.com' })).toBe(true);
      expect(can(CONTROLLER, 'update', 'sealedsecrets', 'airflow', { apiGroup: 'bitnami.com' })).toBe(false);
      expect(can(CONTROLLER, 'delete', 'sealedsecrets', 'airflow', { apiGroup: 'bitnami.com' })).toBe(false);
    });

    test.each([
      ['delete', 'pods', 'kube-system'], ['create', 'pods', 'airflow'], ['get', 'configmaps', 'airflow'], ['patch', 'deployments', 'kube-system'],
      ['get', 'namespaces', undefined], ['create', 'serviceaccounts/token', 'kube-system'], ['patch', 'secrets', 'airflow'],
    ])('the controller cannot %s %s (%s)', (verb, resource, namespace) => {
      expect(can(CONTROLLER, verb, resource, namespace)).toBe(false);
    });

    test('any authenticated user can reach the controller through the service proxy (kubeseal --fetch-cert, --validate)', () => {
      expect(can(SOMEONE, 'get', 'services', 'kube-system', { resourceName: 'sealed-secrets-controller' })).toBe(true);
      expect(can(SOMEONE, 'get', 'services/proxy', 'kube-system', { resourceName: 'http:sealed-secrets-controller:http' })).toBe(true);
      expect(can(SOMEONE, 'create', 'services/proxy', 'kube-system', { resourceName: 'http:sealed-secrets-controller:http' })).toBe(true);
    });

    test('but no other Service, nor the controller\'s secrets', () => {
      expect(can(SOMEONE, 'get', 'services/proxy', 'kube-system', { resourceName: 'http:kube-dns:dns' })).toBe(false);
      expect(can(SOMEONE, 'get', 'services', 'kube-system', { resourceName: 'kube-dns' })).toBe(false);
      expect(can(SOMEONE, 'list', 'secrets', 'kube-system')).toBe(false);
    });

    test('the proxier Role names the Service\'s first port, the one kubeseal asks for', () => {
      const service = findManifest(manifests, 'Service', 'sealed-secrets-controller', 'kube-system');
      const role = findManifest(manifests, 'Role', 'sealed-secrets-service-proxier', 'kube-system');
      expect(role.rules[1].resourceNames).toContain(`http:${service.metadata.name}:${service.spec.ports[0].name}`);
    });

    test('upstream\'s role names', () => {
      expect(findManifest(manifests, 'ClusterRole', 'secrets-unsealer').metadata.namespace).toBeUndefined();
      expect(findManifest(manifests, 'RoleBinding', 'sealed-secrets-service-proxier', 'kube-system').subjects)
        .toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' }]);
      expect(findManifest(manifests, 'Role', 'sealed-secrets-key-admin', 'kube-system').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['create', 'list'] }]);
    });
  });

  test('the ServiceAccount does not mount tokens by default; the controller\'s pod opts in (it calls the API)', () => {
    expect(findManifest(manifests, 'ServiceAccount', 'sealed-secrets-controller', 'kube-system').automountServiceAccountToken).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(true);
    expect(pod.serviceAccountName).toBe('sealed-secrets-controller');
  });

  test('the SealedSecret CRD goes to the cluster chart, from the vendored v0.36.6 file, with the status subresource', () => {
    const crd = findManifest(manifests, 'CustomResourceDefinition', 'sealedsecrets.bitnami.com');
    expect(crd.metadata.namespace).toBeUndefined();
    expect(crd.spec.group).toBe('bitnami.com');
    expect(crd.spec.versions.map((v: any) => [v.name, v.subresources])).toEqual([['v1alpha1', { status: {} }]]);
    expect(sealedSecrets.crd.node.path).toMatch(/^cluster\//);
  });

  describe('the controller container', () => {
    test('the pinned image and upstream\'s command', () => {
      expect(container.image).toBe(imageReference(SEALED_SECRETS_CONTROLLER_IMAGE));
      expect(container.image).toBe('docker.io/bitnami/sealed-secrets-controller:0.36.1');
      expect(container.command).toEqual(['controller']);
    });

    test('arguments: status updates, key prefix, renewal every 720h, the two listen addresses', () => {
      expect(container.args).toEqual(expect.arrayContaining(['--update-status', '--key-prefix=sealed-secrets-key', '--key-renew-period=720h', '--listen-addr=:8080', '--listen-metrics-addr=:8081']));
    });

    test.each([
      ['7 days', Duration.days(7), '168h'], ['1530 minutes', Duration.minutes(1530), '1530m'], ['0 (renewal off)', Duration.seconds(0), '0h'],
    ])('keyRenewPeriod %s renders as --key-renew-period=%s', (_label, period, flag) => {
      expect(stack({ keyRenewPeriod: period }).container.args).toContain(`--key-renew-period=${flag}`);
    });

    test('probes on /healthz (port http), with a startup probe long enough for the first 4096-bit key', () => {
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        expect(container[probe].httpGet).toEqual({ path: '/healthz', port: 'http' });
      }
      expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBeGreaterThanOrEqual(120);
    });

    test('upstream\'s security context: uid 1001, fsGroup 65534, read-only root, emptyDir on /tmp', () => {
      expect(pod.securityContext).toMatchObject({ runAsUser: 1001, runAsNonRoot: true, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      expect(pod.volumes.find((v: any) => v.name === 'tmp').emptyDir).toBeDefined();
    });

    test('resources within the stack\'s capacity share (requests ≤ 64Mi/50m, limits ≤ 256Mi/250m)', () => {
      const { requests, limits } = container.resources;
      expect(bytes(requests.memory)).toBeLessThanOrEqual(64 * 2 ** 20);
      expect(cpuMillis(requests.cpu)).toBeLessThanOrEqual(50);
      expect(bytes(limits.memory)).toBeLessThanOrEqual(256 * 2 ** 20);
      expect(cpuMillis(limits.cpu)).toBeLessThanOrEqual(250);
    });

    test('the Go runtime follows the limits', () => {
      expect(container.env.map((e: any) => [e.name, e.valueFrom.resourceFieldRef.resource])).toEqual([['GOMAXPROCS', 'limits.cpu'], ['GOMEMLIMIT', 'limits.memory']]);
    });

    test('a resources prop replaces the defaults', () => {
      const { container: custom } = stack({ resources: compute(30, 200, 40, 100) });
      expect(custom.resources).toEqual({ requests: { cpu: '30m', memory: '40Mi' }, limits: { cpu: '200m', memory: '100Mi' } });
    });
  });

  test('one controller at a time (two would race to generate the renewal key)', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
  });

  describe('Services', () => {
    test('sealed-secrets-controller: first port http 8080, as kubeseal expects', () => {
      const service = findManifest(manifests, 'Service', 'sealed-secrets-controller', 'kube-system');
      expect(service.spec.ports[0]).toMatchObject({ name: 'http', port: 8080, targetPort: 'http' });
      expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
      expect(sealedSecrets.service.name).toBe('sealed-secrets-controller');
    });

    test('metrics on port metrics 8081, handed to Prometheus as a MetricsEndpoint', () => {
      const service = findManifest(manifests, 'Service', 'sealed-secrets-controller-metrics', 'kube-system');
      expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'metrics', port: 8081, targetPort: 'metrics' })]);
      expect(sealedSecrets.metricsEndpoints).toEqual([expect.objectContaining({
        job: 'sealed-secrets', namespace: 'kube-system', serviceName: service.metadata.name, portName: 'metrics', port: 8081, selector: service.spec.selector,
      })]);
      expect(container.ports.find((p: any) => p.name === 'metrics').containerPort).toBe(8081);
    });
  });

  test('the network policy lets in kubeseal (any source) on http and the monitoring namespace on metrics, and out only to the API server', () => {
    const policy = findManifest(manifests, 'NetworkPolicy', 'sealed-secrets-controller', 'kube-system');
    expect(policy.spec.podSelector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(policy.spec.ingress).toEqual([
      { ports: [{ protocol: 'TCP', port: 8080 }] },
      { ports: [{ protocol: 'TCP', port: 8081 }], from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] },
    ]);
    expect(policy.spec.egress).toEqual([{ ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] }]);
  });

  test('the mixin handle is the sealed-secrets catalog entry', () => {
    expect(sealedSecrets.mixin).toBe(SEALED_SECRETS_MIXIN);
    expect(sealedSecrets.kubesealFlags).toEqual([]);
  });

  test('PipelinePlatform places it in the secrets chart (kube-system) and exposes it', () => {
    const { platform } = createDefaultApp();
    expect(platform.sealedSecrets.namespace).toBe('kube-system');
    expect(platform.sealedSecrets.node.scope).toBe(platform.secretsChart);
    expect(platform.sealedSecrets.metricsEndpoints[0].serviceName).toBe('sealed-secrets-controller-metrics');
  });

  test('in another namespace, kubeseal needs --controller-namespace', () => {
    const { chart } = testApp('sealed-secrets');
    expect(new SealedSecretsStack(chart, 's').kubesealFlags).toEqual(['--controller-namespace=sealed-secrets']);
  });

  test('every object carries the recommended labels', () => {
    const ours = manifests.filter((m: KubernetesManifest) => m.metadata.labels?.['app.kubernetes.io/name'] === 'sealed-secrets');
    expect(ours.map((m) => m.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'Deployment', 'NetworkPolicy', 'Role', 'Role', 'RoleBinding', 'RoleBinding', 'Service', 'Service', 'ServiceAccount']);
  });
});
