import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { synthDefaultApp } from '../support/default-app';
import { REPO_ROOT } from '../support/paths';
import { run, tool } from '../support/tools';

const CONFIG = path.join(REPO_ROOT, '.checkov.yaml');

/** checkov's JSON report of `directory`, under the project's configuration. */
function scan(directory: string): any[] {
  const result = run(tool('checkov'), ['--config-file', CONFIG, '--directory', directory, '--output', 'json', '--quiet', '--compact'], {
    // Offline: no Bridgecrew platform mapping download, no package scanning.
    env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: 'false' },
  });
  return [JSON.parse(result.stdout || '{}')].flat();
}

const failedChecks = (reports: any[]) => reports.flatMap((r: any) => r.results?.failed_checks ?? [])
  .map((c: any) => `${c.check_id} ${c.check_name}: ${c.resource} (${c.file_path})`);

describe('checkov scan of the synthesized manifests', () => {
  const { outdir } = synthDefaultApp();

  test('zero findings, every skipped check justified in .checkov.yaml', () => {
    const reports = scan(outdir);
    expect(failedChecks(reports)).toEqual([]);
    const passed = reports.reduce((sum: number, r: any) => sum + (r.summary?.passed ?? 0), 0);
    expect(passed).toBeGreaterThan(0);
  });

  test('the scanner does find problems in a bare Deployment (the scan is real)', () => {
    expect(failedChecks(scan(path.join(REPO_ROOT, 'test', 'gauntlet', 'fixtures'))).length).toBeGreaterThan(5);
  });

  test('each skipped check has a written reason', () => {
    const raw = fs.readFileSync(CONFIG, 'utf8');
    const config = parse(raw);
    for (const check of config['skip-check'] ?? []) {
      expect(raw).toMatch(new RegExp(`#.*\\n\\s*- ${check}\\b|- ${check}\\s*#.+`));
    }
  });
});
