import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server process started by the test, with its log file, stopped in afterAll. */
export class ServerProcess {
  private readonly child: ChildProcess;
  private exited = false;

  constructor(readonly name: string, command: string, args: string[], readonly logFile: string) {
    const log = fs.openSync(logFile, 'a');
    this.child = spawn(command, args, { stdio: ['ignore', log, log] });
    this.child.on('exit', () => { this.exited = true; });
    fs.closeSync(log);
  }

  /** The last lines of its log, for failure messages. */
  logTail(lines = 20): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n') : '';
  }

  /** Waits until `url` answers 200, failing with the log when the process exits or time runs out. */
  async waitReady(url: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) {
        throw new Error(`${this.name} exited during start-up:\n${this.logTail()}`);
      }
      try {
        if ((await fetch(url)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`${this.name} was not ready at ${url} within ${timeoutMs / 1000}s:\n${this.logTail()}`);
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/** Polls `check` every `intervalMs` until it returns a value, or fails with `describe()` after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, describe: () => string, intervalMs = 1000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${Math.round(timeoutMs / 1000)}s: ${describe()}`);
    }
    await sleep(intervalMs);
  }
}
