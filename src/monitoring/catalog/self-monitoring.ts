import { ERROR_RATIO_RECORD, metric } from './conventions';
import { ComponentMixin, MetricType, Severity } from './types';

const target = (component: string, port: number) => `namespace="monitoring", component="${component}", job="${component}", instance="10.244.1.5:${port}"`;

/** Prometheus watching itself: config reloads, rule evaluation, delivery to Alertmanager, scrape limits. */
export const PROMETHEUS_MIXIN: ComponentMixin = {
  component: 'prometheus',
  metrics: [
    metric('prometheus_config_last_reload_successful', MetricType.GAUGE, 'prometheus', '1 when the last configuration reload succeeded'),
    metric('prometheus_rule_evaluation_failures_total', MetricType.COUNTER, 'prometheus', 'Rule evaluations that failed', ['rule_group']),
    metric('prometheus_notifications_alertmanagers_discovered', MetricType.GAUGE, 'prometheus', 'Alertmanagers Prometheus sends alerts to'),
    metric('prometheus_notifications_sent_total', MetricType.COUNTER, 'prometheus', 'Alerts sent to Alertmanager', ['alertmanager']),
    metric('prometheus_notifications_errors_total', MetricType.COUNTER, 'prometheus', 'Alerts that could not be sent to Alertmanager', ['alertmanager']),
    metric('prometheus_target_scrapes_exceeded_sample_limit_total', MetricType.COUNTER, 'prometheus', 'Scrapes rejected for exceeding their sample limit'),
    metric('prometheus_tsdb_head_series', MetricType.GAUGE, 'prometheus', 'Series in the head block'),
    metric('prometheus_tsdb_storage_blocks_bytes', MetricType.GAUGE, 'prometheus', 'Bytes of persisted blocks (what size-based retention counts, with the WAL)'),
  ],
  recordingRules: [
    {
      record: ERROR_RATIO_RECORD,
      expr: 'sum by (namespace, component) (rate(prometheus_notifications_errors_total[5m])) / sum by (namespace, component) (rate(prometheus_notifications_sent_total[5m]))',
      labels: { source: 'prometheus' },
    },
  ],
  alerts: [
    {
      alert: 'PrometheusConfigReloadFailed',
      expr: 'max_over_time(prometheus_config_last_reload_successful[5m]) == 0',
      for: '10m',
      severity: Severity.WARNING,
      component: 'prometheus',
      summary: 'Prometheus cannot load its new configuration',
      description: 'The last configuration reload of {{ $labels.instance }} failed and has not succeeded for 10 minutes; it keeps running the previous configuration and rules.',
      runbook: 'monitoring-config-reload-failed.md',
      tests: [
        { description: 'reload failing for more than 10 minutes', series: [{ series: `prometheus_config_last_reload_successful{${target('prometheus', 9090)}}`, values: '0x20' }], evalTime: '16m', fires: true, labels: { namespace: 'monitoring', job: 'prometheus', instance: '10.244.1.5:9090' } },
        { description: 'last reload succeeded', series: [{ series: `prometheus_config_last_reload_successful{${target('prometheus', 9090)}}`, values: '1x20' }], evalTime: '16m', fires: false },
        // Failing from 1m: the 5-minute window holds only failures from 5m on, so the alert is pending from 5m.
        { description: 'the window has held only failures for 9 minutes (one evaluation short of for: 10m)', series: [{ series: `prometheus_config_last_reload_successful{${target('prometheus', 9090)}}`, values: '1 0x20' }], evalTime: '14m', fires: false, boundary: true },
      ],
    },
    {
      alert: 'PrometheusRuleEvaluationFailures',
      expr: 'increase(prometheus_rule_evaluation_failures_total[5m]) > 0',
      for: '15m',
      severity: Severity.WARNING,
      component: 'prometheus',
      summary: 'Rules of group {{ $labels.rule_group }} fail to evaluate',
      description: 'Prometheus {{ $labels.instance }} has failed to evaluate rules of {{ $labels.rule_group }} for 15 minutes; alerts of that group may be silent.',
      runbook: 'prometheus-rule-evaluation-failures.md',
      tests: [
        { description: 'one failure a minute for more than 15 minutes', series: [{ series: `prometheus_rule_evaluation_failures_total{${target('prometheus', 9090)}, rule_group="/etc/prometheus/rules/kafka.rules.yaml;kafka.alerts"}`, values: '0+1x30' }], evalTime: '20m', fires: true, labels: { namespace: 'monitoring', job: 'prometheus', instance: '10.244.1.5:9090', rule_group: '/etc/prometheus/rules/kafka.rules.yaml;kafka.alerts' } },
        { description: 'no failures', series: [{ series: `prometheus_rule_evaluation_failures_total{${target('prometheus', 9090)}, rule_group="/etc/prometheus/rules/kafka.rules.yaml;kafka.alerts"}`, values: '0x30' }], evalTime: '20m', fires: false },
        { description: 'failing for 14 minutes (one evaluation short of for: 15m)', series: [{ series: `prometheus_rule_evaluation_failures_total{${target('prometheus', 9090)}, rule_group="/etc/prometheus/rules/kafka.rules.yaml;kafka.alerts"}`, values: '0x2 1+1x27' }], evalTime: '17m', fires: false, boundary: true },
      ],
    },
    {
      alert: 'PrometheusNotConnectedToAlertmanager',
      expr: 'max_over_time(prometheus_notifications_alertmanagers_discovered[5m]) < 1',
      for: '10m',
      severity: Severity.WARNING,
      component: 'prometheus',
      summary: 'Prometheus has no Alertmanager to send alerts to',
      description: 'Prometheus {{ $labels.instance }} has not found an Alertmanager for 10 minutes: no alert leaves it (the heartbeat stops too).',
      runbook: 'prometheus-not-connected-to-alertmanager.md',
      tests: [
        { description: 'no Alertmanager for more than 10 minutes', series: [{ series: `prometheus_notifications_alertmanagers_discovered{${target('prometheus', 9090)}}`, values: '0x20' }], evalTime: '16m', fires: true, labels: { namespace: 'monitoring', job: 'prometheus', instance: '10.244.1.5:9090' } },
        { description: 'one Alertmanager', series: [{ series: `prometheus_notifications_alertmanagers_discovered{${target('prometheus', 9090)}}`, values: '1x20' }], evalTime: '16m', fires: false },
        // Lost from 1m: the 5-minute window holds no Alertmanager from 5m on, so the alert is pending from 5m.
        { description: 'the window has held no Alertmanager for 9 minutes (one evaluation short of for: 10m)', series: [{ series: `prometheus_notifications_alertmanagers_discovered{${target('prometheus', 9090)}}`, values: '1 0x20' }], evalTime: '14m', fires: false, boundary: true },
      ],
    },
    {
      alert: 'PrometheusSampleLimitExceeded',
      expr: 'increase(prometheus_target_scrapes_exceeded_sample_limit_total[5m]) > 0',
      for: '15m',
      severity: Severity.WARNING,
      component: 'prometheus',
      summary: 'Scrapes are rejected for exceeding their sample limit',
      description: 'For 15 minutes, Prometheus {{ $labels.instance }} has rejected scrapes of targets that returned more samples than their sample_limit; those targets show as down (see TargetDown for which).',
      runbook: 'prometheus-sample-limit-exceeded.md',
      tests: [
        { description: 'rejections for more than 15 minutes', series: [{ series: `prometheus_target_scrapes_exceeded_sample_limit_total{${target('prometheus', 9090)}}`, values: '0+2x30' }], evalTime: '20m', fires: true, labels: { namespace: 'monitoring', job: 'prometheus', instance: '10.244.1.5:9090' } },
        { description: 'no rejections', series: [{ series: `prometheus_target_scrapes_exceeded_sample_limit_total{${target('prometheus', 9090)}}`, values: '0x30' }], evalTime: '20m', fires: false },
        { description: 'rejections for 14 minutes (one evaluation short of for: 15m)', series: [{ series: `prometheus_target_scrapes_exceeded_sample_limit_total{${target('prometheus', 9090)}}`, values: '0x2 2+2x27' }], evalTime: '17m', fires: false, boundary: true },
      ],
    },
  ],
};

