import * as path from 'node:path';

/** Where a CLI writes and which folder its relative paths start from (tests pass their own). */
export interface CliIo {
  readonly cwd: string;
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  cwd: process.cwd(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A mistake in the command line (exit status 2, with a pointer to --help). */
export class UsageError extends Error {}

/** Runs a parse step (node's util.parseArgs, strict; or an option's value), turning its errors into usage errors. */
export function parseCommandLine<R>(parse: () => R): R {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The value of a required option, or a usage error naming it. */
export function required<V>(value: V | undefined, option: string): V {
  if (value === undefined || value === '') {
    throw new UsageError(`${option} is required`);
  }
  return value;
}

/** The certificate file to seal for: --cert, else $SEALED_SECRETS_CERT; a usage error without either. */
export function certificateFileOption(cert: string | undefined): string {
  return required(cert ?? process.env.SEALED_SECRETS_CERT, '--cert');
}

export function resolvePath(io: CliIo, file: string): string {
  return path.resolve(io.cwd, file);
}

/** A path as the user should see it: relative to where they ran the command when it is below it. */
export function displayPath(io: CliIo, file: string): string {
  const relative = path.relative(io.cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** Runs a CLI body: exit 0 on success, 2 on a usage error, 1 on any other error (message only, no stack). */
export function runCli(name: string, usage: string, io: CliIo, body: () => void): number {
  try {
    body();
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${name}: ${error.message}`);
      io.err(usage);
      return 2;
    }
    io.err(`${name}: error: ${(error as Error).message}`);
    return 1;
  }
}
