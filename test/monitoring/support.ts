import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDefaultApp } from '../../src/default-app';
import { KubernetesManifest } from '../../src/foundation/manifests';
import { ComponentMixin } from '../../src/monitoring/catalog/types';
import { PrometheusStack } from '../../src/monitoring/prometheus-stack';
import { RuleRenderOptions } from '../../src/monitoring/rule-files';
import { renderRuleTestFile, testCaseCount } from '../../src/monitoring/rule-tests';
import { synthDefaultApp } from '../support/default-app';

/** The default app's monitoring stack (built, not written). */
export function defaultStack(): PrometheusStack {
  return createDefaultApp().platform.monitoring;
}

/** A ConfigMap of the synthesized monitoring chart. */
export function synthesizedConfigMap(name: string): KubernetesManifest {
  const found = synthDefaultApp().manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === name && m.metadata.namespace === 'monitoring');
  if (!found) {
    throw new Error(`no ConfigMap monitoring/${name} in the synthesized manifests`);
  }
  return found;
}

/** The rule files exactly as the synthesized rule ConfigMaps hold them. */
export function synthesizedRuleFiles(): Record<string, string> {
  return Object.assign({}, ...synthDefaultApp().manifests
    .filter((m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith('prometheus-rules-'))
    .map((m) => m.data as Record<string, string>));
}

/** Writes the synthesized rule files into `dir` and returns their paths. */
export function writeRuleFiles(dir: string, files: Record<string, string> = synthesizedRuleFiles()): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, text]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  });
}

/** The promtool unit-test files of every mixin, next to the rule files, and the number of test cases they hold. */
export function writeRuleTests(dir: string, mixins: readonly ComponentMixin[], options: RuleRenderOptions, ruleFiles: string[]): { files: string[]; cases: number } {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let cases = 0;
  for (const mixin of mixins) {
    const text = renderRuleTestFile(mixin, ruleFiles, options);
    if (text) {
      const file = path.join(dir, `${mixin.component}.test.yaml`);
      fs.writeFileSync(file, text);
      files.push(file);
      cases += testCaseCount(mixin);
    }
  }
  return { files, cases };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pipeline-ops-${prefix}-`));
}

/**
 * Debian's Alertmanager and amtool are 0.25, which predates the webhook receiver's `url_file` (0.26): for them
 * the heartbeat URL is written inline (`url_of` maps a secret file path to the URL it would hold). This is the
 * only change; everything else is the synthesized configuration as is.
 */
export function forAlertmanager025(config: Record<string, any>, urlOf: (file: string) => string): Record<string, any> {
  const copy = JSON.parse(JSON.stringify(config));
  for (const receiver of copy.receivers ?? []) {
    for (const webhook of receiver.webhook_configs ?? []) {
      if (webhook.url_file) {
        webhook.url = urlOf(webhook.url_file);
        delete webhook.url_file;
      }
    }
  }
  return copy;
}
