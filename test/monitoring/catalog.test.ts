import * as fs from 'node:fs';
import * as path from 'node:path';
import { analysePromql, describePromqlErrors } from '../../src/monitoring/catalog/promql';
import { AlertRuleSpec, ComponentMixin, MetricType } from '../../src/monitoring/catalog/types';
import { REPO_ROOT } from '../support/paths';
import { defaultStack } from './support';

/*
 * The metric catalog holds together: every PromQL expression the platform emits (rules and dashboard
 * queries) parses with Prometheus' grammar and names only metrics some mixin in use declares, or recording
 * rules; every alert carries its tests and an existing runbook. It runs over whatever mixins the default
 * app passes the monitoring stack, so it covers the Airflow, logging and sealed-secrets mixins too.
 */

/** The series names a metric of `type` exposes (histograms and summaries add suffixed series). */
function exposedNames(name: string, type: MetricType): string[] {
  switch (type) {
    case MetricType.HISTOGRAM: return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
    case MetricType.SUMMARY: return [name, `${name}_sum`, `${name}_count`];
    default: return [name];
  }
}

function knownNames(mixins: readonly ComponentMixin[]): Set<string> {
  return new Set([
    ...mixins.flatMap((m) => m.metrics.flatMap((metric) => exposedNames(metric.name, metric.type))),
    ...mixins.flatMap((m) => m.recordingRules.map((r) => r.record)),
  ]);
}

/** Every query of a dashboard, with where it is. */
function dashboardQueries(dashboard: any): Array<{ where: string; expr: string }> {
  return (dashboard.panels ?? []).flatMap((panel: any) => (panel.targets ?? []).map((t: any) => ({ where: `dashboard ${dashboard.uid} panel "${panel.title}"`, expr: t.expr })));
}

const stack = defaultStack();
const mixins = stack.mixins;
const known = knownNames(mixins);
const expressions = [
  ...stack.mixins.flatMap((m) => m.recordingRules.map((r) => ({ where: `recording rule ${r.record} (${m.component})`, expr: r.expr }))),
  ...stack.mixins.flatMap((m) => m.alerts.map((a) => ({ where: `alert ${a.alert} (${m.component})`, expr: a.expr }))),
  ...stack.dashboards.flatMap((d) => dashboardQueries(d.dashboard)),
];

describe('the metric catalog', () => {
  test('it covers rules and dashboards', () => {
    expect(expressions.filter((e) => e.where.startsWith('alert')).length).toBeGreaterThan(20);
    expect(expressions.filter((e) => e.where.startsWith('dashboard')).length).toBeGreaterThan(50);
  });

  test.each(expressions.map((e) => [e.where, e.expr]))('%s parses and names only catalog metrics', (_where, expr) => {
    const { metrics, errors } = analysePromql(expr);
    expect(describePromqlErrors(expr, errors)).toBe('');
    expect(metrics.filter((name) => !known.has(name))).toEqual([]);
  });

  test('the check catches a typo and a syntax error (it is real)', () => {
    expect(analysePromql('sum(rate(kafka_topic_partition_curent_offset[5m]))').metrics.filter((n) => !known.has(n))).toEqual(['kafka_topic_partition_curent_offset']);
    expect(analysePromql('sum(rate(up[5m])) by').errors.length).toBeGreaterThan(0);
  });

  test('each metric is declared once per type, by the component that emits it', () => {
    const byName = new Map<string, ComponentMixin['metrics'][number]>();
    for (const metric of mixins.flatMap((m) => m.metrics)) {
      const seen = byName.get(metric.name);
      expect(seen === undefined || seen.type === metric.type).toBe(true);
      byName.set(metric.name, metric);
      expect(metric.help.length).toBeGreaterThan(5);
    }
  });

  describe.each(stack.mixins.flatMap((m) => m.alerts.map((a) => [a.alert, m.component, a] as const)))('alert %s (%s)', (_name, _component, alert) => {
    test('has a case that fires and one that must not', () => {
      expect(alert.tests.some((c) => c.fires)).toBe(true);
      expect(alert.tests.some((c) => !c.fires)).toBe(true);
    });

    test('has a quiet case at its boundary (at or just below the threshold, or one evaluation short of for)', () => {
      expect(alert.tests.filter((c) => c.boundary).length).toBeGreaterThan(0);
      expect(alert.tests.filter((c) => c.boundary && c.fires)).toEqual([]);
    });

    test('links a runbook that exists', () => {
      expect(fs.existsSync(path.join(REPO_ROOT, 'docs', 'runbooks', alert.runbook))).toBe(true);
    });

    test('has a severity, a component, a summary and a description', () => {
      expect(['critical', 'warning', 'none']).toContain(alert.severity);
      expect(alert.component.length).toBeGreaterThan(0);
      expect(alert.summary.length).toBeGreaterThan(10);
      expect(alert.description.length).toBeGreaterThan(20);
    });
  });

  test('the rule set has no problem the stack would reject at synth', () => {
    expect(stack.rules.problems()).toEqual([]);
  });
});

describe('alert tests without a boundary case fail at synth with the rule, the problem and the fix', () => {
  const base = stack.mixins.flatMap((m) => m.alerts).find((a) => a.alert === 'TargetDown')!;
  const custom = { ...base, alert: 'TeamDown', component: 'team' };
  const problems = (rule: AlertRuleSpec) => {
    const fresh = defaultStack();
    fresh.addAlertRule(rule);
    return fresh.node.validate().join('\n');
  };

  test('an alert whose quiet cases are all healthy values far from its threshold', () => {
    const farOnly = custom.tests.map(({ boundary: _boundary, ...testCase }) => testCase);
    expect(farOnly.some((c) => !c.fires)).toBe(true);
    expect(problems({ ...custom, tests: farOnly })).toMatch(
      '"TeamDown" has no quiet test case at its boundary, only healthy values far from it; add a case that must not fire with the value exactly at the threshold '
      + 'of a strict comparison (or the nearest healthy value), or with the condition held for its for minus one evaluation, and mark it boundary: true');
  });

  test('a firing case marked as the boundary', () => {
    const tests = custom.tests.map((c) => (c.fires ? { ...c, boundary: true } : c));
    expect(problems({ ...custom, tests })).toMatch(
      `"${tests.find((c) => c.fires)!.description}" is a test case of TeamDown marked boundary that fires; boundary marks the quiet side of the threshold: set fires: false, or drop boundary`);
  });
});
