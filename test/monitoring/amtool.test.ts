import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { ALERTMANAGER_PATHS } from '../../src/monitoring/alertmanager';
import { RECEIVER_SECRET_KEYS, RECEIVERS } from '../../src/monitoring/alertmanager-routing';
import { COMPONENT_FROM_SERIES } from '../../src/monitoring/catalog/conventions';
import { synthDefaultApp } from '../support/default-app';
import { run, tool } from '../support/tools';
import { defaultStack, forAlertmanager025, synthesizedConfigMap, tempDir } from './support';

/*
 * The synthesized Alertmanager configuration, checked by amtool 0.35 (built from the image's release into
 * .tools/bin) and by Debian's amtool 0.25 (the end-to-end server's release), and a routing table: which
 * receivers each severity and component reaches.
 */

function amtool035(): string {
  const bin = tool('amtool');
  if (!bin.includes(`${path.sep}.tools${path.sep}bin${path.sep}`)) {
    throw new Error(`amtool 0.35 is not in .tools/bin (found ${bin}); run "npm run setup-tools"`);
  }
  return bin;
}
const AMTOOL_025 = '/usr/bin/amtool';

const dir = tempDir('amtool');
const configText = synthesizedConfigMap('alertmanager-config').data['alertmanager.yml'] as string;
const config = parse(configText);
const file035 = path.join(dir, 'alertmanager.yml');
fs.writeFileSync(file035, configText);
const file025 = path.join(dir, 'alertmanager-0.25.yml');
fs.writeFileSync(file025, stringify(forAlertmanager025(config, () => 'https://heartbeat.invalid/check')));

// The routing the issue asks for, written down independently of the code that builds it.
const EXPECTED: Record<string, string[]> = {
  critical: [RECEIVERS.pagerDuty, RECEIVERS.slackCritical],
  warning: [RECEIVERS.slackAlerts, RECEIVERS.emailDigest],
  none: [RECEIVERS.blackhole],
};

describe('amtool', () => {
  test.each([['0.35 (the image\'s release)', () => [amtool035(), file035]], ['0.25 (Debian, end-to-end)', () => [AMTOOL_025, file025]]])('check-config with amtool %s', (_name, which) => {
    const [bin, file] = which();
    const result = run(bin, ['check-config', file]);
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.stdout).toMatch(/2 inhibit rules/);
    expect(result.stdout).toMatch(/6 receivers/);
    expect(result.status).toBe(0);
  });

  test('amtool rejects a broken configuration (the check is real)', () => {
    const broken = path.join(dir, 'broken.yml');
    fs.writeFileSync(broken, stringify({ ...config, route: { ...config.route, receiver: 'nobody' } }));
    expect(run(amtool035(), ['check-config', broken]).status).not.toBe(0);
  });

  test('the configuration holds no secret: every receiver credential is a file from the alertmanager-receivers secret', () => {
    const secretFields = new Set(['api_url', 'routing_key', 'service_key', 'auth_password', 'smtp_auth_password', 'url_file', 'api_url_file', 'routing_key_file', 'auth_password_file', 'smtp_auth_password_file']);
    const found: Array<[string, string]> = [];
    const walk = (node: unknown, key = ''): void => {
      if (Array.isArray(node)) node.forEach((n) => walk(n, key));
      else if (node && typeof node === 'object') Object.entries(node).forEach(([k, v]) => walk(v, k));
      else if (secretFields.has(key)) found.push([key, String(node)]);
    };
    walk(config);
    expect(found.length).toBeGreaterThanOrEqual(5);
    for (const [key, value] of found) {
      expect(key).toMatch(/_file$/);
      expect(value.startsWith(`${ALERTMANAGER_PATHS.secrets}/`)).toBe(true);
    }
    expect(new Set(found.map(([, value]) => path.basename(value)))).toEqual(new Set(Object.values(RECEIVER_SECRET_KEYS)));
    const sealed = synthDefaultApp().manifests.find((m) => m.kind === 'SealedSecret' && m.metadata.name === 'alertmanager-receivers');
    expect(Object.keys(sealed?.spec.encryptedData ?? {}).sort()).toEqual(Object.values(RECEIVER_SECRET_KEYS).sort());
  });

  describe('config routes test: each severity and component reaches exactly its receivers', () => {
    const { mixins } = defaultStack();
    // Every component an alert can carry: the mixins', those alerts name statically, and a few that come from series labels.
    const components = [...new Set([
      ...mixins.map((m) => m.component),
      ...mixins.flatMap((m) => m.alerts.map((a) => a.component)).filter((c) => c !== COMPONENT_FROM_SERIES),
      'speed-layer', 'elasticsearch', 'fluentd', 'sealed-secrets',
    ])].sort();
    const cases: Array<[string, string[], string[]]> = [
      ...components.flatMap((component) => Object.entries(EXPECTED).map(([severity, receivers]) =>
        [`${severity} ${component}`, [`alertname=SomeAlert`, `severity=${severity}`, `component=${component}`], receivers] as [string, string[], string[]])),
      ['the Watchdog', ['alertname=Watchdog', 'severity=none', 'component=platform'], [RECEIVERS.heartbeat]],
      ['an alert without severity', ['alertname=Unlabelled', 'component=kafka'], [RECEIVERS.slackAlerts]],
    ];

    test.each(cases)('%s', (_name, labels, receivers) => {
      for (const [bin, file] of [[amtool035(), file035], [AMTOOL_025, file025]]) {
        const result = run(bin, ['config', 'routes', 'test', `--config.file=${file}`, `--verify.receivers=${receivers.join(',')}`, ...labels]);
        expect(`${bin}: ${result.stdout.trim()}`).toBe(`${bin}: ${receivers.join(',')}`);
        expect(result.status).toBe(0);
      }
    });

    test('a wrong expectation fails (the routing test is real)', () => {
      const result = run(amtool035(), ['config', 'routes', 'test', `--config.file=${file035}`, `--verify.receivers=${RECEIVERS.slackAlerts}`, 'severity=critical', 'component=kafka']);
      expect(result.status).not.toBe(0);
    });

    afterAll(() => {
      console.log(['Routing table (amtool config routes test, both releases):', ...cases.filter(([name]) => !/^(critical|warning|none) /.test(name) || name.endsWith(' kafka'))
        .map(([name, labels, receivers]) => `  ${name.padEnd(28)} ${labels.join(' ').padEnd(52)} → ${receivers.join(', ')}`),
      `  (${cases.length} cases over ${components.length} components: ${components.join(', ')})`].join('\n'));
    });
  });
});
