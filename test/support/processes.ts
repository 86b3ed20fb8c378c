import { ChildProcess, spawn } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as net from 'node:net';

/** A free TCP port on 127.0.0.1 (the kernel picks one; it is released before the caller binds it). */
export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A free UDP port on 127.0.0.1. */
export async function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A background server started by a test; `output()` holds what it printed so far (for failure messages). */
export interface BackgroundProcess {
  readonly process: ChildProcess;
  output(): string;
  /** The last `lines` lines of its output. */
  outputTail(lines: number): string;
  /** Waits until `url` answers 200; fails with its output when it exits first or time runs out. */
  waitReady(url: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function startProcess(command: string, args: string[], options: { cwd?: string } = {}): BackgroundProcess {
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => { output += chunk; });
  child.stderr?.on('data', (chunk) => { output += chunk; });
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const outputTail = (lines: number) => output.trim().split('\n').slice(-lines).join('\n');
  return {
    process: child,
    output: () => output,
    outputTail,
    waitReady: async (url, timeoutMs = 30000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (hasExited()) {
          throw new Error(`${command} exited during start-up:\n${outputTail(20)}`);
        }
        if ((await httpGetText(url).catch(() => undefined)) !== undefined) {
          return;
        }
        if (Date.now() > deadline) {
          throw new Error(`${command} did not answer at ${url} within ${timeoutMs} ms:\n${outputTail(20)}`);
        }
        await sleep(250);
      }
    },
    stop: () => new Promise((resolve) => {
      if (hasExited()) {
        resolve();
        return;
      }
      // SIGKILL if SIGTERM has not ended it within 5 s, so a stuck server cannot hold up afterAll.
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    }),
  };
}

/**
 * Polls `check` every 200 ms until it returns a value, or fails after `timeoutMs` naming `what`, with the
 * last error `check` threw and `describe()` (what was seen instead).
 */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30000, describe: () => string = () => ''): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result !== undefined) {
        return result;
      }
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}\n${describe()}`);
}

/** The body of an HTTP GET, or undefined when the server does not answer 200 yet. */
export async function httpGetText(url: string): Promise<string | undefined> {
  const response = await fetch(url);
  return response.ok ? response.text() : undefined;
}
