import { stringify } from 'yaml';
import { AlertRuleSpec, ComponentMixin, RecordingRuleSpec } from './catalog/types';
import { expandTemplate } from './go-template';
import { alertRuleAnnotations, firingAlertLabels, RuleRenderOptions } from './rule-files';

/** Renders a label set in the series notation promtool reads, e.g. `name{a="b"}`. */
export function seriesNotation(name: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${name}{${pairs.join(', ')}}`;
}

function alertTestGroups(rule: AlertRuleSpec, options: RuleRenderOptions): Array<Record<string, unknown>> {
  return rule.tests.map((testCase) => {
    const seriesLabels = testCase.labels ?? {};
    const expected = testCase.fires
      ? [{
        exp_labels: firingAlertLabels(rule, seriesLabels),
        exp_annotations: Object.fromEntries(Object.entries(alertRuleAnnotations(rule, options))
          .map(([k, v]) => [k, expandTemplate(v, seriesLabels, testCase.value)])),
      }]
      : [];
    return {
      name: `${rule.alert}: ${testCase.description}`,
      interval: testCase.interval ?? '1m',
      input_series: testCase.series.map((s) => ({ series: s.series, values: s.values })),
      alert_rule_test: [{ eval_time: testCase.evalTime, alertname: rule.alert, exp_alerts: expected }],
    };
  });
}

function recordingTestGroups(rule: RecordingRuleSpec): Array<Record<string, unknown>> {
  return (rule.tests ?? []).map((testCase) => ({
    name: `${rule.record}: ${testCase.description}`,
    interval: testCase.interval ?? '1m',
    input_series: testCase.series.map((s) => ({ series: s.series, values: s.values })),
    promql_expr_test: [{
      expr: rule.labels && Object.keys(rule.labels).length ? seriesNotation(rule.record, rule.labels) : rule.record,
      eval_time: testCase.evalTime,
      exp_samples: testCase.expected.map((sample) => ({ labels: seriesNotation(rule.record, { ...sample.labels, ...rule.labels }), value: sample.value })),
    }],
  }));
}

/** The number of promtool test cases a mixin carries (alert cases and recording-rule cases). */
export function testCaseCount(mixin: ComponentMixin): number {
  return mixin.alerts.reduce((n, rule) => n + rule.tests.length, 0) + mixin.recordingRules.reduce((n, rule) => n + (rule.tests?.length ?? 0), 0);
}

/**
 * A promtool unit-test file for a mixin's rules: every alert test case (with the exact labels and annotations
 * a firing alert must carry) and every recording-rule case. `ruleFiles` are all rule files (rules of one mixin
 * may read another's recordings).
 */
export function renderRuleTestFile(mixin: ComponentMixin, ruleFiles: string[], options: RuleRenderOptions): string | undefined {
  const tests = [...mixin.recordingRules.flatMap(recordingTestGroups), ...mixin.alerts.flatMap((rule) => alertTestGroups(rule, options))];
  if (!tests.length) {
    return undefined;
  }
  return stringify({ rule_files: ruleFiles, evaluation_interval: '1m', tests }, { lineWidth: 0 });
}