/** Alertmanager: config reloads, and its notification error ratio through the error-rate convention. */
export const ALERTMANAGER_MIXIN: ComponentMixin = {
  component: 'alertmanager',
  metrics: [
    metric('alertmanager_config_last_reload_successful', MetricType.GAUGE, 'alertmanager', '1 when the last configuration reload succeeded'),
    metric('alertmanager_notifications_total', MetricType.COUNTER, 'alertmanager', 'Notifications attempted', ['integration']),
    metric('alertmanager_notifications_failed_total', MetricType.COUNTER, 'alertmanager', 'Notifications that failed', ['integration', 'reason']),
    metric('alertmanager_alerts', MetricType.GAUGE, 'alertmanager', 'Alerts Alertmanager holds', ['state']),
  ],
  recordingRules: [
    {
      record: ERROR_RATIO_RECORD,
      expr: 'sum by (namespace, component) (rate(alertmanager_notifications_failed_total[5m])) / sum by (namespace, component) (rate(alertmanager_notifications_total[5m]))',
      labels: { source: 'alertmanager' },
      tests: [{
        description: 'one notification in ten fails',
        series: [
          { series: `alertmanager_notifications_total{${target('alertmanager', 9093)}, integration="slack"}`, values: '0+10x10' },
          { series: `alertmanager_notifications_failed_total{${target('alertmanager', 9093)}, integration="slack", reason="other"}`, values: '0+1x10' },
        ],
        evalTime: '10m',
        expected: [{ labels: { namespace: 'monitoring', component: 'alertmanager' }, value: 0.1 }],
      }],
    },
  ],
  alerts: [
    {
      alert: 'AlertmanagerConfigReloadFailed',
      expr: 'max_over_time(alertmanager_config_last_reload_successful[5m]) == 0',
      for: '10m',
      severity: Severity.WARNING,
      component: 'alertmanager',
      summary: 'Alertmanager cannot load its new configuration',
      description: 'The last configuration reload of {{ $labels.instance }} failed and has not succeeded for 10 minutes; it keeps routing with the previous configuration.',
      runbook: 'monitoring-config-reload-failed.md',
      tests: [
        { description: 'reload failing for more than 10 minutes', series: [{ series: `alertmanager_config_last_reload_successful{${target('alertmanager', 9093)}}`, values: '0x20' }], evalTime: '16m', fires: true, labels: { namespace: 'monitoring', job: 'alertmanager', instance: '10.244.1.5:9093' } },
        { description: 'last reload succeeded', series: [{ series: `alertmanager_config_last_reload_successful{${target('alertmanager', 9093)}}`, values: '1x20' }], evalTime: '16m', fires: false },
        // Failing from 1m: the 5-minute window holds only failures from 5m on, so the alert is pending from 5m.
        { description: 'the window has held only failures for 9 minutes (one evaluation short of for: 10m)', series: [{ series: `alertmanager_config_last_reload_successful{${target('alertmanager', 9093)}}`, values: '1 0x20' }], evalTime: '14m', fires: false, boundary: true },
      ],
    },
  ],
};

/** Grafana: its HTTP server-error ratio through the error-rate convention. */
export const GRAFANA_MIXIN: ComponentMixin = {
  component: 'grafana',
  metrics: [
    metric('grafana_http_request_duration_seconds_count', MetricType.COUNTER, 'grafana', 'HTTP requests Grafana served', ['handler', 'method', 'status_code']),
  ],
  recordingRules: [
    {
      record: ERROR_RATIO_RECORD,
      expr: 'sum by (namespace, component) (rate(grafana_http_request_duration_seconds_count{status_code=~"5.."}[5m])) / sum by (namespace, component) (rate(grafana_http_request_duration_seconds_count[5m]))',
      labels: { source: 'grafana' },
    },
  ],
  alerts: [],
};
