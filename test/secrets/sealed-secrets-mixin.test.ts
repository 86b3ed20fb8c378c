import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { SEALED_SECRETS_MIXIN } from '../../src/monitoring/catalog/sealed-secrets';
import { temporaryDirectory } from '../support/certificates';
import { alertingRule, promtoolAlertTests, selectedMetrics } from '../support/mixin-rules';
import { REPO_ROOT } from '../support/paths';
import { run, tool } from '../support/tools';

/** The mixin's alerts as a rules file and its cases as a promtool test file (annotations left to the Prometheus stack's renderer). */
function promtoolFiles(directory: string): string {
  fs.writeFileSync(path.join(directory, 'rules.yaml'), stringify({
    groups: [{ name: SEALED_SECRETS_MIXIN.component, rules: SEALED_SECRETS_MIXIN.alerts.map(alertingRule) }],
  }));
  const testFile = path.join(directory, 'tests.yaml');
  fs.writeFileSync(testFile, stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: promtoolAlertTests(SEALED_SECRETS_MIXIN.alerts) }));
  return testFile;
}

describe('the sealed-secrets mixin', () => {
  test('has an unseal-failure alert on the controller\'s error counter', () => {
    expect(SEALED_SECRETS_MIXIN.alerts.map((a) => a.alert)).toContain('SealedSecretUnsealErrors');
    expect(SEALED_SECRETS_MIXIN.alerts.find((a) => a.alert === 'SealedSecretUnsealErrors')!.expr).toMatch(/sealed_secrets_controller_unseal_errors_total/);
  });

  test('every expression selects only metrics the mixin declares', () => {
    const declared = new Set(SEALED_SECRETS_MIXIN.metrics.map((m) => m.name));
    for (const alert of SEALED_SECRETS_MIXIN.alerts) {
      const { names: used, errors } = selectedMetrics(alert.expr);
      expect({ expr: alert.expr, errors }).toEqual({ expr: alert.expr, errors: 0 });
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((name) => !declared.has(name))).toEqual([]);
    }
  });

  test('every alert has a runbook that exists, and cases that fire and that must not', () => {
    for (const alert of SEALED_SECRETS_MIXIN.alerts) {
      expect(fs.existsSync(path.join(REPO_ROOT, 'docs', 'runbooks', alert.runbook))).toBe(true);
      expect(alert.tests.some((c) => c.fires)).toBe(true);
      expect(alert.tests.some((c) => !c.fires)).toBe(true);
    }
  });

  test('promtool checks the rules and passes every test case', () => {
    const directory = temporaryDirectory('promtool');
    const testFile = promtoolFiles(directory);
    const check = run(tool('promtool'), ['check', 'rules', path.join(directory, 'rules.yaml')]);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const result = run(tool('promtool'), ['test', 'rules', testFile], { cwd: directory });
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.status).toBe(0);
  });

  test('promtool fails a case whose expectation is wrong (the test harness is real)', () => {
    const directory = temporaryDirectory('promtool-negative');
    const testFile = promtoolFiles(directory);
    fs.writeFileSync(testFile, fs.readFileSync(testFile, 'utf8').replace('eval_time: 9m', 'eval_time: 3m'));
    expect(run(tool('promtool'), ['test', 'rules', testFile], { cwd: directory }).status).not.toBe(0);
  });
});
