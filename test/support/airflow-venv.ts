import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

/** The project's Airflow virtual environment (scripts/setup-tools.sh builds it from dags/requirements-dev.txt). */
export const AIRFLOW_VENV = path.join(REPO_ROOT, '.venv');

/** A program of that environment (python, pytest, ruff), or a failed test saying how to install it. */
export function airflowVenvTool(name: string): string {
  const file = path.join(AIRFLOW_VENV, 'bin', name);
  if (!fs.existsSync(file)) {
    throw new Error(`${file} is missing; run "npm run setup-tools" (it creates .venv from dags/requirements-dev.txt)`);
  }
  return file;
}
