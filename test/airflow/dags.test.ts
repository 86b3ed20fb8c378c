import * as fs from 'node:fs';
import * as path from 'node:path';
import { dagContract, dagContractJson } from '../../src/airflow/dag-contract';
import { createDefaultApp } from '../../src/default-app';
import { airflowVenvTool } from '../support/airflow-venv';
import { REPO_ROOT } from '../support/paths';
import { run } from '../support/tools';

const DAGS = path.join(REPO_ROOT, 'dags');
const CONTRACT = path.join(DAGS, 'tests', 'platform_contract.json');

/**
 * The DAGs in real Apache Airflow 3 (the pinned .venv): their pytest suite — DagBag import, the seed's task
 * order, schedule and retry settings, the pure functions, the platform contract, and realtime_monitoring run end
 * to end with dag.test() against real Prometheus and Alertmanager — and ruff's Airflow rules.
 */
describe('pipeline DAGs', () => {
  test('the platform contract the DAG tests read is what the default Airflow stack provides', () => {
    const expected = dagContractJson(dagContract(createDefaultApp().platform.airflow));
    const regenerate = 'regenerate it: node --require ts-node/register/transpile-only src/cli/dag-contract.ts > dags/tests/platform_contract.json';
    expect({ file: 'dags/tests/platform_contract.json', content: fs.readFileSync(CONTRACT, 'utf8'), regenerate })
      .toEqual({ file: 'dags/tests/platform_contract.json', content: expected, regenerate });
  });

  test('ruff: Airflow rules (AIR) and the project lint pass', () => {
    for (const args of [['check', '--select', 'AIR', 'dags'], ['check', 'dags']]) {
      const result = run(airflowVenvTool('ruff'), [...args, '--no-cache']);
      expect({ command: `ruff ${args.join(' ')}`, status: result.status, output: result.stdout + result.stderr })
        .toEqual({ command: `ruff ${args.join(' ')}`, status: 0, output: expect.stringContaining('All checks passed') });
    }
  });

  test('pytest: the DAG suite passes in Apache Airflow 3', () => {
    const result = run(airflowVenvTool('pytest'), ['dags/tests', '-q', '-p', 'no:cacheprovider', '-W', 'ignore::DeprecationWarning'], { timeout: 280000 });
    const output = result.stdout + result.stderr;
    expect({ status: result.status, output }).toEqual({ status: 0, output: expect.stringMatching(/\d+ passed/) });
    expect(output).not.toMatch(/skipped|xfail/);
  });
});
