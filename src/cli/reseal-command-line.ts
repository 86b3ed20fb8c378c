import { parseArgs } from 'node:util';
import { SealingCertificate } from '../secrets/sealing-certificate';
import { certificateFileOption, CliIo, parseCommandLine, resolvePath } from './cli-support';
import { readCertificate } from './seal';

/** What seal:all and rotate are given: the certificate to seal for, where the plaintext is and where sealed files go. */
export interface ResealCommandLine {
  readonly certificate: SealingCertificate;
  readonly plaintextDirectory: string;
  readonly secretsDirectory: string;
}

/**
 * Parses the command line seal:all and rotate share (`--cert`, `--plaintext-dir`, `--secrets-dir`,
 * `--help`) and reads the certificate. Returns undefined after printing `usage` for --help.
 */
export function parseResealCommandLine(argv: string[], io: CliIo, usage: string): ResealCommandLine | undefined {
  const { values: options } = parseCommandLine(() => parseArgs({
    args: argv,
    strict: true,
    options: {
      'cert': { type: 'string' },
      'plaintext-dir': { type: 'string', default: '.secrets' },
      'secrets-dir': { type: 'string', default: 'secrets' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
  if (options.help) {
    io.out(usage);
    return undefined;
  }
  return {
    certificate: readCertificate(io, certificateFileOption(options.cert)),
    plaintextDirectory: resolvePath(io, options['plaintext-dir']!),
    secretsDirectory: resolvePath(io, options['secrets-dir']!),
  };
}
