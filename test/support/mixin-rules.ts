import { AlertRuleSpec, RecordingRuleSpec } from '../../src/monitoring/catalog/types';

// The package's types resolve as ESM only; its CommonJS build is what runs here.
const { parser } = require('@prometheus-io/lezer-promql') as typeof import('@prometheus-io/lezer-promql', { with: { 'resolution-mode': 'import' } });

/**
 * What the mixin tests need to check a component's rules: the metric names a PromQL expression
 * selects, and the rules and alert cases in the form promtool reads. Annotations are left out of the
 * rules: promtool would compare their rendered text, which the Prometheus stack's renderer owns.
 */

/** Metric names a PromQL expression selects (VectorSelector identifiers), and how many syntax errors it has. */
export function selectedMetrics(expr: string): { names: string[]; errors: number } {
  const names: string[] = [];
  let errors = 0;
  parser.parse(expr).iterate({
    enter(node) {
      if (node.type.isError) {
        errors++;
      }
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') {
        names.push(expr.slice(node.from, node.to));
      }
    },
  });
  return { names, errors };
}

/** The labels an alert's rule carries: its severity and component, then its own. */
export function alertRuleLabels(alert: AlertRuleSpec): Record<string, string> {
  return { severity: alert.severity, component: alert.component, ...alert.labels };
}

/** A recording rule as a rule file holds it. */
export function recordingRule(rule: RecordingRuleSpec): Record<string, unknown> {
  return { record: rule.record, expr: rule.expr, ...(rule.labels ? { labels: rule.labels } : {}) };
}

/** An alert as a rule file holds it (without annotations). */
export function alertingRule(alert: AlertRuleSpec): Record<string, unknown> {
  return { alert: alert.alert, expr: alert.expr, for: alert.for, labels: alertRuleLabels(alert) };
}

/** Every case of `alerts` as a promtool `tests:` entry: the alert must fire at its eval time with these labels, or not at all. */
export function promtoolAlertTests(alerts: readonly AlertRuleSpec[]): Array<Record<string, unknown>> {
  return alerts.flatMap((alert) => alert.tests.map((testCase) => ({
    name: `${alert.alert}: ${testCase.description}`,
    interval: testCase.interval ?? '1m',
    input_series: testCase.series.map((s) => ({ series: s.series, values: s.values })),
    alert_rule_test: [{
      eval_time: testCase.evalTime,
      alertname: alert.alert,
      exp_alerts: testCase.fires ? [{ exp_labels: { ...alertRuleLabels(alert), ...testCase.labels } }] : [],
    }],
  })));
}
