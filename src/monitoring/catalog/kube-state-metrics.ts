import { metric } from './conventions';
import { ComponentMixin, MetricType, Severity } from './types';

const KSM = 'kube-state-metrics';
/** Kubernetes object alerts name the cluster as their component (the object's own app is in its labels). */
export const KUBERNETES_COMPONENT = 'kubernetes';
const target = 'job="kube-state-metrics", instance="10.244.1.7:8080", component="kube-state-metrics"';

/**
 * Kubernetes object state from kube-state-metrics (scraped with honor_labels, so `namespace` is the
 * object's namespace).
 */
export const KUBE_STATE_METRICS_MIXIN: ComponentMixin = {
  component: KSM,
  metrics: [
    metric('kube_pod_container_status_waiting_reason', MetricType.GAUGE, KSM, '1 while the container waits for the reason given', ['namespace', 'pod', 'container', 'reason']),
    metric('kube_pod_container_status_restarts_total', MetricType.COUNTER, KSM, 'Container restarts', ['namespace', 'pod', 'container']),
    metric('kube_pod_container_resource_limits', MetricType.GAUGE, KSM, 'Container limits (cores, bytes)', ['namespace', 'pod', 'container', 'node', 'resource', 'unit']),
    metric('kube_pod_container_resource_requests', MetricType.GAUGE, KSM, 'Container requests (cores, bytes)', ['namespace', 'pod', 'container', 'node', 'resource', 'unit']),
    metric('kube_pod_status_phase', MetricType.GAUGE, KSM, '1 for the pod\'s current phase', ['namespace', 'pod', 'phase']),
    metric('kube_deployment_spec_replicas', MetricType.GAUGE, KSM, 'Desired replicas of the Deployment', ['namespace', 'deployment']),
    metric('kube_deployment_status_replicas_available', MetricType.GAUGE, KSM, 'Available replicas of the Deployment', ['namespace', 'deployment']),
    metric('kube_statefulset_replicas', MetricType.GAUGE, KSM, 'Desired replicas of the StatefulSet', ['namespace', 'statefulset']),
    metric('kube_statefulset_status_replicas_ready', MetricType.GAUGE, KSM, 'Ready replicas of the StatefulSet', ['namespace', 'statefulset']),
    metric('kube_daemonset_status_desired_number_scheduled', MetricType.GAUGE, KSM, 'Nodes that should run the DaemonSet\'s pod', ['namespace', 'daemonset']),
    metric('kube_daemonset_status_number_available', MetricType.GAUGE, KSM, 'Nodes whose DaemonSet pod is available', ['namespace', 'daemonset']),
    metric('kube_persistentvolumeclaim_status_phase', MetricType.GAUGE, KSM, '1 for the claim\'s current phase', ['namespace', 'persistentvolumeclaim', 'phase']),
    metric('kube_node_status_condition', MetricType.GAUGE, KSM, '1 for the status of each node condition', ['node', 'condition', 'status']),
    metric('kube_job_failed', MetricType.GAUGE, KSM, 'The Job\'s Failed condition', ['namespace', 'job_name', 'condition']),
  ],
  recordingRules: [],
  alerts: [
    {
      alert: 'PodCrashLooping',
      expr: 'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1',
      for: '15m',
      severity: Severity.WARNING,
      component: KUBERNETES_COMPONENT,
      summary: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} is crash-looping',
      description: 'Container {{ $labels.container }} of pod {{ $labels.namespace }}/{{ $labels.pod }} has been in CrashLoopBackOff for 15 minutes.',
      runbook: 'pod-crash-looping.md',
      tests: [
        {
          description: 'in CrashLoopBackOff for more than 15 minutes',
          series: [{ series: `kube_pod_container_status_waiting_reason{${target}, namespace="airflow", pod="airflow-scheduler-0", container="scheduler", reason="CrashLoopBackOff"}`, values: '1x20' }],
          evalTime: '17m', fires: true,
          labels: { job: 'kube-state-metrics', instance: '10.244.1.7:8080', namespace: 'airflow', pod: 'airflow-scheduler-0', container: 'scheduler', reason: 'CrashLoopBackOff' },
        },
        {
          description: 'crash-looping for 9 minutes only (short of for: 15m)',
          series: [{ series: `kube_pod_container_status_waiting_reason{${target}, namespace="airflow", pod="airflow-scheduler-0", container="scheduler", reason="CrashLoopBackOff"}`, values: '0x7 1x12' }],
          evalTime: '17m', fires: false,
        },
        {
          description: 'crash-looping for 14 minutes (one evaluation short of for: 15m)',
          series: [{ series: `kube_pod_container_status_waiting_reason{${target}, namespace="airflow", pod="airflow-scheduler-0", container="scheduler", reason="CrashLoopBackOff"}`, values: '0 0 1x18' }],
          evalTime: '16m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'KubeWorkloadReplicasUnavailable',
      expr: [
        'label_replace(kube_deployment_spec_replicas - kube_deployment_status_replicas_available > 0, "workload", "deployment/$1", "deployment", "(.+)")',
        'or label_replace(kube_statefulset_replicas - kube_statefulset_status_replicas_ready > 0, "workload", "statefulset/$1", "statefulset", "(.+)")',
        'or label_replace(kube_daemonset_status_desired_number_scheduled - kube_daemonset_status_number_available > 0, "workload", "daemonset/$1", "daemonset", "(.+)")',
      ].join('\n'),
      for: '15m',
      severity: Severity.WARNING,
      component: KUBERNETES_COMPONENT,
      summary: '{{ $labels.namespace }}/{{ $labels.workload }} is missing {{ $value | humanize }} replicas',
      description: '{{ $labels.workload }} in {{ $labels.namespace }} has had fewer ready replicas than desired for 15 minutes.',
      runbook: 'kube-workload-replicas-unavailable.md',
      tests: [
        {
          description: 'a Deployment without its replica for more than 15 minutes',
          series: [
            { series: `kube_deployment_spec_replicas{${target}, namespace="airflow", deployment="airflow-api-server"}`, values: '1x20' },
            { series: `kube_deployment_status_replicas_available{${target}, namespace="airflow", deployment="airflow-api-server"}`, values: '0x20' },
          ],
          evalTime: '17m', fires: true, value: 1,
          labels: { job: 'kube-state-metrics', instance: '10.244.1.7:8080', component: 'kube-state-metrics', namespace: 'airflow', deployment: 'airflow-api-server', workload: 'deployment/airflow-api-server' },
        },
        {
          description: 'a StatefulSet missing a replica',
          series: [
            { series: `kube_statefulset_replicas{${target}, namespace="logging", statefulset="elasticsearch"}`, values: '1x20' },
            { series: `kube_statefulset_status_replicas_ready{${target}, namespace="logging", statefulset="elasticsearch"}`, values: '0x20' },
          ],
          evalTime: '17m', fires: true, value: 1,
          labels: { job: 'kube-state-metrics', instance: '10.244.1.7:8080', component: 'kube-state-metrics', namespace: 'logging', statefulset: 'elasticsearch', workload: 'statefulset/elasticsearch' },
        },
        {
          // 0 replicas missing is exactly the threshold of `> 0` (integer arithmetic, exact).
          description: 'every workload has its replicas (0 missing, at the threshold)',
          series: [
            { series: `kube_deployment_spec_replicas{${target}, namespace="airflow", deployment="airflow-api-server"}`, values: '1x20' },
            { series: `kube_deployment_status_replicas_available{${target}, namespace="airflow", deployment="airflow-api-server"}`, values: '1x20' },
            { series: `kube_daemonset_status_desired_number_scheduled{${target}, namespace="monitoring", daemonset="node-exporter"}`, values: '3x20' },
            { series: `kube_daemonset_status_number_available{${target}, namespace="monitoring", daemonset="node-exporter"}`, values: '3x20' },
          ],
          evalTime: '17m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'KubePersistentVolumeClaimPending',
      expr: 'kube_persistentvolumeclaim_status_phase{phase="Pending"} == 1',
      for: '15m',
      severity: Severity.WARNING,
      component: KUBERNETES_COMPONENT,
      summary: 'Volume claim {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is not bound',
      description: 'Claim {{ $labels.persistentvolumeclaim }} in {{ $labels.namespace }} has been Pending for 15 minutes; the pod that needs it cannot start.',
      runbook: 'kube-persistent-volume-claim-pending.md',
      tests: [
        {
          description: 'Pending for more than 15 minutes',
          series: [{ series: `kube_persistentvolumeclaim_status_phase{${target}, namespace="monitoring", persistentvolumeclaim="prometheus-data", phase="Pending"}`, values: '1x20' }],
          evalTime: '17m', fires: true,
          labels: { job: 'kube-state-metrics', instance: '10.244.1.7:8080', namespace: 'monitoring', persistentvolumeclaim: 'prometheus-data', phase: 'Pending' },
        },
        {
          description: 'bound',
          series: [{ series: `kube_persistentvolumeclaim_status_phase{${target}, namespace="monitoring", persistentvolumeclaim="prometheus-data", phase="Pending"}`, values: '0x20' }],
          evalTime: '17m', fires: false,
        },
        {
          description: 'Pending for 14 minutes (one evaluation short of for: 15m)',
          series: [{ series: `kube_persistentvolumeclaim_status_phase{${target}, namespace="monitoring", persistentvolumeclaim="prometheus-data", phase="Pending"}`, values: '0 0 1x18' }],
          evalTime: '16m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'KubeNodeNotReady',
      expr: 'kube_node_status_condition{condition="Ready", status="true"} == 0',
      for: '5m',
      severity: Severity.WARNING,
      component: KUBERNETES_COMPONENT,
      summary: 'Node {{ $labels.node }} is not ready',
      description: 'Node {{ $labels.node }} has not been Ready for 5 minutes; its pods are being evicted or cannot start.',
      runbook: 'kube-node-not-ready.md',
      tests: [
        {
          description: 'not Ready for more than 5 minutes',
          series: [{ series: `kube_node_status_condition{${target}, node="pipeline-ops-worker2", condition="Ready", status="true"}`, values: '0x10' }],
          evalTime: '6m', fires: true,
          labels: { job: 'kube-state-metrics', instance: '10.244.1.7:8080', node: 'pipeline-ops-worker2', condition: 'Ready', status: 'true' },
        },
        {
          description: 'not Ready for 2 minutes only (a kubelet restart)',
          series: [{ series: `kube_node_status_condition{${target}, node="pipeline-ops-worker2", condition="Ready", status="true"}`, values: '1x4 0x6' }],
          evalTime: '6m', fires: false,
        },
        {
          description: 'not Ready for 4 minutes (one evaluation short of for: 5m)',
          series: [{ series: `kube_node_status_condition{${target}, node="pipeline-ops-worker2", condition="Ready", status="true"}`, values: '1 1 0x8' }],
          evalTime: '6m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'KubeJobFailed',
      expr: 'kube_job_failed{condition="true"} > 0',
      for: '1m',
      severity: Severity.WARNING,
      component: KUBERNETES_COMPONENT,
      summary: 'Job {{ $labels.namespace }}/{{ $labels.job_name }} failed',
      description: 'Job {{ $labels.job_name }} in {{ $labels.namespace }} has failed (backoff limit or deadline reached).',
      runbook: 'kube-job-failed.md',
      tests: [
        {
          description: 'a failed Job',
          series: [{ series: `kube_job_failed{${target}, namespace="airflow", job_name="airflow-db-backup-29001", condition="true"}`, values: '1x5' }],
          evalTime: '3m', fires: true,
          labels: { job: 'kube-state-metrics', instance: '10.244.1.7:8080', namespace: 'airflow', job_name: 'airflow-db-backup-29001', condition: 'true' },
        },
        {
          description: 'a Job whose Failed condition is false',
          series: [{ series: `kube_job_failed{${target}, namespace="airflow", job_name="airflow-db-backup-29001", condition="true"}`, values: '0x5' }],
          evalTime: '3m', fires: false,
        },
        {
          description: 'a Job that failed at this very evaluation: pending, one evaluation short of for: 1m',
          series: [{ series: `kube_job_failed{${target}, namespace="airflow", job_name="airflow-db-backup-29001", condition="true"}`, values: '0 0 1x3' }],
          evalTime: '2m', fires: false, boundary: true,
        },
      ],
    },
  ],
};
