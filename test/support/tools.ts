import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, TOOLS_BIN } from './paths';

/**
 * The path of a tool the tests run. Tools come from scripts/setup-tools.sh (which `npm test` runs
 * first); a missing tool fails the test with the command that installs it — tests never skip.
 */
export function tool(name: string): string {
  const candidates = [path.join(TOOLS_BIN, name), path.join(REPO_ROOT, '.tools', 'checkov', 'bin', name), path.join(REPO_ROOT, '.venv', 'bin', name),
    ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, name))];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) {
    throw new Error(`${name} is not installed; run "npm run setup-tools" (scripts/setup-tools.sh installs every tool the tests use)`);
  }
  return found;
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion and returns its exit status and output. */
export function run(command: string, args: string[], options: SpawnSyncOptions = {}): RunResult {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) {
    throw result.error;
  }
  return { status: result.status ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
