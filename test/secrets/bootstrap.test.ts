import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { main as bootstrapMain } from '../../src/cli/bootstrap';
import { CliIo } from '../../src/cli/cli-support';
import { PlatformApp } from '../../src/foundation/platform-app';
import { PipelinePlatform } from '../../src/platform';
import { CommittedSealedSecret } from '../../src/secrets/committed-sealed-secret';
import { DEV_VALUES, DevValueSource, randomDevValues } from '../../src/secrets/secret-requirement';
import { SECRETS_DIRECTORY_CONTEXT } from '../../src/secrets/secrets-directory';
import { PlaintextStore } from '../../src/secrets/workflow/plaintext-store';
import { readManifests } from '../support/default-app';
import { temporaryDirectory } from '../support/certificates';
import { REPO_ROOT } from '../support/paths';
import { run } from '../support/tools';
import { unsealManifest } from '../support/unseal';

/** Credentials this test adds to the default app, so the check never runs on an app without any. */
function addTestCredentials(chart: Construct): void {
  const identity = { name: 'bootstrap-test', component: 'credentials' };
  new CommittedSealedSecret(chart, 'bootstrap-test-db', { name: 'bootstrap-test-db', identity, description: 'a database login', keys: [
    { key: 'username', description: 'user name', devValue: DEV_VALUES.literal('pipeline') },
    { key: 'password', description: 'password', devValue: DEV_VALUES.password() },
    { key: 'fernet-key', description: 'a Fernet key', devValue: DEV_VALUES.fernetKey() },
    { key: 'token', description: 'an API token', devValue: DEV_VALUES.hex(24) },
  ] });
  new CommittedSealedSecret(chart, 'bootstrap-test-git', { name: 'bootstrap-test-git', identity, description: 'a deploy key', keys: [
    { key: 'ssh', description: 'SSH private key', devValue: (random) => random.sshKeyPair().privateKey },
  ] });
}

/** The default platform plus the test credentials, reading sealed files from `secretsDirectory`. */
function platformApp(secretsDirectory: string, outdir = temporaryDirectory('unused-dist')): PlatformApp {
  const app = new PlatformApp({ outdir });
  app.node.setContext(SECRETS_DIRECTORY_CONTEXT, secretsDirectory);
  const platform = new PipelinePlatform(app);
  addTestCredentials(platform.airflowChart);
  return app;
}

/** Strings that must never leave the plaintext folder: every random value, and every long line of a multi-line one. */
function needlesOf(value: string): string[] {
  return value.includes('\n') ? value.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----')) : [value];
}

