import { checkPolicies, describeFindings } from '../../src/policy/check-policies';
import { POLICY_EXCEPTIONS } from '../../src/policy/exceptions';
import { POLICY_RULES } from '../../src/policy/rules';
import { synthDefaultApp } from '../support/default-app';
import { KubernetesManifest } from '../../src/foundation/manifests';

describe('policy rules over every object of the default app', () => {
  const { manifests } = synthDefaultApp();
  const result = checkPolicies(manifests);

  test('no object breaks a rule without a justified exception', () => {
    expect(describeFindings(result.violations)).toBe('');
  });

  test('every exception still matches something (none outlives its reason)', () => {
    expect(result.unusedExceptions).toEqual([]);
  });

  test('every exception gives a reason', () => {
    for (const exception of POLICY_EXCEPTIONS) {
      expect(exception.reason.length).toBeGreaterThan(30);
    }
  });
});

/** A workload that breaks every rule at once, to prove each rule can fail. */
const offender: KubernetesManifest = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'offender' },
  spec: {
    template: {
      metadata: {},
      spec: {
        hostNetwork: true,
        automountServiceAccountToken: true,
        serviceAccountName: 'unbound',
        volumes: [{ name: 'host', hostPath: { path: '/var/log' } }],
        containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] } }, volumeMounts: [{ name: 'host', mountPath: '/host' }] }],
      },
    },
  },
};
const plaintextSecret: KubernetesManifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'x' }, stringData: { password: 'p' } };
const namespacedClusterRole: KubernetesManifest = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r', namespace: 'x' } };

describe.each(POLICY_RULES.map((rule) => [rule.id, rule] as const))('rule %s', (id) => {
  test('reports a finding on an offending manifest', () => {
    const { violations } = checkPolicies([offender, plaintextSecret, namespacedClusterRole], []);
    expect(violations.filter((v) => v.rule === id).length).toBeGreaterThan(0);
  });
});
