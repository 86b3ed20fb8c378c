/**
 * `npm run secrets:bootstrap`: a working cluster of your own from a fresh clone. Creates a sealing key
 * pair in .secrets/sealing-key/ (unless one exists), writes a random development value for every
 * credential the default app needs into .secrets/ (keeping values already there), and re-seals
 * secrets/ for the pair. scripts/deploy.sh then installs the pair before the controller starts
 * (scripts/sealing-key.sh install). No value is printed.
 */
import * as path from 'node:path';
import { IConstruct } from 'constructs';
import { createDefaultApp } from '../default-app';
import { bootstrapSecrets } from '../secrets/workflow/bootstrap';
import { PlaintextStore } from '../secrets/workflow/plaintext-store';
import { DevValueSource } from '../secrets/secret-requirement';
import { parseArgs } from 'node:util';
import { CliIo, displayPath, parseCommandLine, processIo, resolvePath, runCli } from './cli-support';

export const BOOTSTRAP_USAGE = `Usage: npm run secrets:bootstrap [-- options]

Options
  --plaintext-dir <dir>    development values go here, git-ignored (default .secrets)
  --secrets-dir <dir>      sealed files (default secrets)
  --key-dir <dir>          the sealing key pair (default <plaintext-dir>/sealing-key)
  --new-key                replace an existing key pair (the old one is kept in <key-dir>/replaced-<time>/)
  -h, --help`;

export function main(argv: string[], io: CliIo = processIo, app: IConstruct = createDefaultApp().app, random?: DevValueSource): number {
  return runCli('secrets:bootstrap', BOOTSTRAP_USAGE, io, () => {
    const { values: options } = parseCommandLine(() => parseArgs({
      args: argv,
      strict: true,
      options: {
        'plaintext-dir': { type: 'string', default: '.secrets' },
        'secrets-dir': { type: 'string', default: 'secrets' },
        'key-dir': { type: 'string' },
        'new-key': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    }));
    if (options.help) {
      io.out(BOOTSTRAP_USAGE);
      return;
    }
    const plaintextDirectory = resolvePath(io, options['plaintext-dir']!);
    const keyDirectory = resolvePath(io, options['key-dir'] ?? path.join(options['plaintext-dir']!, 'sealing-key'));
    const result = bootstrapSecrets({
      app,
      plaintext: new PlaintextStore(plaintextDirectory),
      secretsDirectory: resolvePath(io, options['secrets-dir']!),
      keyDirectory,
      newKey: options['new-key'],
      random,
    });
    const keyDisplay = displayPath(io, keyDirectory);
    io.out(`${result.keyCreated ? 'created' : 'kept'} the sealing key pair in ${keyDisplay} (certificate SHA-256 ${result.keyPair.certificate.fingerprint})`);
    io.out(`${result.generated.length} development value(s) written to ${displayPath(io, plaintextDirectory)}${result.generated.length ? `: ${result.generated.join('; ')}` : ''}`);
    io.out(`${result.sealed.length} sealed secret(s) written${result.sealed.length ? `: ${result.sealed.map((r) => displayPath(io, r.file)).join(', ')}` : ''}`);
    io.out('Next: commit secrets/, then scripts/deploy.sh (it runs scripts/sealing-key.sh install before the controller starts).');
    io.out(`Keep ${keyDisplay}/tls.key safe: without it nothing sealed for this pair can be unsealed.`);
  });
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
