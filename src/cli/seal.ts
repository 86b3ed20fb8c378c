/**
 * `npm run seal -- --cert <pem> --namespace <ns> --name <name> --from-env-file <file>`: seals one
 * credential into secrets/<ns>/<name>.sealed.yaml (committed), the same object `kubeseal --cert`
 * writes. Sources combine: --from-env-file (KEY=value lines), --from-literal key=value and
 * --from-file key=path (for multi-line values such as SSH keys).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseEnvFile } from '../secrets/workflow/env-file';
import { seal } from '../secrets/seal';
import { writeSealedFile } from '../secrets/sealed-file';
import { SealingCertificate } from '../secrets/sealing-certificate';
import { parseScope, SealingScope } from '../secrets/scope';
import { parseArgs } from 'node:util';
import { certificateFileOption, CliIo, displayPath, parseCommandLine, processIo, required, resolvePath, runCli, UsageError } from './cli-support';

export const SEAL_USAGE = `Usage: npm run seal -- --cert <pem> --namespace <ns> --name <name> <sources…> [options]

Sources (combine any; each key once)
  --from-env-file <file>   KEY=value per line (value verbatim after the first "="; # comments)
  --from-literal <k=v>     one value (it stays in your shell history: prefer files)
  --from-file <k=path>     one value from a file, byte for byte (SSH keys, known_hosts);
                           without "k=", the key is the file's name
Options
  --cert <pem>             the controller's certificate (scripts/fetch-cert.sh), or the
                           bootstrap pair's .secrets/sealing-key/tls.crt; default $SEALED_SECRETS_CERT
  --scope <scope>          strict (default) | namespace-wide | cluster-wide
  --type <type>            type of the Secret the controller creates (default Opaque)
  --secrets-dir <dir>      where sealed files go (default secrets); writes <dir>/<ns>/<name>.sealed.yaml
  -h, --help`;

/** `key=value` split at the first "=". */
function keyValue(option: string, text: string): [string, string] {
  const separator = text.indexOf('=');
  if (separator <= 0) {
    throw new UsageError(`${option} expects key=value, got "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`);
  }
  return [text.slice(0, separator), text.slice(separator + 1)];
}

/** The values to seal, from every source given on the command line. */
export function collectValues(io: CliIo, sources: { envFiles?: string[]; literals?: string[]; files?: string[] }): Record<string, string | Buffer> {
  const values: Record<string, string | Buffer> = {};
  const origin: Record<string, string> = {};
  const add = (key: string, value: string | Buffer, from: string) => {
    if (key in values) {
      throw new UsageError(`key "${key}" is given twice (${origin[key]} and ${from}); keep one`);
    }
    values[key] = value;
    origin[key] = from;
  };
  for (const file of sources.envFiles ?? []) {
    const resolved = resolvePath(io, file);
    if (!fs.existsSync(resolved)) {
      throw new Error(`env file ${file} does not exist`);
    }
    for (const [key, value] of Object.entries(parseEnvFile(fs.readFileSync(resolved, 'utf8'), file))) {
      add(key, value, file);
    }
  }
  for (const literal of sources.literals ?? []) {
    const [key, value] = keyValue('--from-literal', literal);
    add(key, value, '--from-literal');
  }
  for (const spec of sources.files ?? []) {
    const [key, file] = spec.includes('=') ? keyValue('--from-file', spec) : [path.basename(spec), spec];
    const resolved = resolvePath(io, file);
    if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) {
      throw new Error(`--from-file ${spec}: ${file} is not a file`);
    }
    add(key, fs.readFileSync(resolved), file);
  }
  if (Object.keys(values).length === 0) {
    throw new UsageError('give at least one source: --from-env-file, --from-literal or --from-file');
  }
  return values;
}

/** Reads and checks a certificate file (RSA, not expired), naming the file in every error. */
export function readCertificate(io: CliIo, file: string): SealingCertificate {
  const resolved = resolvePath(io, file);
  if (!fs.existsSync(resolved)) {
    throw new Error(`certificate ${file} does not exist; fetch the controller's with scripts/fetch-cert.sh or create a key pair with npm run secrets:bootstrap`);
  }
  return SealingCertificate.fromPem(fs.readFileSync(resolved), file);
}

export function main(argv: string[], io: CliIo = processIo): number {
  return runCli('seal', SEAL_USAGE, io, () => {
    const { values: options } = parseCommandLine(() => parseArgs({
      args: argv,
      strict: true,
      options: {
        'cert': { type: 'string' },
        'namespace': { type: 'string', short: 'n' },
        'name': { type: 'string' },
        'from-env-file': { type: 'string', multiple: true },
        'from-literal': { type: 'string', multiple: true },
        'from-file': { type: 'string', multiple: true },
        'scope': { type: 'string', default: SealingScope.STRICT },
        'type': { type: 'string', default: 'Opaque' },
        'secrets-dir': { type: 'string', default: 'secrets' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
    if (options.help) {
      io.out(SEAL_USAGE);
      return;
    }
    const certFile = certificateFileOption(options.cert);
    const namespace = required(options.namespace, '--namespace');
    const name = required(options.name, '--name');
    const scope = parseCommandLine(() => parseScope(options.scope!));
    const certificate = readCertificate(io, certFile);
    const values = collectValues(io, { envFiles: options['from-env-file'], literals: options['from-literal'], files: options['from-file'] });
    const manifest = seal(certificate, values, { namespace, name, scope, type: options.type });
    const file = writeSealedFile(resolvePath(io, options['secrets-dir']!), manifest, certificate);
    io.out(`sealed ${Object.keys(manifest.spec.encryptedData).join(', ')} into ${displayPath(io, file)} (${scope}, certificate SHA-256 ${certificate.fingerprint})`);
  });
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
