import { metric, percent, Signal, SIGNAL_LABEL } from './conventions';
import { THRESHOLDS } from './thresholds';
import { ComponentMixin, MetricType, Severity } from './types';

const NODE = 'node-exporter';
const FS_LABELS = ['device', 'fstype', 'mountpoint'];
/** How far ahead the "fills up" alert looks (hours). */
export const DISK_FILL_HORIZON_HOURS = 24;
const series = (name: string, extra: string) => `${name}{namespace="monitoring", component="node-exporter", job="node-exporter", instance="172.18.0.3:9100", node="pipeline-ops-worker"${extra}}`;

/** Nodes, read by node_exporter on each Kind node (host network, read-only host mounts). */
export const NODE_EXPORTER_MIXIN: ComponentMixin = {
  component: NODE,
  metrics: [
    metric('node_cpu_seconds_total', MetricType.COUNTER, NODE, 'Seconds the CPUs spent in each mode', ['cpu', 'mode']),
    metric('node_memory_MemAvailable_bytes', MetricType.GAUGE, NODE, 'Memory available for new work without swapping'),
    metric('node_memory_MemTotal_bytes', MetricType.GAUGE, NODE, 'Total usable memory'),
    metric('node_filesystem_avail_bytes', MetricType.GAUGE, NODE, 'Filesystem space available to non-root users', FS_LABELS),
    metric('node_filesystem_size_bytes', MetricType.GAUGE, NODE, 'Filesystem size', FS_LABELS),
    metric('node_load1', MetricType.GAUGE, NODE, 'One-minute load average'),
    metric('node_network_receive_bytes_total', MetricType.COUNTER, NODE, 'Bytes received per network device', ['device']),
    metric('node_network_transmit_bytes_total', MetricType.COUNTER, NODE, 'Bytes sent per network device', ['device']),
  ],
  recordingRules: [
    {
      record: 'instance:node_cpu_utilisation:rate5m',
      expr: '1 - avg by (namespace, component, instance, node) (rate(node_cpu_seconds_total{mode="idle"}[5m]))',
    },
    {
      record: 'instance:node_memory_utilisation:ratio',
      expr: '1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes',
    },
    {
      record: 'instance_mountpoint:node_filesystem_avail:ratio',
      expr: 'node_filesystem_avail_bytes{fstype!=""} / node_filesystem_size_bytes{fstype!=""}',
    },
  ],
  alerts: [
    {
      alert: 'NodeCpuHigh',
      expr: `instance:node_cpu_utilisation:rate5m > ${THRESHOLDS.resourceUtilizationRatio}`,
      for: '15m',
      severity: Severity.WARNING,
      component: NODE,
      labels: { [SIGNAL_LABEL]: Signal.SATURATION },
      summary: 'Node {{ $labels.node }} CPU is {{ $value | humanizePercentage }} busy',
      description: `The CPUs of node {{ $labels.node }} ({{ $labels.instance }}) have been more than ${percent(THRESHOLDS.resourceUtilizationRatio)} busy for 15 minutes.`,
      runbook: 'node-cpu-memory-high.md',
      tests: [
        {
          description: '90% busy for more than 15 minutes',
          series: [{ series: series('node_cpu_seconds_total', ', cpu="0", mode="idle"'), values: '0+6x30' }],
          evalTime: '20m', fires: true, value: 0.9,
          labels: { namespace: 'monitoring', component: 'node-exporter', instance: '172.18.0.3:9100', node: 'pipeline-ops-worker' },
        },
        {
          description: '75% busy, below the threshold',
          series: [{ series: series('node_cpu_seconds_total', ', cpu="0", mode="idle"'), values: '0+15x30' }],
          evalTime: '20m', fires: false,
        },
        {
          // Exactly 80% would come out of rate()'s extrapolation and 1 - x, which float arithmetic need not land
          // on 0.8 exactly: the boundary case is the nearest whole percent on the healthy side instead.
          description: '79% busy for 20 minutes, just below the threshold',
          series: [{ series: series('node_cpu_seconds_total', ', cpu="0", mode="idle"'), values: '0+12.6x30' }],
          evalTime: '20m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'NodeMemoryHigh',
      expr: `instance:node_memory_utilisation:ratio > ${THRESHOLDS.resourceUtilizationRatio}`,
      for: '15m',
      severity: Severity.WARNING,
      component: NODE,
      labels: { [SIGNAL_LABEL]: Signal.SATURATION },
      summary: 'Node {{ $labels.node }} memory is {{ $value | humanizePercentage }} used',
      description: `More than ${percent(THRESHOLDS.resourceUtilizationRatio)} of the memory of node {{ $labels.node }} ({{ $labels.instance }}) has been in use for 15 minutes.`,
      runbook: 'node-cpu-memory-high.md',
      tests: [
        {
          description: '85% used for more than 15 minutes',
          series: [
            { series: series('node_memory_MemAvailable_bytes', ''), values: '15x20' },
            { series: series('node_memory_MemTotal_bytes', ''), values: '100x20' },
          ],
          evalTime: '16m', fires: true, value: 0.85,
          labels: { namespace: 'monitoring', component: 'node-exporter', job: 'node-exporter', instance: '172.18.0.3:9100', node: 'pipeline-ops-worker' },
        },
        {
          description: '85% used for 10 minutes only (short of for: 15m)',
          series: [
            { series: series('node_memory_MemAvailable_bytes', ''), values: '50x5 15x15' },
            { series: series('node_memory_MemTotal_bytes', ''), values: '100x20' },
          ],
          evalTime: '16m', fires: false,
        },
        {
          // Pending from 2m when the recording rule group runs first; the alert group may see that recording one
          // evaluation later (groups run independently), which only makes the case quieter.
          description: '85% used for 14 minutes (one evaluation short of for: 15m)',
          series: [
            { series: series('node_memory_MemAvailable_bytes', ''), values: '50 50 15x18' },
            { series: series('node_memory_MemTotal_bytes', ''), values: '100x20' },
          ],
          evalTime: '16m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'NodeDiskSpaceLow',
      expr: `instance_mountpoint:node_filesystem_avail:ratio < ${THRESHOLDS.diskFreeRatio}`,
      for: '5m',
      severity: Severity.WARNING,
      component: NODE,
      labels: { [SIGNAL_LABEL]: Signal.SATURATION },
      summary: '{{ $labels.mountpoint }} on node {{ $labels.node }} has {{ $value | humanizePercentage }} free',
      description: `Filesystem {{ $labels.mountpoint }} ({{ $labels.device }}) on node {{ $labels.node }} has had less than ${percent(THRESHOLDS.diskFreeRatio)} free for 5 minutes. Kind keeps every persistent volume on this filesystem.`,
      runbook: 'node-disk-space-low.md',
      tests: [
        {
          description: '15% free for more than 5 minutes',
          series: [
            { series: series('node_filesystem_avail_bytes', ', device="/dev/vda1", fstype="ext4", mountpoint="/"'), values: '15x10' },
            { series: series('node_filesystem_size_bytes', ', device="/dev/vda1", fstype="ext4", mountpoint="/"'), values: '100x10' },
          ],
          evalTime: '6m', fires: true, value: 0.15,
          labels: { namespace: 'monitoring', component: 'node-exporter', job: 'node-exporter', instance: '172.18.0.3:9100', node: 'pipeline-ops-worker', device: '/dev/vda1', fstype: 'ext4', mountpoint: '/' },
        },
        {
          description: '21% free, just above the threshold',
          series: [
            { series: series('node_filesystem_avail_bytes', ', device="/dev/vda1", fstype="ext4", mountpoint="/"'), values: '21x10' },
            { series: series('node_filesystem_size_bytes', ', device="/dev/vda1", fstype="ext4", mountpoint="/"'), values: '100x10' },
          ],
          evalTime: '6m', fires: false,
        },
        {
          // 20 / 100 rounds to the same double as the literal 0.2, so "exactly at the threshold" is exact.
          description: '20% free, exactly at the threshold (the comparison is strict)',
          series: [
            { series: series('node_filesystem_avail_bytes', ', device="/dev/vda1", fstype="ext4", mountpoint="/"'), values: `${Math.round(THRESHOLDS.diskFreeRatio * 100)}x10` },
            { series: series('node_filesystem_size_bytes', ', device="/dev/vda1", fstype="ext4", mountpoint="/"'), values: '100x10' },
          ],
          evalTime: '6m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'NodeDiskFillsSoon',
      // Raw metrics rather than the recorded ratio, so $value is the free fraction at the evaluation itself.
      expr: `node_filesystem_avail_bytes{fstype!=""} / node_filesystem_size_bytes{fstype!=""} < 0.4 and predict_linear(node_filesystem_avail_bytes{fstype!=""}[6h], ${DISK_FILL_HORIZON_HOURS} * 3600) < 0`,
      for: '1h',
      severity: Severity.WARNING,
      component: NODE,
      labels: { [SIGNAL_LABEL]: Signal.SATURATION },
      summary: `{{ $labels.mountpoint }} on node {{ $labels.node }} fills up within ${DISK_FILL_HORIZON_HOURS} hours`,
      description: `At the rate of the last 6 hours, filesystem {{ $labels.mountpoint }} on node {{ $labels.node }} (now {{ $value | humanizePercentage }} free) runs out of space within ${DISK_FILL_HORIZON_HOURS} hours.`,
      runbook: 'node-disk-space-low.md',
      tests: [
        {
          description: 'losing 3% of the disk per hour with 18% left',
          interval: '5m',
          series: [
            { series: series('node_filesystem_avail_bytes', ', device="/dev/vda1", fstype="ext4", mountpoint="/"'), values: '390-2.5x100' },
            { series: series('node_filesystem_size_bytes', ', device="/dev/vda1", fstype="ext4", mountpoint="/"'), values: '1000x100' },
          ],
          evalTime: '7h', fires: true, value: 0.18,
          labels: { namespace: 'monitoring', component: 'node-exporter', job: 'node-exporter', instance: '172.18.0.3:9100', node: 'pipeline-ops-worker', device: '/dev/vda1', fstype: 'ext4', mountpoint: '/' },
        },
        {
          description: 'little space, but not shrinking',
          interval: '5m',
          series: [
            { series: series('node_filesystem_avail_bytes', ', device="/dev/vda1", fstype="ext4", mountpoint="/"'), values: '300x100' },
            { series: series('node_filesystem_size_bytes', ', device="/dev/vda1", fstype="ext4", mountpoint="/"'), values: '1000x100' },
          ],
          evalTime: '7h', fires: false,
        },
        {
          // Free space crosses 40% at 1h (exactly 400 of 1000 is not below it) and is below it from the 1h05m
          // sample on: pending from 1h05m, firing from 2h05m.
          description: 'shrinking and below 40% free for 59 minutes (one evaluation short of for: 1h)',
          interval: '5m',
          series: [
            { series: series('node_filesystem_avail_bytes', ', device="/dev/vda1", fstype="ext4", mountpoint="/"'), values: '430-2.5x100' },
            { series: series('node_filesystem_size_bytes', ', device="/dev/vda1", fstype="ext4", mountpoint="/"'), values: '1000x100' },
          ],
          evalTime: '2h4m', fires: false, boundary: true,
        },
      ],
    },
  ],
};
