import { THRESHOLDS } from '../catalog/thresholds';
import { defineDashboard, DashboardDefinition, FOLDERS } from './dashboard';
import { timeseries } from './panels';

/** Nodes, containers against their limits, volumes and Prometheus itself. */
export function platformResources(): DashboardDefinition {
  const busy = { value: THRESHOLDS.resourceUtilizationRatio, bad: 'above' as const };
  const free = { value: THRESHOLDS.diskFreeRatio, bad: 'below' as const };
  return defineDashboard({
    uid: 'platform-resources',
    title: 'Platform Resources',
    description: 'CPU, memory and disk of the Kind nodes, containers against their limits, volume usage and the monitoring stack\'s own load.',
    folder: FOLDERS.platform,
    tags: ['resources', 'capacity'],
    rows: [
      {
        title: 'Nodes',
        panels: [
          timeseries('CPU utilisation', [{ expr: 'instance:node_cpu_utilisation:rate5m', legend: '{{node}}' }], { unit: 'percentunit', threshold: busy, min: 0, max: 1, span: 8 }),
          timeseries('Memory utilisation', [{ expr: 'instance:node_memory_utilisation:ratio', legend: '{{node}}' }], { unit: 'percentunit', threshold: busy, min: 0, max: 1, span: 8 }),
          timeseries('Filesystem free', [{ expr: 'instance_mountpoint:node_filesystem_avail:ratio', legend: '{{node}} {{mountpoint}}' }], { unit: 'percentunit', threshold: free, min: 0, max: 1, span: 8 }),
        ],
      },
      {
        title: 'Containers',
        panels: [
          timeseries('CPU against limit (top 10)', [{ expr: 'topk(10, namespace_pod_container:container_cpu_usage_seconds:rate5m / on (namespace, pod, container) kube_pod_container_resource_limits{resource="cpu"})', legend: '{{namespace}}/{{pod}} {{container}}' }], { unit: 'percentunit', threshold: busy }),
          timeseries('Memory against limit (top 10)', [{ expr: 'topk(10, namespace_pod_container:container_memory_working_set_bytes:max / on (namespace, pod, container) kube_pod_container_resource_limits{resource="memory"})', legend: '{{namespace}}/{{pod}} {{container}}' }], { unit: 'percentunit', threshold: busy }),
          timeseries('Restarts in the last hour (top 10)', [{ expr: 'topk(10, increase(kube_pod_container_status_restarts_total[1h]) > 0)', legend: '{{namespace}}/{{pod}} {{container}}' }]),
          timeseries('Volume free', [{ expr: 'kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes', legend: '{{namespace}}/{{persistentvolumeclaim}}' }], { unit: 'percentunit', threshold: free, min: 0, max: 1 }),
        ],
      },
      {
        title: 'Prometheus',
        panels: [
          timeseries('TSDB size on disk', [{ expr: 'prometheus_tsdb_storage_blocks_bytes', legend: '{{pod}}' }], { unit: 'bytes', span: 8 }),
          timeseries('Series in the head block', [{ expr: 'prometheus_tsdb_head_series', legend: '{{pod}}' }], { span: 8 }),
          timeseries('Samples per scrape (top 10 targets)', [{ expr: 'topk(10, scrape_samples_post_metric_relabeling)', legend: '{{job}} {{instance}}' }], { span: 8 }),
        ],
      },
    ],
  });
}
