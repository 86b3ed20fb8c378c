import * as fs from 'node:fs';
import * as path from 'node:path';
import { CapacityReport, steadyTotalsByNamespace } from '../../src/foundation/capacity/capacity-report';
import { GIBIBYTE } from '../../src/foundation/quantities';
import { REPO_ROOT } from '../support/paths';
import { run } from '../support/tools';

// `npm run capacity` exactly as a user runs it, and the README's table that quotes it.
const json = run('npm', ['run', '--silent', 'capacity', '--', '--json'], { cwd: REPO_ROOT });
const table = run('npm', ['run', '--silent', 'capacity'], { cwd: REPO_ROOT });
const report = JSON.parse(json.stdout) as CapacityReport;

describe('npm run capacity', () => {
  test('--json: the default app is within its budget (exit 0, no violations)', () => {
    expect(json.status).toBe(0);
    expect(report.violations).toEqual([]);
    expect(report.steady.cpuRequestMillis).toBeLessThanOrEqual(report.budget.platformRequests.cpuMillis);
    expect(report.steady.memoryRequestBytes).toBeLessThanOrEqual(report.budget.platformRequests.memoryBytes);
    expect(report.steady.cpuLimitMillis).toBeLessThanOrEqual(report.budget.limitCeiling.cpuMillis);
    expect(report.steady.memoryLimitBytes).toBeLessThanOrEqual(report.budget.limitCeiling.memoryBytes);
    expect(report.steady.storageBytes).toBeLessThanOrEqual(report.budget.storageBytes);
  });

  test('the table: a row per workload, the totals, the budget and the headroom', () => {
    expect(table.status).toBe(0);
    const lines = table.stdout.split('\n');
    for (const row of report.rows) {
      expect(lines.some((line) => line.includes(row.workload) && line.startsWith(row.namespace))).toBe(true);
    }
    expect(lines.some((line) => /^TOTAL \(long-running\)/.test(line))).toBe(true);
    expect(lines.some((line) => /^BUDGET /.test(line))).toBe(true);
    expect(lines.some((line) => /^HEADROOM /.test(line))).toBe(true);
  });
});

describe('the README quotes the capacity table that the code computes', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Capacity'), readme.indexOf('\n## ', readme.indexOf('## Capacity') + 1));
  const cells = (line: string) => line.split('|').slice(1, -1).map((cell) => cell.replace(/\*\*/g, '').trim());
  const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Namespace') && !line.startsWith('| ---')).map(cells);
  const gib = (value: number) => (value / GIBIBYTE).toFixed(2);
  const byNamespace = steadyTotalsByNamespace(report);

  test('one row per namespace, as computed', () => {
    const quoted = rows.filter(([first]) => first !== 'Total');
    expect(quoted.map(([first]) => first.split(' ')[0]).sort()).toEqual(Object.keys(byNamespace).sort());
    for (const [first, cpuRequests, memoryRequests, cpuLimits, memoryLimits] of quoted) {
      const totals = byNamespace[first.split(' ')[0]];
      expect([cpuRequests, memoryRequests, cpuLimits, memoryLimits]).toEqual([
        `${totals.cpuRequestMillis}m`, `${gib(totals.memoryRequestBytes)} GiB`, `${totals.cpuLimitMillis}m`, `${gib(totals.memoryLimitBytes)} GiB`,
      ]);
    }
  });

  test('the totals against the budget, as computed', () => {
    const total = rows.find(([first]) => first === 'Total')!;
    const { steady: sums, budget } = report;
    expect(total.slice(1)).toEqual([
      `${sums.cpuRequestMillis}m of ${budget.platformRequests.cpuMillis}m`,
      `${gib(sums.memoryRequestBytes)} of ${gib(budget.platformRequests.memoryBytes)} GiB`,
      `${sums.cpuLimitMillis}m of ${budget.limitCeiling.cpuMillis}m`,
      `${gib(sums.memoryLimitBytes)} of ${gib(budget.limitCeiling.memoryBytes)} GiB`,
    ]);
  });
});
