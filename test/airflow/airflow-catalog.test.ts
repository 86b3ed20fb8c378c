import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { AIRFLOW_MIXIN } from '../../src/monitoring/catalog/airflow';
import { MetricType } from '../../src/monitoring/catalog/types';
import { alertingRule, promtoolAlertTests, recordingRule, selectedMetrics } from '../support/mixin-rules';
import { REPO_ROOT } from '../support/paths';
import { run, tool } from '../support/tools';

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
      const rules = { groups: [{ name: 'airflow', rules: [...mixin.recordingRules.map(recordingRule), ...mixin.alerts.map(alertingRule)] }] };
      fs.writeFileSync(path.join(dir, 'rules.yml'), stringify(rules));
      const tests = { rule_files: ['rules.yml'], evaluation_interval: '1m', tests: promtoolAlertTests(mixin.alerts) };
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
