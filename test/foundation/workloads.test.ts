import { Size } from 'cdk8s';
import { buildContainer } from '../../src/foundation/containers';
import { LABEL_COMPONENT, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF } from '../../src/foundation/labels';
import { buildPodTemplate } from '../../src/foundation/pods';
import { httpProbe } from '../../src/foundation/probes';
import { compute } from '../../src/foundation/resources';
import { createDeployment, createService } from '../../src/foundation/workloads';
import { manifestsOf, testApp } from '../support/test-app';

const identity = { name: 'shop', component: 'api' };

function deployment() {
  const { chart } = testApp();
  const container = buildContainer(chart, {
    name: 'api',
    image: { repository: 'docker.io/library/nginx', tag: '1.27.0' },
    resources: compute(100, 500, 64, 128),
    ports: [{ name: 'http', port: 8080 }],
    probes: { readiness: httpProbe('/ready', 'http'), liveness: httpProbe('/live', 'http') },
  });
  createDeployment(chart, 'api', {
    name: 'shop-api',
    identity,
    template: buildPodTemplate({ identity, serviceAccountName: 'shop-api', automountServiceAccountToken: false, user: { runAsUser: 101, runAsGroup: 101 }, containers: [container] }),
  });
  createService(chart, 'svc', { name: 'shop-api', identity, ports: [{ name: 'http', port: 80 }] });
  return manifestsOf(chart);
}

describe('hardened workloads', () => {
  const [deploy, service] = deployment();

  test('containers are hardened by default', () => {
    const container = deploy.spec.template.spec.containers[0];
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } });
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  test('pods run as the given non-root uid with RuntimeDefault seccomp and no token', () => {
    const pod = deploy.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, fsGroup: 101, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('selectors use the component identity only, so renaming a construct id never changes them', () => {
    expect(deploy.spec.selector.matchLabels).toEqual({ [LABEL_NAME]: 'shop', [LABEL_COMPONENT]: 'api' });
    expect(service.spec.selector).toEqual({ [LABEL_NAME]: 'shop', [LABEL_COMPONENT]: 'api' });
    expect(deploy.metadata.name).toBe('shop-api');
  });

  test('objects and pod templates carry the four recommended labels', () => {
    for (const labels of [deploy.metadata.labels, deploy.spec.template.metadata.labels, service.metadata.labels]) {
      expect(labels).toMatchObject({ [LABEL_NAME]: 'shop', [LABEL_COMPONENT]: 'api', [LABEL_PART_OF]: 'pipeline-ops', [LABEL_MANAGED_BY]: 'cdk8s' });
    }
  });

  test('Size props reach the manifest as whole binary units', () => {
    const { chart } = testApp();
    const container = buildContainer(chart, {
      name: 'c', image: { repository: 'r', tag: '1' },
      resources: { cpu: { requestMillis: 1000, limitMillis: 1000 }, memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) } },
    });
    expect(container.resources?.limits?.memory?.value).toBe('2Gi');
    expect(container.resources?.requests?.cpu?.value).toBe('1');
  });
});
