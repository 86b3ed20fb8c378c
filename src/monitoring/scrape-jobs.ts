import { MetricsEndpoint } from '../foundation/metrics-endpoint';

/** A Prometheus `scrape_configs` entry. */
export type ScrapeConfig = Record<string, unknown>;

/** A metrics endpoint with the scrape options only the monitoring stack's own exporters need. */
export interface ScrapeEndpoint extends MetricsEndpoint {
  /**
   * Keep the labels the target reports over the target's own (kube-state-metrics reports the `namespace`
   * and `pod` of the objects it describes). @default false
   */
  readonly honorLabels?: boolean;
  /** Relabelling applied to scraped samples (e.g. drop lists). */
  readonly metricRelabelConfigs?: Array<Record<string, unknown>>;
}

const SERVICE_ACCOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The in-cluster credentials for the API server and kubelets (the pod's mounted service account token). */
export const IN_CLUSTER_AUTH = {
  authorization: { credentials_file: `${SERVICE_ACCOUNT}/token` },
} as const;

/** Labels every target carries besides job and instance: where it runs and which catalog component it is. */
function targetLabels(component: string): Array<Record<string, unknown>> {
  return [
    { target_label: 'component', replacement: component },
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
    { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
  ];
}

/** One job per metrics endpoint: the endpoints of its Service's named port, discovered through EndpointSlices. */
export function endpointJob(endpoint: ScrapeEndpoint, defaultSampleLimit: number): ScrapeConfig {
  return {
    job_name: endpoint.job,
    ...(endpoint.scrapeInterval ? { scrape_interval: endpoint.scrapeInterval } : {}),
    metrics_path: endpoint.path ?? '/metrics',
    scheme: endpoint.scheme ?? 'http',
    ...(endpoint.honorLabels ? { honor_labels: true } : {}),
    sample_limit: endpoint.sampleLimit ?? defaultSampleLimit,
    kubernetes_sd_configs: [{ role: 'endpointslice', namespaces: { names: [endpoint.namespace] } }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_service_name', '__meta_kubernetes_endpointslice_port_name'], action: 'keep', regex: `${escapeRegex(endpoint.serviceName)};${escapeRegex(endpoint.portName)}` },
      ...targetLabels(endpoint.job),
    ],
    ...(endpoint.metricRelabelConfigs?.length ? { metric_relabel_configs: endpoint.metricRelabelConfigs } : {}),
  };
}

/** The `component` label of annotation-discovered targets: the app's recommended name label, else its `app` label. */
function componentFromLabels(kind: 'service' | 'pod'): Array<Record<string, unknown>> {
  return [
    { source_labels: [`__meta_kubernetes_${kind}_label_app`], regex: '(.+)', target_label: 'component' },
    { source_labels: [`__meta_kubernetes_${kind}_label_app_kubernetes_io_name`], regex: '(.+)', target_label: 'component' },
  ];
}

/**
 * Services that opt in with `prometheus.io/scrape: "true"` (and `/port`, `/path`, `/scheme`), except those
 * already scraped by an endpoint job (they would be scraped twice).
 */
export function annotatedServicesJob(alreadyScraped: readonly MetricsEndpoint[], sampleLimit: number): ScrapeConfig {
  return {
    job_name: 'kubernetes-service-endpoints',
    sample_limit: sampleLimit,
    kubernetes_sd_configs: [{ role: 'endpointslice' }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_service_annotation_prometheus_io_scrape'], action: 'keep', regex: 'true' },
      ...(alreadyScraped.length
        ? [{ source_labels: ['__meta_kubernetes_namespace', '__meta_kubernetes_service_name'], action: 'drop', regex: alreadyScraped.map((e) => `${escapeRegex(e.namespace)};${escapeRegex(e.serviceName)}`).join('|') }]
        : []),
      { source_labels: ['__meta_kubernetes_service_annotation_prometheus_io_scheme'], target_label: '__scheme__', regex: '(https?)' },
      { source_labels: ['__meta_kubernetes_service_annotation_prometheus_io_path'], target_label: '__metrics_path__', regex: '(.+)' },
      { source_labels: ['__address__', '__meta_kubernetes_service_annotation_prometheus_io_port'], target_label: '__address__', regex: '(.+?)(?::\\d+)?;(\\d+)', replacement: '$1:$2' },
      // Keep one target per pod and annotated port (EndpointSlices also list the pod's other ports).
      { source_labels: ['__meta_kubernetes_endpointslice_port_name'], action: 'keep', regex: '.+' },
      { source_labels: ['__meta_kubernetes_service_name'], target_label: 'service' },
      ...componentFromLabels('service'),
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
    ],
  };
}

/** Pods that opt in with the `prometheus.io/*` annotations (e.g. Spark drivers or the pipeline's services). */
export function annotatedPodsJob(sampleLimit: number): ScrapeConfig {
  return {
    job_name: 'kubernetes-pods',
    sample_limit: sampleLimit,
    kubernetes_sd_configs: [{ role: 'pod' }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], action: 'keep', regex: 'true' },
      { source_labels: ['__meta_kubernetes_pod_phase'], action: 'drop', regex: 'Pending|Succeeded|Failed|Completed' },
      { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scheme'], target_label: '__scheme__', regex: '(https?)' },
      { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'], target_label: '__metrics_path__', regex: '(.+)' },
      { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_port', '__meta_kubernetes_pod_ip'], target_label: '__address__', regex: '(\\d+);(([A-Fa-f0-9]{1,4}::?){1,7}[A-Fa-f0-9]{1,4})', replacement: '[$2]:$1' },
      { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_port', '__meta_kubernetes_pod_ip'], target_label: '__address__', regex: '(\\d+);((([0-9]+?)(\\.|$)){4})', replacement: '$2:$1' },
      ...componentFromLabels('pod'),
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      { source_labels: ['__meta_kubernetes_pod_node_name'], target_label: 'node' },
    ],
  };
}

/**
 * cAdvisor series that are expensive and unused: per-cgroup series with no pod, filesystem I/O details,
 * container_spec_* (kube-state-metrics has them) and CNI interfaces.
 */
export const CADVISOR_DROP_LIST: Array<Record<string, unknown>> = [
  { source_labels: ['__name__'], action: 'drop', regex: 'container_cpu_(cfs_throttled_seconds_total|load_average_10s|system_seconds_total|user_seconds_total)' },
  { source_labels: ['__name__'], action: 'drop', regex: 'container_fs_(io_current|io_time_seconds_total|io_time_weighted_seconds_total|reads_merged_total|sector_reads_total|sector_writes_total|writes_merged_total)' },
  { source_labels: ['__name__'], action: 'drop', regex: 'container_memory_(mapped_file|swap|failures_total)' },
  { source_labels: ['__name__'], action: 'drop', regex: 'container_(file_descriptors|sockets|tasks_state|threads|threads_max|spec_.*|last_seen|start_time_seconds|blkio_device_usage_total)' },
  { source_labels: ['__name__', 'interface'], action: 'drop', regex: 'container_network_.*;(cali|cilium|cni|lxc|veth|nodelocaldns|tunl).*' },
  { source_labels: ['id', 'pod'], action: 'drop', regex: '.+;' },
];

/** The kubelet series the rules use (volume statistics and pod counts); the rest of its endpoint is dropped. */
export const KUBELET_KEEP_LIST: Array<Record<string, unknown>> = [
  { source_labels: ['__name__'], action: 'keep', regex: 'kubelet_volume_stats_(available|capacity|used)_bytes|kubelet_running_(pods|containers)' },
];

/**
 * The kubelet of every node, scraped directly on its port 10250 (RBAC: nodes/metrics). Kind's kubelets serve
 * self-signed certificates, so the certificate cannot be verified; the bearer token still authenticates.
 */
export function kubeletJob(jobName: 'kubelet' | 'cadvisor', sampleLimit: number): ScrapeConfig {
  return {
    job_name: jobName,
    scheme: 'https',
    metrics_path: jobName === 'cadvisor' ? '/metrics/cadvisor' : '/metrics',
    sample_limit: sampleLimit,
    tls_config: { insecure_skip_verify: true },
    ...IN_CLUSTER_AUTH,
    kubernetes_sd_configs: [{ role: 'node' }],
    relabel_configs: [
      { target_label: 'component', replacement: 'kubelet' },
      { source_labels: ['__meta_kubernetes_node_name'], target_label: 'node' },
    ],
    metric_relabel_configs: jobName === 'cadvisor' ? CADVISOR_DROP_LIST : KUBELET_KEEP_LIST,
  };
}

/** The API server (opt-in: on Kind the other control-plane components listen on 127.0.0.1 only and are not scraped). */
export function apiServerJob(sampleLimit: number): ScrapeConfig {
  return {
    job_name: 'kube-apiserver',
    scheme: 'https',
    sample_limit: sampleLimit,
    tls_config: { ca_file: `${SERVICE_ACCOUNT}/ca.crt` },
    ...IN_CLUSTER_AUTH,
    kubernetes_sd_configs: [{ role: 'endpointslice', namespaces: { names: ['default'] } }],
    relabel_configs: [
      { source_labels: ['__meta_kubernetes_service_name', '__meta_kubernetes_endpointslice_port_name'], action: 'keep', regex: 'kubernetes;https' },
      { target_label: 'component', replacement: 'kube-apiserver' },
    ],
    metric_relabel_configs: [
      { source_labels: ['__name__'], action: 'keep', regex: 'apiserver_request_total|apiserver_current_inflight_requests|apiserver_request_duration_seconds_(sum|count)' },
    ],
  };
}

/** A regex that matches `text` literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
