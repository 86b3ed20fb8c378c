/**
 * `npm run rotate -- --cert <new pem>`: re-seals every committed sealed file (secrets/**) for a new
 * certificate, from the plaintext in .secrets/. Run it after the controller renewed its key or after a
 * new key pair was installed, so every file is sealed for the current key. All or nothing.
 */
import { PlaintextStore } from '../secrets/workflow/plaintext-store';
import { resealAll } from '../secrets/workflow/reseal';
import { listSealedFiles } from '../secrets/workflow/sealed-files';
import { CliIo, displayPath, processIo, runCli } from './cli-support';
import { parseResealCommandLine } from './reseal-command-line';

export const ROTATE_USAGE = `Usage: npm run rotate -- --cert <new pem> [options]

Re-seals every secrets/<namespace>/<name>.sealed.yaml for the new certificate, from the plaintext in
.secrets/ (same layout as seal:all), keeping each file's scope and type. Nothing is written unless every
committed file has its plaintext; a file without one can be recovered with the old private key:
  kubeseal --recovery-unseal --recovery-private-key <old tls.key> -f <file> -o yaml
(see docs/runbooks/credential-rotation.md).

Options
  --cert <pem>             the new certificate (scripts/fetch-cert.sh after the renewal); default $SEALED_SECRETS_CERT
  --plaintext-dir <dir>    default .secrets
  --secrets-dir <dir>      default secrets
  -h, --help`;

export function main(argv: string[], io: CliIo = processIo): number {
  return runCli('rotate', ROTATE_USAGE, io, () => {
    const commandLine = parseResealCommandLine(argv, io, ROTATE_USAGE);
    if (!commandLine) {
      return;
    }
    const { certificate, plaintextDirectory, secretsDirectory } = commandLine;
    const committed = listSealedFiles(secretsDirectory);
    if (committed.length === 0) {
      io.out(`nothing to rotate: no sealed files under ${displayPath(io, secretsDirectory)}`);
      return;
    }
    const results = resealAll({
      certificate,
      plaintext: new PlaintextStore(plaintextDirectory),
      secretsDirectory,
      targets: committed.map((file) => ({ namespace: file.namespace, name: file.name, requiredKeys: file.keys })),
    });
    for (const result of results) {
      const from = result.previousFingerprint ? `was ${result.previousFingerprint.slice(0, 23)}…` : 'had no certificate header';
      io.out(`re-sealed ${displayPath(io, result.file)} (${from})`);
    }
    io.out(`${results.length} sealed secret(s) now sealed for certificate SHA-256 ${certificate.fingerprint}; commit secrets/ and apply`);
  });
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
