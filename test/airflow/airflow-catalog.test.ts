import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { AIRFLOW_MIXIN } from '../../src/monitoring/catalog/airflow';
import { MetricType } from '../../src/monitoring/catalog/types';
import { REPO_ROOT } from '../support/paths';
import { run, tool } from '../support/tools';

// The package's types resolve as ESM only; its CommonJS build is what runs here.
const { parser } = require('@prometheus-io/lezer-promql') as typeof import('@prometheus-io/lezer-promql', { with: { 'resolution-mode': 'import' } });

/** Metric names a PromQL expression selects, and whether it parsed. */
function selectedMetrics(expr: string): { names: string[]; errors: number } {
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

/** Series names a catalog metric can be selected by. */
function seriesNames(name: string, type: MetricType): string[] {
  if (type === MetricType.HISTOGRAM) {
    return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  }
  return type === MetricType.SUMMARY ? [name, `${name}_sum`, `${name}_count`] : [name];
}

const mixin = AIRFLOW_MIXIN;
const known = new Set([...mixin.metrics.flatMap((m) => seriesNames(m.name, m.type)), ...mixin.recordingRules.map((r) => r.record)]);

describe('the Airflow mixin', () => {
  test('every expression parses and names only catalog metrics or its recording rules', () => {
    for (const expr of [...mixin.recordingRules.map((r) => r.expr), ...mixin.alerts.map((a) => a.expr)]) {
      const { names, errors } = selectedMetrics(expr);
      expect({ expr, errors }).toEqual({ expr, errors: 0 });
      expect({ expr, unknown: names.filter((n) => !known.has(n)) }).toEqual({ expr, unknown: [] });
    }
  });

  test('the alerts the contract gives the Airflow mixin, with their severities', () => {
    expect(Object.fromEntries(mixin.alerts.map((a) => [a.alert, a.severity]))).toEqual({
      AirflowDagRunFailed: 'critical',
      AirflowDagImportErrors: 'warning',
      PipelineDataQualityDegraded: 'warning',
      LambdaReconciliationDiscrepancyHigh: 'critical',
      PipelineBatchDataStale: 'warning',
    });
  });

  test('every alert has a runbook that exists and test cases that fire and stay quiet', () => {
    for (const alert of mixin.alerts) {
      expect(fs.existsSync(path.join(REPO_ROOT, 'docs', 'runbooks', alert.runbook))).toBe(true);
      expect(alert.tests.some((t) => t.fires)).toBe(true);
      expect(alert.tests.some((t) => !t.fires)).toBe(true);
    }
  });

  test('promtool: the rules are valid and every alert test case holds', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airflow-rules-'));
    try {
      // Annotations are left out here: promtool would compare their rendered text; the Prometheus stack's full render tests them.
      const rules = {
        groups: [{
          name: 'airflow',
          rules: [
            ...mixin.recordingRules.map((r) => ({ record: r.record, expr: r.expr })),
            ...mixin.alerts.map((a) => ({ alert: a.alert, expr: a.expr, for: a.for, labels: { severity: a.severity, component: a.component, ...a.labels } })),
          ],
        }],
      };
      fs.writeFileSync(path.join(dir, 'rules.yml'), stringify(rules));
      const tests = {
        rule_files: ['rules.yml'],
        evaluation_interval: '1m',
        tests: mixin.alerts.flatMap((a) => a.tests.map((t) => ({
          name: `${a.alert}: ${t.description}`,
          interval: t.interval ?? '1m',
          input_series: t.series.map((s) => ({ series: s.series, values: s.values })),
          alert_rule_test: [{
            eval_time: t.evalTime,
            alertname: a.alert,
            exp_alerts: t.fires ? [{ exp_labels: { severity: a.severity, component: a.component, ...a.labels, ...t.labels } }] : [],
          }],
        }))),
      };
      fs.writeFileSync(path.join(dir, 'rules_test.yml'), stringify(tests));
      const check = run(tool('promtool'), ['check', 'rules', path.join(dir, 'rules.yml')]);
      expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
      const result = run(tool('promtool'), ['test', 'rules', path.join(dir, 'rules_test.yml')]);
      expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
