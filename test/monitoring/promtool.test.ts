import * as fs from 'node:fs';
import * as path from 'node:path';
import { run, tool } from '../support/tools';
import { defaultStack, synthesizedConfigMap, tempDir, writeRuleFiles, writeRuleTests } from './support';

/*
 * The synthesized rules and server configuration, checked by promtool 3.16 (built from the Go module of the
 * Prometheus image's release into .tools/bin) and, for the rules, by Debian's promtool 2.42 too (the
 * end-to-end test runs Debian's Prometheus 2.42 on them).
 */

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const RULES_DIR = '/etc/prometheus/rules';

function promtool316(): string {
  const bin = tool('promtool');
  // .tools/bin comes first in tool()'s search; make sure it is the 3.x build (Debian's is 2.42 and cannot parse kubernetes_sd_configs).
  if (!bin.includes(`${path.sep}.tools${path.sep}bin${path.sep}`)) {
    throw new Error(`promtool 3.16 is not in .tools/bin (found ${bin}); run "npm run setup-tools"`);
  }
  return bin;
}

describe('promtool', () => {
  const dir = tempDir('promtool');
  const ruleFiles = writeRuleFiles(path.join(dir, 'rules'));

  test('check rules: every rule file is valid for Prometheus 3.16', () => {
    const result = run(promtool316(), ['check', 'rules', '--lint=all', '--lint-fatal', ...ruleFiles]);
    expect(result.stderr + result.stdout).not.toMatch(/FAILED|error/i);
    expect(result.status).toBe(0);
  });

  test('check rules: every rule file also loads in Debian\'s Prometheus 2.42 (the end-to-end server)', () => {
    const result = run('/usr/bin/promtool', ['check', 'rules', ...ruleFiles]);
    expect(result.stderr + result.stdout).not.toMatch(/FAILED/);
    expect(result.status).toBe(0);
  });

  test('check config: the full server configuration, with every rule file it loads', () => {
    // The container's paths, mapped into a scratch root: the service-account token the scrape jobs read
    // and the mounted rule files. promtool then checks the credentials files and loads every rule file.
    const root = path.join(dir, 'root');
    fs.mkdirSync(path.join(root, 'sa'), { recursive: true });
    fs.writeFileSync(path.join(root, 'sa', 'token'), 'token');
    writeRuleFiles(path.join(root, 'rules'));
    const config = synthesizedConfigMap('prometheus-config').data['prometheus.yml'] as string;
    expect(config).toContain(`${RULES_DIR}/*.rules.yaml`);
    const file = path.join(root, 'prometheus.yml');
    fs.writeFileSync(file, config.split(SERVICE_ACCOUNT_DIR).join(path.join(root, 'sa')).split(RULES_DIR).join(path.join(root, 'rules')));
    const result = run(promtool316(), ['check', 'config', file]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`SUCCESS: ${ruleFiles.length} rule files found`));
    expect(result.status).toBe(0);
  });

  test('check config rejects a broken configuration (the check is real)', () => {
    const file = path.join(dir, 'broken.yml');
    fs.writeFileSync(file, 'global:\n  scrape_interval: 30s\nstorage:\n  tsdb:\n    retention:\n      size: 8Gi\n');
    const result = run(promtool316(), ['check', 'config', file]);
    expect(result.status).not.toBe(0);
    expect(result.stderr + result.stdout).toMatch(/unknown unit Gi/);
  });

  test('test rules: every alert fires and stays quiet as its cases say, with the exact labels and annotations', () => {
    const stack = defaultStack();
    const { files, cases } = writeRuleTests(path.join(dir, 'tests'), stack.mixins, stack.ruleOptions, ruleFiles);
    const result = run(promtool316(), ['test', 'rules', ...files]);
    const failures = (result.stdout + result.stderr).split('\n').filter((line) => /FAILED|name:|exp:|got:/.test(line)).join('\n');
    expect(failures).toBe('');
    expect(result.status).toBe(0);
    const alerts = stack.mixins.flatMap((m) => m.alerts).length;
    console.log(`promtool test rules: ${cases} test cases in ${files.length} files; ${alerts} alert rules, ${stack.mixins.flatMap((m) => m.recordingRules).length} recording rules`);
  });

  test('test rules fails when an expectation is wrong (the tests are real)', () => {
    const stack = defaultStack();
    stack.overrideAlertRule('ComponentDown', {
      // Same rule, but its firing case now expects a label the alert does not carry.
      tests: stack.mixins.flatMap((m) => m.alerts).find((a) => a.alert === 'ComponentDown')!.tests
        .map((c) => (c.fires ? { ...c, labels: { ...c.labels, extra: 'label' } } : c)),
    });
    const platform = stack.mixins.find((m) => m.component === 'platform')!;
    const { files } = writeRuleTests(path.join(dir, 'broken-tests'), [platform], stack.ruleOptions, ruleFiles);
    const result = run(promtool316(), ['test', 'rules', ...files]);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/ComponentDown/);
  });
});
