import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { ClusterChart } from '../../src/foundation/cluster-chart';
import { KubernetesManifest, synthesizedObjects } from '../../src/foundation/manifests';
import { NamespaceChart } from '../../src/foundation/namespace-chart';
import { PodSecurityLevel } from '../../src/foundation/pod-security';

/** A minimal app for construct tests: a cluster chart and one namespace chart `team`. */
export function testApp(namespace = 'team'): { app: App; cluster: ClusterChart; chart: NamespaceChart } {
  const app = new App({ outdir: path.join(os.tmpdir(), 'pipeline-ops-test-unused') });
  const cluster = new ClusterChart(app, 'cluster');
  const chart = new NamespaceChart(app, namespace, { namespace, podSecurity: PodSecurityLevel.RESTRICTED, podSecurityReason: 'test' });
  return { app, cluster, chart };
}

/** Every manifest under `root`, as synth renders it. */
export function manifestsOf(root: App | NamespaceChart | ClusterChart): KubernetesManifest[] {
  return synthesizedObjects(root).map((o) => o.manifest);
}
