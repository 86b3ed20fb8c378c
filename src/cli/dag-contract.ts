/**
 * Prints what the default platform's Airflow stack provides the DAGs (connections and variables):
 * `node --require ts-node/register/transpile-only src/cli/dag-contract.ts > dags/tests/platform_contract.json`
 */
import { dagContract, dagContractJson } from '../airflow/dag-contract';
import { createDefaultApp } from '../default-app';

process.stdout.write(dagContractJson(dagContract(createDefaultApp().platform.airflow)));
