import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { FLUENTD_CUSTOM_METRICS } from '../../src/logging/fluentd-config';
import { LOGGING_MIXIN, loggingMixin } from '../../src/monitoring/catalog/logging';
import { THRESHOLDS } from '../../src/monitoring/catalog/thresholds';
import { ComponentMixin } from '../../src/monitoring/catalog/types';
import { createDefaultApp } from '../../src/default-app';
import { alertingRule, promtoolAlertTests, recordingRule, selectedMetrics } from '../support/mixin-rules';
import { REPO_ROOT } from '../support/paths';
import { run, tool } from '../support/tools';

/**
 * The logging mixin's rules and alerts, run by the real promtool: the rule file must load, and every
 * alert's own cases must fire (or stay quiet) as written. The rule labels are the alert's severity and
 * component; annotations are left to the monitoring stack's renderer.
 */

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function writeRuleFiles(mixin: ComponentMixin): { dir: string; rules: string; tests: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-ops-logging-rules-'));
  temporary.push(dir);
  const rules = path.join(dir, 'logging.rules.yaml');
  fs.writeFileSync(rules, stringify({
    groups: [
      { name: 'logging.recording', rules: mixin.recordingRules.map(recordingRule) },
      { name: 'logging.alerts', rules: mixin.alerts.map(alertingRule) },
    ],
  }));
  const tests = path.join(dir, 'logging.tests.yaml');
  fs.writeFileSync(tests, stringify({
    rule_files: [path.basename(rules)],
    evaluation_interval: '1m',
    tests: promtoolAlertTests(mixin.alerts),
  }));
  return { dir, rules, tests };
}

describe('logging mixin', () => {
  const mixin = LOGGING_MIXIN;

  test('promtool loads the recording and alerting rules', () => {
    const { rules } = writeRuleFiles(mixin);
    const result = run(tool('promtool'), ['check', 'rules', rules]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('every alert fires and stays quiet exactly as its promtool cases say', () => {
    const { dir, tests } = writeRuleFiles(mixin);
    const result = run(tool('promtool'), ['test', 'rules', path.basename(tests)], { cwd: dir });
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  test('a broken case is caught (the promtool run can fail)', () => {
    const broken: ComponentMixin = { ...mixin, alerts: mixin.alerts.map((a) => ({ ...a, tests: a.tests.map((t) => ({ ...t, fires: !t.fires })) })) };
    const { dir, tests } = writeRuleFiles(broken);
    expect(run(tool('promtool'), ['test', 'rules', path.basename(tests)], { cwd: dir }).status).not.toBe(0);
  });

  test('the issue\'s alerts are all there: buffer queue, retries, output errors, cluster status, disk watermark', () => {
    expect(mixin.alerts.map((a) => a.alert)).toEqual(expect.arrayContaining([
      'FluentdBufferQueueGrowing', 'FluentdOutputRetrying', 'FluentdOutputErrorRateHigh', 'ElasticsearchClusterRed', 'ElasticsearchDiskAboveHighWatermark',
    ]));
  });

  test('each alert has a firing and a quiet case and an existing runbook', () => {
    for (const alert of mixin.alerts) {
      expect(alert.tests.some((t) => t.fires)).toBe(true);
      expect(alert.tests.some((t) => !t.fires)).toBe(true);
      expect(fs.existsSync(path.join(REPO_ROOT, 'docs', 'runbooks', alert.runbook))).toBe(true);
    }
  });

  test('every metric an expression names is in the mixin (catalog metrics or recording rules)', () => {
    const known = new Set([...mixin.metrics.map((m) => m.name), ...mixin.recordingRules.map((r) => r.record)]);
    const expressions = [...mixin.alerts.map((a) => a.expr), ...mixin.recordingRules.map((r) => r.expr)];
    for (const expr of expressions) {
      const { names, errors } = selectedMetrics(expr);
      expect({ expr, errors }).toEqual({ expr, errors: 0 });
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect(known.has(name) ? name : `${name} (in "${expr}")`).toBe(name);
      }
    }
    for (const name of Object.values(FLUENTD_CUSTOM_METRICS)) {
      expect(known.has(name)).toBe(true);
    }
  });

  test('thresholds come from the shared catalog thresholds and the stack\'s own watermark', () => {
    const expr = (name: string) => mixin.alerts.find((a) => a.alert === name)!.expr;
    expect(expr('FluentdOutputErrorRateHigh')).toContain(`> ${THRESHOLDS.errorRateRatio}`);
    expect(expr('FluentdBufferNearlyFull')).toContain(`> ${THRESHOLDS.resourceUtilizationRatio}`);
    expect(expr('ElasticsearchDiskSpaceLow')).toContain(`> ${1 - THRESHOLDS.diskFreeRatio}`);
    expect(loggingMixin({ highDiskWatermark: 0.8 }).alerts.find((a) => a.alert === 'ElasticsearchDiskAboveHighWatermark')!.expr).toContain('> 0.8');
  });

  test('the stack hands the mixin for its own watermark, and its metrics endpoints, to the platform', () => {
    const { platform } = createDefaultApp({ logging: { diskWatermarks: { low: 0.8, high: 0.85, floodStage: 0.9 } } });
    expect(platform.logging.mixin.alerts.find((a) => a.alert === 'ElasticsearchDiskAboveHighWatermark')!.expr).toContain('> 0.85');
    expect(platform.logging.metricsEndpoints.map((e) => [e.job, e.serviceName, e.portName, e.port])).toEqual([
      ['fluentd', 'fluentd', 'metrics', 24231],
      ['elasticsearch', 'elasticsearch-exporter', 'metrics', 9114],
    ]);
  });
});
