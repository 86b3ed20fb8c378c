import { IConstruct } from 'constructs';
import { requireThat } from '../foundation/errors';
import { validateDnsLabel } from '../foundation/names';
import { validatePort } from '../foundation/ports';
import { escapeRegex, ScrapeConfig } from './scrape-jobs';

/** Pods found through the Kubernetes API: a namespace and the labels its pods carry. */
export interface PodDiscovery {
  readonly namespace: string;
  /** Labels every pod of the component carries (all must match). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The container port that serves metrics. */
  readonly port: number;
}

/**
 * A pipeline component that runs outside this platform's charts (another namespace or another network) and is
 * scraped where it lives. Exactly one of `pods` or `staticAddresses` says where.
 */
export interface ExternalTarget {
  /** The catalog component, also the `job` label (e.g. `clickhouse`, `spark`). */
  readonly component: string;
  /** Discover the pods of the component. */
  readonly pods?: PodDiscovery;
  /** Or scrape fixed `host:port` addresses. */
  readonly staticAddresses?: readonly string[];
  /** @default '/metrics' */
  readonly path?: string;
  /** @default 'http' */
  readonly scheme?: 'http' | 'https';
  /** @default the stack's sample limit */
  readonly sampleLimit?: number;
  /** @default the global scrape interval */
  readonly scrapeInterval?: string;
}

const ADDRESS = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** Checks an external target; fails synth with the component and what to change. */
export function validateExternalTarget(scope: IConstruct, target: ExternalTarget): void {
  validateDnsLabel(scope, target.component, 'external target component');
  const hasPods = target.pods !== undefined;
  const hasStatic = (target.staticAddresses?.length ?? 0) > 0;
  requireThat(scope, hasPods !== hasStatic, target.component, 'is an external target that needs exactly one of pods or staticAddresses',
    'give pods: { namespace, podLabels, port } to discover it, or staticAddresses: ["host:9363"] to scrape fixed addresses');
  if (target.pods) {
    validateDnsLabel(scope, target.pods.namespace, `namespace of external target "${target.component}"`);
    validatePort(scope, target.pods.port, `metrics port of external target "${target.component}"`);
    requireThat(scope, Object.keys(target.pods.podLabels).length > 0, target.component, 'is an external target discovered by pods without podLabels (it would scrape every pod of the namespace)',
      'give the labels its pods carry, e.g. { "app.kubernetes.io/name": "clickhouse" }');
  }
  for (const address of target.staticAddresses ?? []) {
    requireThat(scope, ADDRESS.test(address), address, `is not a host:port address of external target "${target.component}"`, 'write it like clickhouse.example.org:9363');
  }
  requireThat(scope, target.path === undefined || target.path.startsWith('/'), target.path, `is not an absolute metrics path of external target "${target.component}"`, 'start it with /, e.g. /metrics');
}

/** Prometheus' name for a Kubernetes label in discovery meta labels. */
function metaLabelName(label: string): string {
  return label.replace(/[^a-zA-Z0-9_]/g, '_');
}

/** The scrape job of an external target. */
export function externalTargetJob(target: ExternalTarget, defaultSampleLimit: number): ScrapeConfig {
  const common = {
    job_name: target.component,
    ...(target.scrapeInterval ? { scrape_interval: target.scrapeInterval } : {}),
    metrics_path: target.path ?? '/metrics',
    scheme: target.scheme ?? 'http',
    sample_limit: target.sampleLimit ?? defaultSampleLimit,
  };
  if (target.staticAddresses?.length) {
    return { ...common, static_configs: [{ targets: [...target.staticAddresses], labels: { component: target.component } }] };
  }
  const pods = target.pods!;
  const labels = Object.entries(pods.podLabels);
  return {
    ...common,
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [pods.namespace] } }],
    relabel_configs: [
      {
        source_labels: labels.map(([name]) => `__meta_kubernetes_pod_label_${metaLabelName(name)}`),
        action: 'keep',
        regex: labels.map(([, value]) => escapeRegex(value)).join(';'),
      },
      { source_labels: ['__meta_kubernetes_pod_phase'], action: 'drop', regex: 'Pending|Succeeded|Failed|Completed' },
      // One target per pod, on the metrics port (pod discovery yields one target per declared container port).
      { source_labels: ['__meta_kubernetes_pod_ip'], target_label: '__address__', regex: '(.+)', replacement: `$1:${pods.port}` },
      { target_label: 'component', replacement: target.component },
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
    ],
  };
}
