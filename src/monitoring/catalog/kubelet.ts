import { metric, percent, Signal, SIGNAL_LABEL } from './conventions';
import { KUBERNETES_COMPONENT } from './kube-state-metrics';
import { THRESHOLDS } from './thresholds';
import { ComponentMixin, MetricType, Severity } from './types';

const KUBELET = 'kubelet';
const ksm = 'job="kube-state-metrics", instance="10.244.1.7:8080", component="kube-state-metrics"';
const cadvisor = 'job="cadvisor", instance="172.18.0.3:10250", component="kubelet", node="pipeline-ops-worker"';

/**
 * Container usage (cAdvisor, served by each kubelet) and volume usage (kubelet). Limits come from
 * kube-state-metrics. Kind's local-path volumes are host directories, which the kubelet reports no
 * volume statistics for: on Kind the node filesystem alerts cover them.
 */
export const KUBELET_MIXIN: ComponentMixin = {
  component: KUBELET,
  metrics: [
    metric('container_cpu_usage_seconds_total', MetricType.COUNTER, KUBELET, 'CPU time the container used', ['namespace', 'pod', 'container']),
    metric('container_memory_working_set_bytes', MetricType.GAUGE, KUBELET, 'Memory the container uses that the kernel cannot reclaim (what the OOM killer looks at)', ['namespace', 'pod', 'container']),
    metric('kubelet_volume_stats_available_bytes', MetricType.GAUGE, KUBELET, 'Free bytes on the volume', ['namespace', 'persistentvolumeclaim']),
    metric('kubelet_volume_stats_capacity_bytes', MetricType.GAUGE, KUBELET, 'Size of the volume', ['namespace', 'persistentvolumeclaim']),
    metric('kubelet_volume_stats_used_bytes', MetricType.GAUGE, KUBELET, 'Used bytes on the volume', ['namespace', 'persistentvolumeclaim']),
  ],
  recordingRules: [
    {
      record: 'namespace_pod_container:container_cpu_usage_seconds:rate5m',
      expr: 'sum by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!="", container!="POD"}[5m]))',
    },
    {
      record: 'namespace_pod_container:container_memory_working_set_bytes:max',
      expr: 'max by (namespace, pod, container) (container_memory_working_set_bytes{container!="", container!="POD"})',
    },
  ],
  alerts: [
    {
      alert: 'ContainerCpuHigh',
      expr: `namespace_pod_container:container_cpu_usage_seconds:rate5m / on (namespace, pod, container) kube_pod_container_resource_limits{resource="cpu"} > ${THRESHOLDS.resourceUtilizationRatio}`,
      for: '15m',
      severity: Severity.WARNING,
      component: KUBERNETES_COMPONENT,
      labels: { [SIGNAL_LABEL]: Signal.SATURATION },
      summary: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its CPU limit',
      description: `Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} has used more than ${percent(THRESHOLDS.resourceUtilizationRatio)} of its CPU limit for 15 minutes and is being throttled or close to it.`,
      runbook: 'container-cpu-memory-high.md',
      tests: [
        {
          description: '0.9 cores against a 1-core limit for more than 15 minutes',
          series: [
            { series: `container_cpu_usage_seconds_total{${cadvisor}, namespace="airflow", pod="airflow-scheduler-0", container="scheduler"}`, values: '0+54x30' },
            { series: `kube_pod_container_resource_limits{${ksm}, namespace="airflow", pod="airflow-scheduler-0", container="scheduler", node="pipeline-ops-worker", resource="cpu", unit="core"}`, values: '1x30' },
          ],
          // The 5-minute rate of a counter starting at 0 reaches 0.9 at 5m; firing from 20m on.
          evalTime: '25m', fires: true, value: 0.9,
          labels: { namespace: 'airflow', pod: 'airflow-scheduler-0', container: 'scheduler' },
        },
        {
          description: '0.7 cores against a 1-core limit',
          series: [
            { series: `container_cpu_usage_seconds_total{${cadvisor}, namespace="airflow", pod="airflow-scheduler-0", container="scheduler"}`, values: '0+42x30' },
            { series: `kube_pod_container_resource_limits{${ksm}, namespace="airflow", pod="airflow-scheduler-0", container="scheduler", node="pipeline-ops-worker", resource="cpu", unit="core"}`, values: '1x30' },
          ],
          evalTime: '25m', fires: false,
        },
        {
          // Exactly 0.8 would come out of rate()'s extrapolation, which float arithmetic need not land on 0.8
          // exactly: the boundary case is the nearest whole percent on the healthy side instead.
          description: '0.79 cores against a 1-core limit, just below the threshold',
          series: [
            { series: `container_cpu_usage_seconds_total{${cadvisor}, namespace="airflow", pod="airflow-scheduler-0", container="scheduler"}`, values: '0+47.4x30' },
            { series: `kube_pod_container_resource_limits{${ksm}, namespace="airflow", pod="airflow-scheduler-0", container="scheduler", node="pipeline-ops-worker", resource="cpu", unit="core"}`, values: '1x30' },
          ],
          evalTime: '25m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'ContainerMemoryHigh',
      expr: `namespace_pod_container:container_memory_working_set_bytes:max / on (namespace, pod, container) kube_pod_container_resource_limits{resource="memory"} > ${THRESHOLDS.resourceUtilizationRatio}`,
      for: '15m',
      severity: Severity.WARNING,
      component: KUBERNETES_COMPONENT,
      labels: { [SIGNAL_LABEL]: Signal.SATURATION },
      summary: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory limit',
      description: `Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} has used more than ${percent(THRESHOLDS.resourceUtilizationRatio)} of its memory limit for 15 minutes; it is killed when it reaches the limit.`,
      runbook: 'container-cpu-memory-high.md',
      tests: [
        {
          description: '900 MB against a 1000 MB limit for more than 15 minutes',
          series: [
            { series: `container_memory_working_set_bytes{${cadvisor}, namespace="monitoring", pod="prometheus-0", container="prometheus"}`, values: '900000000x20' },
            { series: `kube_pod_container_resource_limits{${ksm}, namespace="monitoring", pod="prometheus-0", container="prometheus", node="pipeline-ops-worker", resource="memory", unit="byte"}`, values: '1000000000x20' },
          ],
          evalTime: '16m', fires: true, value: 0.9,
          labels: { namespace: 'monitoring', pod: 'prometheus-0', container: 'prometheus' },
        },
        {
          description: '800 MB against a 1000 MB limit (at the threshold, not above)',
          series: [
            { series: `container_memory_working_set_bytes{${cadvisor}, namespace="monitoring", pod="prometheus-0", container="prometheus"}`, values: '800000000x20' },
            { series: `kube_pod_container_resource_limits{${ksm}, namespace="monitoring", pod="prometheus-0", container="prometheus", node="pipeline-ops-worker", resource="memory", unit="byte"}`, values: '1000000000x20' },
          ],
          // 800000000 / 1000000000 rounds to the same double as the literal 0.8: exactly at the threshold.
          evalTime: '16m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'PersistentVolumeFillingUp',
      expr: `kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < ${THRESHOLDS.diskFreeRatio}`,
      for: '5m',
      severity: Severity.WARNING,
      component: KUBERNETES_COMPONENT,
      labels: { [SIGNAL_LABEL]: Signal.SATURATION },
      summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} has {{ $value | humanizePercentage }} free',
      description: `The volume of claim {{ $labels.persistentvolumeclaim }} in {{ $labels.namespace }} has had less than ${percent(THRESHOLDS.diskFreeRatio)} free for 5 minutes.`,
      runbook: 'persistent-volume-filling-up.md',
      tests: [
        {
          description: '15% free for more than 5 minutes',
          series: [
            { series: `kubelet_volume_stats_available_bytes{job="kubelet", instance="172.18.0.3:10250", component="kubelet", node="pipeline-ops-worker", namespace="logging", persistentvolumeclaim="data-elasticsearch-0"}`, values: '15x10' },
            { series: `kubelet_volume_stats_capacity_bytes{job="kubelet", instance="172.18.0.3:10250", component="kubelet", node="pipeline-ops-worker", namespace="logging", persistentvolumeclaim="data-elasticsearch-0"}`, values: '100x10' },
          ],
          evalTime: '6m', fires: true, value: 0.15,
          labels: { job: 'kubelet', instance: '172.18.0.3:10250', node: 'pipeline-ops-worker', namespace: 'logging', persistentvolumeclaim: 'data-elasticsearch-0' },
        },
        {
          description: '25% free',
          series: [
            { series: `kubelet_volume_stats_available_bytes{job="kubelet", instance="172.18.0.3:10250", component="kubelet", node="pipeline-ops-worker", namespace="logging", persistentvolumeclaim="data-elasticsearch-0"}`, values: '25x10' },
            { series: `kubelet_volume_stats_capacity_bytes{job="kubelet", instance="172.18.0.3:10250", component="kubelet", node="pipeline-ops-worker", namespace="logging", persistentvolumeclaim="data-elasticsearch-0"}`, values: '100x10' },
          ],
          evalTime: '6m', fires: false,
        },
        {
          // 20 / 100 rounds to the same double as the literal 0.2, so "exactly at the threshold" is exact.
          description: '20% free, exactly at the threshold (the comparison is strict)',
          series: [
            { series: `kubelet_volume_stats_available_bytes{job="kubelet", instance="172.18.0.3:10250", component="kubelet", node="pipeline-ops-worker", namespace="logging", persistentvolumeclaim="data-elasticsearch-0"}`, values: `${Math.round(THRESHOLDS.diskFreeRatio * 100)}x10` },
            { series: `kubelet_volume_stats_capacity_bytes{job="kubelet", instance="172.18.0.3:10250", component="kubelet", node="pipeline-ops-worker", namespace="logging", persistentvolumeclaim="data-elasticsearch-0"}`, values: '100x10' },
          ],
          evalTime: '6m', fires: false, boundary: true,
        },
      ],
    },
  ],
};
