import * as fs from 'node:fs';
import * as path from 'node:path';
import { fitsEnvFile, formatEnvFile, parseEnvFile } from './env-file';

/**
 * The git-ignored folder of plaintext credentials (`.secrets/` by default), one entry per Secret:
 * - `<namespace>/<name>.env`: single-line values, `KEY=value`;
 * - `<namespace>/<name>/<key>`: one file per multi-line value (SSH keys, known_hosts), read as bytes.
 * Folders are created 0700 and files 0600: only the owner reads them.
 */
export class PlaintextStore {
  /** Top-level folders that hold no namespace (the sealing key pair lives beside the credentials). */
  static readonly RESERVED = new Set(['sealing-key']);

  constructor(readonly directory: string) {}

  envFile(namespace: string, name: string): string {
    return path.join(this.directory, namespace, `${name}.env`);
  }

  filesDirectory(namespace: string, name: string): string {
    return path.join(this.directory, namespace, name);
  }

  /** Every Secret that has plaintext here, sorted by namespace and name. */
  list(): Array<{ namespace: string; name: string }> {
    if (!fs.existsSync(this.directory)) {
      return [];
    }
    const entries: Array<{ namespace: string; name: string }> = [];
    for (const namespace of fs.readdirSync(this.directory).sort()) {
      const folder = path.join(this.directory, namespace);
      if (PlaintextStore.RESERVED.has(namespace) || namespace.startsWith('.') || !fs.statSync(folder).isDirectory()) {
        continue;
      }
      const names = new Set<string>();
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        if (entry.isFile() && entry.name.endsWith('.env')) {
          names.add(entry.name.slice(0, -'.env'.length));
        } else if (entry.isDirectory()) {
          names.add(entry.name);
        }
      }
      entries.push(...[...names].sort().map((name) => ({ namespace, name })));
    }
    return entries;
  }

  /** The plaintext of `namespace/name`, or undefined when there is none. */
  read(namespace: string, name: string): Record<string, string | Buffer> | undefined {
    const envFile = this.envFile(namespace, name);
    const filesDirectory = this.filesDirectory(namespace, name);
    const hasEnv = fs.existsSync(envFile);
    const hasFiles = fs.existsSync(filesDirectory) && fs.statSync(filesDirectory).isDirectory();
    if (!hasEnv && !hasFiles) {
      return undefined;
    }
    const values: Record<string, string | Buffer> = hasEnv ? parseEnvFile(fs.readFileSync(envFile, 'utf8'), envFile) : {};
    if (hasFiles) {
      for (const key of fs.readdirSync(filesDirectory).sort()) {
        const file = path.join(filesDirectory, key);
        if (!fs.statSync(file).isFile()) {
          continue;
        }
        if (key in values) {
          throw new Error(`key "${key}" of ${namespace}/${name} is both in ${envFile} and a file ${file}; keep one of them`);
        }
        values[key] = fs.readFileSync(file);
      }
    }
    return values;
  }

  /** Writes `values`: single-line ones into the env file, multi-line ones into files of their own. */
  write(namespace: string, name: string, values: Record<string, string | Buffer>, header: readonly string[] = []): void {
    const single: Record<string, string> = {};
    const multi: Record<string, Buffer> = {};
    for (const [key, value] of Object.entries(values)) {
      const text = Buffer.isBuffer(value) ? value.toString('utf8') : value;
      if (!Buffer.isBuffer(value) && fitsEnvFile(text)) {
        single[key] = text;
      } else {
        multi[key] = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
      }
    }
    fs.mkdirSync(path.join(this.directory, namespace), { recursive: true, mode: 0o700 });
    fs.writeFileSync(this.envFile(namespace, name), formatEnvFile(single, header), { mode: 0o600 });
    for (const key of Object.keys(single)) {
      // A value that moved into the env file must not linger as a file (read() would see it twice).
      fs.rmSync(path.join(this.filesDirectory(namespace, name), key), { force: true });
    }
    if (Object.keys(multi).length) {
      fs.mkdirSync(this.filesDirectory(namespace, name), { recursive: true, mode: 0o700 });
      for (const [key, value] of Object.entries(multi)) {
        fs.writeFileSync(path.join(this.filesDirectory(namespace, name), key), value, { mode: 0o600 });
      }
    }
  }
}
