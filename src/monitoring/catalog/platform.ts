import { COMPONENT_FROM_SERIES, ERROR_RATIO_RECORD, metric, percent, PROCESSING_LAG_RECORD, Signal, SIGNAL_LABEL } from './conventions';
import { THRESHOLDS } from './thresholds';
import { ComponentMixin, MetricType, Severity } from './types';

/**
 * The platform-wide rules: the dead man's switch, and the seed's generic alerts that apply to every
 * component (down, error rate, processing lag). They read `up` and the two recording-rule conventions
 * (catalog/conventions.ts), so a component joins them by recording its error ratio or lag.
 */
export const PLATFORM_MIXIN: ComponentMixin = {
  component: 'platform',
  metrics: [
    metric('up', MetricType.GAUGE, 'platform', 'Written by Prometheus for every target: 1 when its last scrape succeeded, 0 when it failed', ['job', 'instance', 'component', 'namespace']),
    metric('ALERTS', MetricType.GAUGE, 'platform', 'Written by Prometheus for every pending or firing alert', ['alertname', 'alertstate', 'severity', 'component']),
    metric('scrape_samples_post_metric_relabeling', MetricType.GAUGE, 'platform', 'Written by Prometheus: samples a target returned after metric relabelling', ['job', 'instance', 'component']),
    metric('scrape_duration_seconds', MetricType.GAUGE, 'platform', 'Written by Prometheus: how long the last scrape of a target took', ['job', 'instance', 'component']),
  ],
  recordingRules: [],
  alerts: [
    {
      alert: 'Watchdog',
      // Fires while Prometheus evaluates rules and scrapes at least one target: when the heartbeat stops
      // arriving, the heartbeat service pages (the whole alerting path is broken, or nothing is scraped).
      expr: 'count(up == 1) > 0',
      for: '0s',
      severity: Severity.NONE,
      component: 'platform',
      summary: 'Alerting pipeline heartbeat',
      description: 'Always firing while Prometheus evaluates rules and scrapes at least one target. Alertmanager sends it to the heartbeat service every minute; that service pages when it stops arriving.',
      runbook: 'watchdog.md',
      tests: [
        { description: 'fires while a target is up', series: [{ series: 'up{job="prometheus", instance="10.244.1.5:9090", component="prometheus", namespace="monitoring"}', values: '1x10' }], evalTime: '5m', fires: true, labels: {} },
        { description: 'stops when no target is scraped', series: [{ series: 'up{job="prometheus", instance="10.244.1.5:9090", component="prometheus", namespace="monitoring"}', values: '0x10' }], evalTime: '5m', fires: false },
        {
          description: 'stops at the first evaluation after the last target went down (for: 0s)',
          series: [{ series: 'up{job="prometheus", instance="10.244.1.5:9090", component="prometheus", namespace="monitoring"}', values: '1x4 0x6' }],
          evalTime: '5m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'ComponentDown',
      expr: 'max by (namespace, component) (up{component!=""}) == 0',
      for: '2m',
      severity: Severity.CRITICAL,
      component: COMPONENT_FROM_SERIES,
      labels: { [SIGNAL_LABEL]: Signal.AVAILABILITY },
      summary: '{{ $labels.component }} is down',
      description: 'No target of {{ $labels.component }} in namespace {{ $labels.namespace }} has answered a scrape for 2 minutes.',
      runbook: 'component-down.md',
      tests: [
        {
          description: 'every target of the component has failed its scrapes for more than 2 minutes',
          series: [{ series: 'up{job="kafka", instance="10.244.2.7:9308", component="kafka", namespace="monitoring"}', values: '1 1 0x10' }],
          evalTime: '6m', fires: true, labels: { component: 'kafka', namespace: 'monitoring' },
        },
        {
          description: 'down for 1 minute only (one evaluation short of for: 2m)',
          series: [{ series: 'up{job="kafka", instance="10.244.2.7:9308", component="kafka", namespace="monitoring"}', values: '1 1 1 1 0 0 0' }],
          evalTime: '5m', fires: false, boundary: true,
        },
        {
          description: 'one of two targets still answers',
          series: [
            { series: 'up{job="kafka", instance="10.244.2.7:9308", component="kafka", namespace="monitoring"}', values: '0x10' },
            { series: 'up{job="kafka", instance="10.244.1.9:9308", component="kafka", namespace="monitoring"}', values: '1x10' },
          ],
          evalTime: '6m', fires: false,
        },
      ],
    },
    {
      alert: 'TargetDown',
      expr: 'up == 0',
      for: '10m',
      severity: Severity.WARNING,
      component: COMPONENT_FROM_SERIES,
      summary: 'Target {{ $labels.instance }} of {{ $labels.job }} is down',
      description: 'Prometheus has failed to scrape {{ $labels.instance }} (job {{ $labels.job }}, namespace {{ $labels.namespace }}) for 10 minutes.',
      runbook: 'target-down.md',
      tests: [
        {
          description: 'a target has failed its scrapes for more than 10 minutes',
          series: [{ series: 'up{job="grafana", instance="10.244.1.12:3000", component="grafana", namespace="monitoring"}', values: '0x15' }],
          evalTime: '12m', fires: true, labels: { job: 'grafana', instance: '10.244.1.12:3000', component: 'grafana', namespace: 'monitoring' },
        },
        {
          description: 'down for 6 minutes only (short of for: 10m)',
          series: [{ series: 'up{job="grafana", instance="10.244.1.12:3000", component="grafana", namespace="monitoring"}', values: '1x5 0x10' }],
          evalTime: '12m', fires: false,
        },
        {
          description: 'down for 9 minutes (one evaluation short of for: 10m)',
          series: [{ series: 'up{job="grafana", instance="10.244.1.12:3000", component="grafana", namespace="monitoring"}', values: '1x5 0x15' }],
          evalTime: '15m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'ComponentErrorRateHigh',
      expr: `${ERROR_RATIO_RECORD} > ${THRESHOLDS.errorRateRatio}`,
      for: '5m',
      severity: Severity.CRITICAL,
      component: COMPONENT_FROM_SERIES,
      labels: { [SIGNAL_LABEL]: Signal.ERROR_RATE },
      summary: '{{ $labels.component }} error rate is {{ $value | humanizePercentage }}',
      description: `More than ${percent(THRESHOLDS.errorRateRatio)} of the work of {{ $labels.component }} in {{ $labels.namespace }} has failed for 5 minutes (measured by {{ $labels.source }}).`,
      runbook: 'component-error-rate-high.md',
      tests: [
        {
          description: 'error ratio 6% for more than 5 minutes',
          series: [{ series: `${ERROR_RATIO_RECORD}{namespace="clickhouse", component="clickhouse", source="clickhouse"}`, values: '0.06x10' }],
          evalTime: '6m', fires: true, value: 0.06, labels: { namespace: 'clickhouse', component: 'clickhouse', source: 'clickhouse' },
        },
        {
          description: 'error ratio 4.9%, just below the threshold',
          series: [{ series: `${ERROR_RATIO_RECORD}{namespace="clickhouse", component="clickhouse", source="clickhouse"}`, values: '0.049x10' }],
          evalTime: '6m', fires: false,
        },
        {
          // The sample is the literal the rule compares with, so "exactly at the threshold" is exact in float.
          description: 'error ratio exactly 5% (the comparison is strict)',
          series: [{ series: `${ERROR_RATIO_RECORD}{namespace="clickhouse", component="clickhouse", source="clickhouse"}`, values: `${THRESHOLDS.errorRateRatio}x10` }],
          evalTime: '6m', fires: false, boundary: true,
        },
        {
          description: 'error ratio 6% for 4 minutes only (one evaluation short of for: 5m)',
          series: [{ series: `${ERROR_RATIO_RECORD}{namespace="clickhouse", component="clickhouse", source="clickhouse"}`, values: '0.01 0.01 0.06x10' }],
          evalTime: '6m', fires: false, boundary: true,
        },
      ],
    },
    {
      alert: 'ProcessingLagHigh',
      expr: `${PROCESSING_LAG_RECORD} > ${THRESHOLDS.processingLagSeconds}`,
      for: '5m',
      severity: Severity.WARNING,
      component: COMPONENT_FROM_SERIES,
      labels: { [SIGNAL_LABEL]: Signal.LAG },
      summary: '{{ $labels.component }} is {{ $value | humanizeDuration }} behind',
      description: `{{ $labels.component }} in {{ $labels.namespace }} has been more than ${THRESHOLDS.processingLagSeconds} seconds behind for 5 minutes (measured by {{ $labels.source }}).`,
      runbook: 'processing-lag-high.md',
      tests: [
        {
          description: 'lag of 400 s for more than 5 minutes',
          series: [{ series: `${PROCESSING_LAG_RECORD}{namespace="pipeline", component="speed-layer", source="pipeline", layer="speed"}`, values: '400x10' }],
          evalTime: '6m', fires: true, value: 400, labels: { namespace: 'pipeline', component: 'speed-layer', source: 'pipeline', layer: 'speed' },
        },
        {
          description: 'lag of 299 s, just below the threshold',
          series: [{ series: `${PROCESSING_LAG_RECORD}{namespace="pipeline", component="speed-layer", source="pipeline", layer="speed"}`, values: '299x10' }],
          evalTime: '6m', fires: false,
        },
        {
          description: 'lag of exactly 300 s (the comparison is strict)',
          series: [{ series: `${PROCESSING_LAG_RECORD}{namespace="pipeline", component="speed-layer", source="pipeline", layer="speed"}`, values: `${THRESHOLDS.processingLagSeconds}x10` }],
          evalTime: '6m', fires: false, boundary: true,
        },
      ],
    },
  ],
};