function filesUnder(directory: string): string[] {
  return fs.readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The repository's own files: git's view (tracked plus untracked, not ignored), or a walk without the ignored folders outside a git checkout. */
function repositoryFiles(): string[] {
  const listed = run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z']);
  const files = listed.status === 0
    ? listed.stdout.split('\0').filter(Boolean).map((file) => path.join(REPO_ROOT, file))
    : filesUnder(REPO_ROOT).filter((file) => !/(^|\/)(node_modules|\.git|\.tools|\.venv|\.secrets|dist|lib|coverage)\//.test(path.relative(REPO_ROOT, file)));
  return files.filter((file) => fs.existsSync(file) && fs.statSync(file).isFile());
}

describe('npm run secrets:bootstrap', () => {
  const root = temporaryDirectory('bootstrap');
  const secretsDirectory = path.join(root, 'secrets');
  const generated: string[] = [];
  const remember = (value: string) => { generated.push(value); return value; };
  const recording: DevValueSource = {
    password: (length) => remember(randomDevValues.password(length)),
    hex: (count) => remember(randomDevValues.hex(count)),
    fernetKey: () => remember(randomDevValues.fernetKey()),
    sshKeyPair: () => { const pair = randomDevValues.sshKeyPair(); remember(pair.privateKey); return pair; },
  };
  const output: string[] = [];
  const io: CliIo = { cwd: root, out: (line) => output.push(line), err: (line) => output.push(`ERR ${line}`) };
  let requirements: CommittedSealedSecret[];

  beforeAll(() => {
    const app = platformApp(secretsDirectory);
    requirements = CommittedSealedSecret.allUnder(app);
    expect(bootstrapMain([], io, app, recording)).toBe(0);
  });

  // The folder holds private keys and plaintext (test values, but still): leave nothing behind.
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('creates a key pair in .secrets/sealing-key/, readable by its owner only', () => {
    const key = path.join(root, '.secrets', 'sealing-key', 'tls.key');
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(root, '.secrets', 'sealing-key', 'tls.crt'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(output[0]).toMatch(/^created the sealing key pair in \.secrets\/sealing-key \(certificate SHA-256 /);
  });

  test('writes a value for every key of every credential the app needs, and seals each for the new key', () => {
    const store = new PlaintextStore(path.join(root, '.secrets'));
    const privateKey = fs.readFileSync(path.join(root, '.secrets', 'sealing-key', 'tls.key'), 'utf8');
    expect(requirements.length).toBeGreaterThanOrEqual(2);
    for (const secret of requirements) {
      const plaintext = store.read(secret.namespace, secret.secretName)!;
      expect(Object.keys(plaintext).sort()).toEqual([...secret.keys].sort());
      const sealed = parse(fs.readFileSync(path.join(secretsDirectory, secret.namespace, `${secret.secretName}.sealed.yaml`), 'utf8'));
      const asText = Object.fromEntries(Object.entries(plaintext).map(([k, v]) => [k, v.toString()]));
      expect(unsealManifest(sealed, privateKey)).toEqual(asText);
    }
    expect(fs.readFileSync(path.join(root, '.secrets', 'airflow', 'bootstrap-test-git', 'ssh'), 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(fs.statSync(path.join(root, '.secrets', 'airflow', 'bootstrap-test-db.env')).mode & 0o777).toBe(0o600);
  });

  test('no generated value, nor the sealing key, is anywhere in the repository or in a synthesized dist/', () => {
    const outdir = path.join(root, 'dist');
    platformApp(secretsDirectory, outdir).synth();
    const dist = filesUnder(outdir);
    const synthesized = dist.flatMap((file) => (file.endsWith('.k8s.yaml') ? readManifests(file) : []));
    for (const secret of requirements) {
      expect(synthesized.some((m) => m.kind === 'SealedSecret' && m.metadata.name === secret.secretName && m.metadata.namespace === secret.namespace)).toBe(true);
    }
    expect(synthesized.filter((m) => m.kind === 'Secret')).toEqual([]);

    const privateKey = fs.readFileSync(path.join(root, '.secrets', 'sealing-key', 'tls.key'), 'utf8');
    // Compared case-insensitively: a credential may carry a generated value transformed (e.g. an upper-cased AWS key id).
    const needles = [...generated, privateKey].flatMap(needlesOf).map((needle) => needle.toLowerCase());
    expect(needles.length).toBeGreaterThan(requirements.length);
    const plaintextFiles = filesUnder(path.join(root, '.secrets')).map((file) => fs.readFileSync(file, 'utf8')).join('\n').toLowerCase();
    // The search can find them: each one is in the plaintext folder.
    expect(needles.filter((needle) => !plaintextFiles.includes(needle))).toEqual([]);

    const repository = repositoryFiles();
    expect(repository.length).toBeGreaterThan(50);
    const leaks = [...repository, ...dist, ...filesUnder(secretsDirectory)].flatMap((file) => {
      const text = fs.readFileSync(file, 'latin1').toLowerCase();
      return needles.filter((needle) => text.includes(needle)).map(() => path.relative(root, file));
    });
    expect(leaks).toEqual([]);
  });

  test('a second run keeps the key and the values and rewrites nothing', () => {
    const files = filesUnder(root).filter((file) => !file.includes(`${path.sep}dist${path.sep}`));
    const before = new Map(files.map((file) => [file, fs.readFileSync(file, 'utf8')]));
    const again: string[] = [];
    expect(bootstrapMain([], { cwd: root, out: (line) => again.push(line), err: (line) => again.push(line) }, platformApp(secretsDirectory), recording)).toBe(0);
    expect(again.slice(0, 3).map((line) => line.replace(/\(certificate SHA-256 .*\)/, '(…)'))).toEqual([
      'kept the sealing key pair in .secrets/sealing-key (…)', '0 development value(s) written to .secrets', '0 sealed secret(s) written',
    ]);
    for (const [file, text] of before) {
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
    }
  });

  test('--new-key replaces the pair (keeping the old one aside) and re-seals everything for it, with the same values', () => {
    const oldKey = fs.readFileSync(path.join(root, '.secrets', 'sealing-key', 'tls.key'), 'utf8');
    expect(bootstrapMain(['--new-key'], { cwd: root, out: () => undefined, err: (line) => { throw new Error(line); } }, platformApp(secretsDirectory), recording)).toBe(0);
    const newKey = fs.readFileSync(path.join(root, '.secrets', 'sealing-key', 'tls.key'), 'utf8');
    expect(newKey).not.toBe(oldKey);
    const kept = fs.readdirSync(path.join(root, '.secrets', 'sealing-key')).filter((entry) => entry.startsWith('replaced-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(root, '.secrets', 'sealing-key', kept[0], 'tls.key'), 'utf8')).toBe(oldKey);
    const sealed = parse(fs.readFileSync(path.join(secretsDirectory, 'airflow', 'bootstrap-test-db.sealed.yaml'), 'utf8'));
    expect(unsealManifest(sealed, newKey).username).toBe('pipeline');
    expect(() => unsealManifest(sealed, oldKey)).toThrow();
  });
});
