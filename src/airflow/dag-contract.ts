import { connectionEnvName } from './connections';
import { AirflowStack } from './airflow-stack';
import { variableEnvName } from './variables';

/**
 * What an Airflow stack provides its DAGs: the connection ids and the variables (with their values;
 * none is a credential). dags/tests/platform_contract.json holds the default stack's, so the DAG tests
 * check the DAGs against the real thresholds and fail when a DAG uses a connection or variable the
 * stack does not provide; a jest test keeps the file equal to this.
 */
export interface DagContract {
  readonly connections: string[];
  readonly variables: Record<string, string>;
}

export function dagContract(stack: AirflowStack): DagContract {
  const settings = stack.environment.settings;
  const variablePrefix = variableEnvName('');
  const variables = Object.fromEntries(Object.entries(settings)
    .filter(([name]) => name.startsWith(variablePrefix))
    .map(([name, value]) => [name.slice(variablePrefix.length).toLowerCase(), value])
    .sort(([a], [b]) => a.localeCompare(b)));
  const connections = stack.environment.connectionEnv
    .map((env) => env.name)
    .map((name) => name.slice(connectionEnvName('').length).toLowerCase())
    .sort();
  return { connections, variables };
}

/** The file's text (stable key order, trailing newline). */
export function dagContractJson(contract: DagContract): string {
  return `${JSON.stringify(contract, null, 2)}\n`;
}
