import { App, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { createDefaultApp } from '../../src/default-app';
import { CapacityBudget } from '../../src/foundation/capacity/capacity-budget';
import { ClusterChart } from '../../src/foundation/cluster-chart';
import { buildContainer } from '../../src/foundation/containers';
import { KindCluster } from '../../src/foundation/kind/kind-cluster';
import { NamespaceChart } from '../../src/foundation/namespace-chart';
import { PersistentVolume } from '../../src/foundation/persistent-volumes';
import { PodSecurityLevel } from '../../src/foundation/pod-security';
import { WorkloadServiceAccount } from '../../src/foundation/rbac';
import { compute } from '../../src/foundation/resources';
import { createCronJob, createService } from '../../src/foundation/workloads';
import { UniqueObjectNames } from '../../src/foundation/unique-object-names';
import { PlatformApp } from '../../src/foundation/platform-app';
import { testApp } from '../support/test-app';

const image = { repository: 'docker.io/library/busybox', tag: '1.36.1' };
const identity = { name: 'shop', component: 'api' };

/** A deployment whose only container has the given resources, in chart `team`. */
function deploymentWith(scope: Construct, resources: ReturnType<typeof compute>) {
  new kplus.k8s.KubeDeployment(scope, 'big', {
    metadata: { name: 'big' },
    spec: {
      selector: { matchLabels: { app: 'big' } },
      template: { metadata: { labels: { app: 'big' } }, spec: { containers: [buildContainer(scope, { name: 'big', image, resources })] } },
    },
  });
}

describe('bad input fails at synth with the construct path, the value and the fix', () => {
  test('a zero-sized volume', () => {
    const { chart } = testApp();
    expect(() => new PersistentVolume(chart, 'data', { name: 'data', identity, size: Size.gibibytes(0) }))
      .toThrow('team/data: "0Mi" is not a positive size for volume claim "data"; use a positive size such as Size.gibibytes(2)');
  });

  test('a negative size is refused by cdk8s itself, before it reaches a construct', () => {
    expect(() => Size.gibibytes(-1)).toThrow(/negative/);
  });

  test('a zero CPU request', () => {
    const { chart } = testApp();
    expect(() => buildContainer(chart, { name: 'api', image, resources: compute(0, 500, 64, 128) }))
      .toThrow('team: 0 is not a positive whole CPU request (millicores) for container "api"; use a positive integer such as 250');
  });

  test('a negative CPU request and a negative memory limit', () => {
    const { chart } = testApp();
    expect(() => buildContainer(chart, { name: 'api', image, resources: compute(-100, 500, 64, 128) }))
      .toThrow('team: -100 is not a positive whole CPU request (millicores) for container "api"; use a positive integer such as 250');
    // Memory is a cdk8s Size, which refuses a negative amount itself, before any construct sees it.
    expect(() => compute(100, 500, 64, -128)).toThrow('Storage amounts cannot be negative. Received: -128');
  });

  test('a negative number of CPU cores or worker nodes in the capacity budget', () => {
    expect(() => new CapacityBudget(new App(), 'capacity', { cpuCores: -4 }))
      .toThrow('capacity: -4 is not a positive number of CPU cores; set cpuCores to what Docker gives the Kind VM, e.g. 4');
    expect(() => new CapacityBudget(new App(), 'capacity', { workerNodes: -1 }))
      .toThrow('capacity: -1 is not a valid number of worker nodes; use a whole number ≥ 0');
  });

  test('a request above its limit', () => {
    const { chart } = testApp();
    expect(() => buildContainer(chart, { name: 'api', image, resources: compute(100, 500, 256, 128) }))
      .toThrow('team: "256Mi > 128Mi" is a memory request above its limit for container "api"; lower the request or raise the limit');
  });

  test('a malformed Kubernetes name', () => {
    const { chart } = testApp();
    expect(() => new WorkloadServiceAccount(chart, 'sa', { name: 'Shop_API', identity }))
      .toThrow('team/sa: "Shop_API" is not a valid Kubernetes object name (an RFC 1123 subdomain: at most 253 characters of a-z, 0-9, \'-\' and \'.\', each part starting and ending with a letter or digit); rename it, e.g. "shop-api"');
  });

  test('a malformed namespace name', () => {
    const app = new App();
    new ClusterChart(app, 'cluster');
    expect(() => new NamespaceChart(app, 'ns', { namespace: 'Team.One', podSecurity: PodSecurityLevel.RESTRICTED, podSecurityReason: 'test' }))
      .toThrow('cluster/namespaces: "Team.One" is not a valid namespace name');
  });

  test('a container port out of range', () => {
    const { chart } = testApp();
    expect(() => buildContainer(chart, { name: 'api', image, resources: compute(100, 500, 64, 128), ports: [{ name: 'http', port: 70000 }] }))
      .toThrow('team: 70000 is not a valid port for port "http" of container "api" (1–65535); choose a port between 1 and 65535');
  });

  test('a Service port out of range', () => {
    const { chart } = testApp();
    expect(() => createService(chart, 'svc', { name: 'api', identity, ports: [{ name: 'http', port: 0 }] }))
      .toThrow('team: 0 is not a valid port for Service port "http" (1–65535)');
  });

  test('a nodePort outside the NodePort range', () => {
    const { chart } = testApp();
    expect(() => createService(chart, 'svc', { name: 'api', identity, type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 8080 }] }))
      .toThrow('team: 8080 is outside the NodePort range 30000–32767 for Service port "http"; choose a nodePort between 30000 and 32767');
  });

  test('a nodePort on a ClusterIP Service', () => {
    const { chart } = testApp();
    expect(() => createService(chart, 'svc', { name: 'api', identity, ports: [{ name: 'http', port: 80, nodePort: 30001 }] }))
      .toThrow("team: 30001 is a nodePort on Service port \"http\" of a ClusterIP Service; set type: 'NodePort' or remove the nodePort");
  });

  test('a duplicate object name', () => {
    const { app, chart } = testApp();
    new UniqueObjectNames(app, 'unique');
    new WorkloadServiceAccount(chart, 'first', { name: 'api', identity });
    new WorkloadServiceAccount(chart, 'second', { name: 'api', identity });
    expect(() => app.synthYaml()).toThrow('team/second/Resource: "api" is already the name of core/ServiceAccount team/api from team/first/Resource; '
      + 'two objects with one name overwrite each other in the cluster — give one of them another name');
  });

  test('the same namespace declared twice', () => {
    const { app } = testApp('team');
    expect(() => new NamespaceChart(app, 'team-again', { namespace: 'team', podSecurity: PodSecurityLevel.RESTRICTED, podSecurityReason: 'test' }))
      .toThrow('cluster/namespaces/team: "team" is declared twice as a namespace; give each NamespaceChart its own namespace');
  });

  test('cluster-scoped objects without a cluster chart', () => {
    const app = new App();
    expect(() => new NamespaceChart(app, 'team', { namespace: 'team', podSecurity: PodSecurityLevel.RESTRICTED, podSecurityReason: 'test' }))
      .toThrow("team: \"ClusterChart\" is missing from the app, but this construct declares cluster-scoped objects (Namespaces, ClusterRoles, CRDs); create one first: new ClusterChart(app, 'cluster')");
  });

  test('a wildcard in a role', () => {
    const { chart } = testApp();
    const account = new WorkloadServiceAccount(chart, 'sa', { name: 'api', identity });
    expect(() => account.grantInNamespace('grant', { roleName: 'api', identity, rules: [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }] }))
      .toThrow('team/sa/grant: "*" is a wildcard in resources; name each API group, resource and verb explicitly (least privilege)');
  });

  test('a verb that escalates privileges', () => {
    const { chart } = testApp();
    const account = new WorkloadServiceAccount(chart, 'sa', { name: 'api', identity });
    expect(() => account.grantClusterWide('grant', { roleName: 'api', identity, rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['escalate' as any] }] }))
      .toThrow(/"escalate" is not a verb a platform role may grant; use one of get, list, watch/);
  });

  test('a malformed cron schedule', () => {
    const { chart } = testApp();
    expect(() => createCronJob(chart, 'job', { name: 'cleanup', identity, schedule: '@every 5m', template: {} }))
      .toThrow('team: "@every 5m" is not a five-field cron schedule; write it as "minute hour day-of-month month day-of-week", e.g. "*/15 * * * *"');
  });

  test('a host port mapped twice in the Kind cluster', () => {
    const { app, chart } = testApp();
    const kind = new KindCluster(app, 'kind');
    const service = createService(chart, 'svc', { name: 'ui', identity, type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30001 }] });
    kind.addHostPortMapping({ name: 'ui', healthPath: '/', hostPort: 8080, service, portName: 'http' });
    expect(() => kind.addHostPortMapping({ name: 'ui2', healthPath: '/', hostPort: 8080, service, portName: 'http' }))
      .toThrow('kind: 8080 is mapped twice (ui and ui); give each UI its own host port');
  });

  test('a host port mapped to a Service port without a nodePort', () => {
    const { app, chart } = testApp();
    const kind = new KindCluster(app, 'kind');
    const service = createService(chart, 'svc', { name: 'ui', identity, ports: [{ name: 'http', port: 80 }] });
    kind.addHostPortMapping({ name: 'ui', healthPath: '/', hostPort: 8080, service, portName: 'http' });
    expect(() => kind.toConfig()).toThrow('team/svc: "http" is not a port with a nodePort on Service "ui"; expose the UI through a NodePort Service port with an explicit nodePort');
  });

  test('a capacity budget that leaves nothing for the platform', () => {
    const app = new App();
    expect(() => new CapacityBudget(app, 'capacity', { memory: Size.gibibytes(2) }))
      .toThrow('capacity: "2 GiB / 4000m" leaves nothing for the platform after the control plane, system pods and task headroom; raise memory/cpuCores or lower the reservations');
  });

  test('a limit overcommit below 1', () => {
    const app = new App();
    expect(() => new CapacityBudget(app, 'capacity', { limitOvercommit: { cpu: 0.5, memory: 2 } }))
      .toThrow('capacity: "cpu 0.5, memory 2" is a limit overcommit below 1; use factors ≥ 1 (1 means limits must fit allocatable)');
  });

  describe('capacity budget', () => {
    function appWith(build: (chart: NamespaceChart) => void) {
      const { app } = createDefaultApp();
      const chart = new NamespaceChart(app, 'extra', { namespace: 'extra', podSecurity: PodSecurityLevel.RESTRICTED, podSecurityReason: 'test' });
      build(chart);
      return app as PlatformApp;
    }

    test('requests over the budget fail synth with the per-component table', () => {
      const app = appWith((chart) => deploymentWith(chart, compute(100, 200, 12 * 1024, 12 * 1024)));
      expect(() => app.validateAll()).toThrow(/\[capacity\] the platform does not fit the cluster's capacity budget:[\s\S]*NAMESPACE\s+COMPONENT[\s\S]*extra\s+\?\/\?\s+Deployment\/big[\s\S]*memory requests of long-running pods \d+\.\d\dGi exceed \d+\.\d\dGi; largest: extra\/big \(Deployment\/big: 12\.00Gi\), [^;]+; lower the requests of the largest components/);
    });

    test('limits over the allowed overcommit fail synth', () => {
      const app = appWith((chart) => deploymentWith(chart, compute(100, 200, 64, 40 * 1024)));
      expect(() => app.validateAll()).toThrow(/memory limits of long-running pods \d+\.\d\dGi exceed \d+\.\d\dGi; largest: extra\/big \(Deployment\/big: 40\.00Gi\), [^;]+; lower the limits of the largest components or raise ClusterCapacity limitOvercommit.memory/);
    });

    test('a container without requests or limits fails synth', () => {
      const app = appWith((chart) => {
        new kplus.k8s.KubeDeployment(chart, 'bare', {
          metadata: { name: 'bare' },
          spec: { selector: { matchLabels: { app: 'bare' } }, template: { metadata: { labels: { app: 'bare' } }, spec: { containers: [{ name: 'bare', image: 'busybox:1.36.1' }] } } },
        });
      });
      expect(() => app.validateAll()).toThrow('extra/bare: container "bare" of Deployment/bare has no requests.cpu, requests.memory, limits.cpu, limits.memory; '
        + 'every container needs CPU and memory requests and limits so the budget can hold — set them in its resources prop');
    });

    test('a volume larger than the cluster\'s storage fails synth', () => {
      const app = appWith((chart) => new PersistentVolume(chart, 'huge', { name: 'huge', identity, size: Size.gibibytes(100) }));
      expect(() => app.validateAll()).toThrow('extra/huge/Resource: volume claim huge asks for 100Gi, more than the cluster\'s whole storage budget of 60Gi; '
        + 'lower the size prop of that volume or raise ClusterCapacity storage');
    });
  });
});
