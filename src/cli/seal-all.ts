/**
 * `npm run seal:all -- --cert <pem>`: re-seals every credential of the git-ignored plaintext folder
 * (.secrets/<ns>/<name>.env plus .secrets/<ns>/<name>/<key> files) into secrets/, for a new cluster in
 * one step. It refuses (writing nothing) when a credential the default app needs, or one of its keys,
 * has no plaintext.
 */
import { IConstruct } from 'constructs';
import { createDefaultApp } from '../default-app';
import { CommittedSealedSecret } from '../secrets/committed-sealed-secret';
import { PlaintextStore } from '../secrets/workflow/plaintext-store';
import { resealAll, ResealTarget, resealTargetOf } from '../secrets/workflow/reseal';
import { CliIo, displayPath, processIo, runCli } from './cli-support';
import { parseResealCommandLine } from './reseal-command-line';

export const SEAL_ALL_USAGE = `Usage: npm run seal:all -- --cert <pem> [options]

Seals every .secrets/<namespace>/<name>.env (with its .secrets/<namespace>/<name>/<key> files) into
secrets/<namespace>/<name>.sealed.yaml, keeping each file's scope and type. Nothing is written unless
every credential the default app needs has all of its keys.

Options
  --cert <pem>             the target cluster's certificate (scripts/fetch-cert.sh); default $SEALED_SECRETS_CERT
  --plaintext-dir <dir>    default .secrets
  --secrets-dir <dir>      default secrets
  -h, --help`;

/** The plaintext entries plus the app's requirements: every entry is sealed; a requirement without plaintext is an error. */
export function sealAllTargets(app: IConstruct, store: PlaintextStore): ResealTarget[] {
  const required = new Map(CommittedSealedSecret.allUnder(app).map((s) => [`${s.namespace}/${s.secretName}`, s]));
  const targets = new Map<string, ResealTarget>();
  for (const entry of store.list()) {
    targets.set(`${entry.namespace}/${entry.name}`, entry);
  }
  for (const [key, secret] of required) {
    targets.set(key, resealTargetOf(secret));
  }
  return [...targets.values()];
}

export function main(argv: string[], io: CliIo = processIo, app: IConstruct = createDefaultApp().app): number {
  return runCli('seal:all', SEAL_ALL_USAGE, io, () => {
    const commandLine = parseResealCommandLine(argv, io, SEAL_ALL_USAGE);
    if (!commandLine) {
      return;
    }
    const { certificate, plaintextDirectory, secretsDirectory } = commandLine;
    const store = new PlaintextStore(plaintextDirectory);
    const targets = sealAllTargets(app, store);
    if (targets.length === 0) {
      io.out(`nothing to seal: ${displayPath(io, store.directory)} holds no credentials and the app needs none`);
      return;
    }
    const results = resealAll({ certificate, plaintext: store, secretsDirectory, targets });
    for (const result of results) {
      io.out(`sealed ${displayPath(io, result.file)} (${result.keys.length} key(s), ${result.scope})`);
    }
    io.out(`${results.length} sealed secret(s) written for certificate SHA-256 ${certificate.fingerprint}; commit secrets/`);
  });
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
