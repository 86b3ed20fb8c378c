/**
 * `npm run capacity [-- --json]`: the capacity budget of the default platform — the seed's
 * "Resource Allocation Summary" regenerated from the synthesized objects. Exits 1 when over budget.
 */
import { createDefaultApp } from '../default-app';
import { renderCapacityTable } from '../foundation/capacity/capacity-report';

const { platform } = createDefaultApp();
const report = platform.capacity.report();
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  process.stdout.write(`${renderCapacityTable(report)}\n`);
}
process.exitCode = report.violations.length ? 1 : 0;
