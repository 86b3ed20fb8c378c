import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { main as sealMain } from '../../src/cli/seal';
import { main as sealAllMain } from '../../src/cli/seal-all';
import { main as rotateMain } from '../../src/cli/rotate';
import { CliIo } from '../../src/cli/cli-support';
import { App } from 'cdk8s';
import { ClusterChart } from '../../src/foundation/cluster-chart';
import { NamespaceChart } from '../../src/foundation/namespace-chart';
import { PodSecurityLevel } from '../../src/foundation/pod-security';
import { CommittedSealedSecret } from '../../src/secrets/committed-sealed-secret';
import { seal } from '../../src/secrets/seal';
import { writeSealedFile } from '../../src/secrets/sealed-file';
import { SealingCertificate } from '../../src/secrets/sealing-certificate';
import { NAMESPACE_WIDE_ANNOTATION, SealingScope } from '../../src/secrets/scope';
import { DEV_VALUES } from '../../src/secrets/secret-requirement';
import { SECRETS_DIRECTORY_CONTEXT } from '../../src/secrets/secrets-directory';
import { rsaKeyPair, temporaryDirectory, TestKeyPair } from '../support/certificates';
import { REPO_ROOT } from '../support/paths';
import { run } from '../support/tools';
import { unsealManifest } from '../support/unseal';

/** A CliIo rooted in `cwd` that records what the CLI prints. */
function recordingIo(cwd: string): CliIo & { output: string[]; errors: string[] } {
  const output: string[] = [];
  const errors: string[] = [];
  return { cwd, output, errors, out: (line) => output.push(line), err: (line) => errors.push(line) };
}

const readSealed = (file: string) => parse(fs.readFileSync(file, 'utf8'));
const SSH_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIK\n-----END OPENSSH PRIVATE KEY-----\n';

describe('npm run seal', () => {
  let pair: TestKeyPair;
  let cwd: string;
  beforeAll(() => {
    pair = rsaKeyPair();
    cwd = temporaryDirectory('seal-cli');
    fs.mkdirSync(path.join(cwd, '.secrets', 'airflow'), { recursive: true });
    fs.writeFileSync(path.join(cwd, '.secrets', 'airflow', 'airflow-git-sync.env'), '# git-sync\nGIT_SYNC_USERNAME=deploy\n\nGIT_SYNC_PASSWORD=pa=ss#word \n');
    fs.writeFileSync(path.join(cwd, 'id_ed25519'), SSH_KEY);
  });

  test('writes secrets/<ns>/<name>.sealed.yaml with every source, sealed for the certificate', () => {
    const io = recordingIo(cwd);
    const status = sealMain(['--cert', pair.certificateFile, '--namespace', 'airflow', '--name', 'airflow-git-sync',
      '--from-env-file', '.secrets/airflow/airflow-git-sync.env', '--from-file', 'ssh=id_ed25519', '--from-literal', 'known_hosts=github.com ssh-ed25519 AAAA'], io);
    expect(io.errors).toEqual([]);
    expect(status).toBe(0);
    const file = path.join(cwd, 'secrets', 'airflow', 'airflow-git-sync.sealed.yaml');
    expect(io.output[0]).toMatch(/^sealed GIT_SYNC_PASSWORD, GIT_SYNC_USERNAME, known_hosts, ssh into secrets\/airflow\/airflow-git-sync\.sealed\.yaml \(strict, certificate SHA-256 /);
    const manifest = readSealed(file);
    expect(manifest.metadata).toEqual({ name: 'airflow-git-sync', namespace: 'airflow' });
    expect(unsealManifest(manifest, pair.privateKey)).toEqual({
      GIT_SYNC_USERNAME: 'deploy', GIT_SYNC_PASSWORD: 'pa=ss#word ', ssh: SSH_KEY, known_hosts: 'github.com ssh-ed25519 AAAA',
    });
    expect(fs.readFileSync(file, 'utf8')).toContain(`# Sealed for certificate SHA-256 ${SealingCertificate.fromPem(pair.certificatePem).fingerprint}.`);
  });

  test('--scope namespace-wide, and a file source without a key takes the file name', () => {
    const io = recordingIo(cwd);
    expect(sealMain(['--cert', pair.certificateFile, '-n', 'airflow', '--name', 'git-key', '--from-file', 'id_ed25519', '--scope', 'namespace-wide'], io)).toBe(0);
    const manifest = readSealed(path.join(cwd, 'secrets', 'airflow', 'git-key.sealed.yaml'));
    expect(manifest.metadata.annotations).toEqual({ [NAMESPACE_WIDE_ANNOTATION]: 'true' });
    expect(unsealManifest(manifest, pair.privateKey, { name: 'renamed' })).toEqual({ 'id_ed25519': SSH_KEY });
  });

  test.each([
    ['an unknown scope', 2, ['--scope', 'wide', '--from-literal', 'a=b'], 'seal: unknown sealing scope "wide"; use one of strict, namespace-wide, cluster-wide'],
    ['a missing --cert', 2, ['--cert', '', '--from-literal', 'a=b'], 'seal: --cert is required'],
    ['no source', 2, [], 'seal: give at least one source: --from-env-file, --from-literal or --from-file'],
    ['a key given twice', 2, ['--from-literal', 'a=b', '--from-literal', 'a=c'], 'seal: key "a" is given twice (--from-literal and --from-literal); keep one'],
    ['an empty value', 1, ['--from-literal', 'password='], 'seal: error: value of key "password" in secret airflow/x is empty; an empty credential is almost always a mistake — set a value or drop the key'],
    ['an unknown option', 2, ['--from-literal', 'a=b', '--froms-file', 'x'], 'seal: Unknown option \'--froms-file\''],
    ['a missing env file', 1, ['--from-env-file', 'nope.env'], 'seal: error: env file nope.env does not exist'],
  ])('%s is refused (exit %d)', (_what, status, args, message) => {
    const io = recordingIo(cwd);
    const cert = (args as string[])[0] === '--cert' ? [] : ['--cert', pair.certificateFile];
    expect(sealMain([...cert, '--namespace', 'airflow', '--name', 'x', ...(args as string[])], io)).toBe(status);
    expect(io.errors[0]).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(fs.existsSync(path.join(cwd, 'secrets', 'airflow', 'x.sealed.yaml'))).toBe(false);
  });

  test('a malformed env-file line names the file and line', () => {
    fs.writeFileSync(path.join(cwd, 'bad.env'), 'A=1\n-----BEGIN KEY-----\n');
    const io = recordingIo(cwd);
    expect(sealMain(['--cert', pair.certificateFile, '-n', 'airflow', '--name', 'x', '--from-env-file', 'bad.env'], io)).toBe(1);
    expect(io.errors[0]).toBe('seal: error: bad.env:2: expected KEY=value, got a line without "="; put multi-line values in a file and pass it with --from-file key=path');
  });

  test('runs through npm as the README shows it', () => {
    const out = temporaryDirectory('seal-npm');
    const result = run('npm', ['run', '--silent', 'seal', '--', '--cert', pair.certificateFile, '--namespace', 'monitoring', '--name', 'grafana-admin', '--from-literal', 'admin-password=s3cret', '--secrets-dir', out]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(unsealManifest(readSealed(path.join(out, 'monitoring', 'grafana-admin.sealed.yaml')), pair.privateKey)).toEqual({ 'admin-password': 's3cret' });
  });
});

/** An app with two committed sealed secrets (one with a multi-line key), reading sealed files from `secretsDirectory`. */
function appNeeding(secretsDirectory: string) {
  const app = new App({ outdir: temporaryDirectory('unused-dist') });
  app.node.setContext(SECRETS_DIRECTORY_CONTEXT, secretsDirectory);
  new ClusterChart(app, 'cluster');
  const chart = new NamespaceChart(app, 'airflow', { namespace: 'airflow', podSecurity: PodSecurityLevel.RESTRICTED, podSecurityReason: 'test' });
  const identity = { name: 'airflow', component: 'core' };
  new CommittedSealedSecret(chart, 'db', { name: 'airflow-metadata-db', identity, description: 'metadata database', keys: [
    { key: 'username', description: 'user', devValue: DEV_VALUES.literal('airflow') },
    { key: 'password', description: 'password', devValue: DEV_VALUES.password() },
  ] });
  new CommittedSealedSecret(chart, 'git', { name: 'airflow-git-sync', identity, description: 'git-sync deploy key', keys: [
    { key: 'ssh', description: 'deploy key', devValue: (random) => random.sshKeyPair().privateKey },
  ] });
  return app;
}

describe('npm run seal:all and npm run rotate', () => {
  let oldPair: TestKeyPair;
  let newPair: TestKeyPair;
  beforeAll(() => {
    oldPair = rsaKeyPair();
    newPair = rsaKeyPair();
  });

  function workspace() {
    const cwd = temporaryDirectory('reseal');
    fs.mkdirSync(path.join(cwd, '.secrets', 'airflow', 'airflow-git-sync'), { recursive: true });
    fs.writeFileSync(path.join(cwd, '.secrets', 'airflow', 'airflow-metadata-db.env'), 'username=airflow\npassword=pg-password\n');
    fs.writeFileSync(path.join(cwd, '.secrets', 'airflow', 'airflow-git-sync', 'ssh'), SSH_KEY);
    return cwd;
  }

  test('seal:all seals every credential of .secrets/ for the given certificate', () => {
    const cwd = workspace();
    const io = recordingIo(cwd);
    expect(sealAllMain(['--cert', newPair.certificateFile], io, appNeeding(path.join(cwd, 'secrets')))).toBe(0);
    expect(unsealManifest(readSealed(path.join(cwd, 'secrets/airflow/airflow-metadata-db.sealed.yaml')), newPair.privateKey)).toEqual({ username: 'airflow', password: 'pg-password' });
    expect(unsealManifest(readSealed(path.join(cwd, 'secrets/airflow/airflow-git-sync.sealed.yaml')), newPair.privateKey)).toEqual({ ssh: SSH_KEY });
    expect(io.output.at(-1)).toMatch(/^2 sealed secret\(s\) written for certificate SHA-256 /);
  });

  test('seal:all writes nothing when the app needs a key that .secrets/ lacks', () => {
    const cwd = workspace();
    fs.writeFileSync(path.join(cwd, '.secrets', 'airflow', 'airflow-metadata-db.env'), 'username=airflow\n');
    const io = recordingIo(cwd);
    expect(sealAllMain(['--cert', newPair.certificateFile], io, appNeeding(path.join(cwd, 'secrets')))).toBe(1);
    expect(io.errors[0]).toBe('seal:all: error: nothing was sealed, because:\n  airflow/airflow-metadata-db: the plaintext lacks password');
    expect(fs.existsSync(path.join(cwd, 'secrets'))).toBe(false);
  });

  test('rotate re-seals every committed file for the new certificate, keeping its scope', () => {
    const cwd = workspace();
    const oldCertificate = SealingCertificate.fromPem(oldPair.certificatePem);
    writeSealedFile(path.join(cwd, 'secrets'), seal(oldCertificate, { username: 'airflow', password: 'pg-password' }, { namespace: 'airflow', name: 'airflow-metadata-db', scope: SealingScope.NAMESPACE_WIDE }), oldCertificate);
    writeSealedFile(path.join(cwd, 'secrets'), seal(oldCertificate, { ssh: SSH_KEY }, { namespace: 'airflow', name: 'airflow-git-sync' }), oldCertificate);
    const io = recordingIo(cwd);
    expect(rotateMain(['--cert', newPair.certificateFile], io)).toBe(0);
    const db = readSealed(path.join(cwd, 'secrets/airflow/airflow-metadata-db.sealed.yaml'));
    expect(db.metadata.annotations).toEqual({ [NAMESPACE_WIDE_ANNOTATION]: 'true' });
    expect(unsealManifest(db, newPair.privateKey)).toEqual({ username: 'airflow', password: 'pg-password' });
    expect(() => unsealManifest(db, oldPair.privateKey)).toThrow();
    expect(io.output[0]).toBe(`re-sealed secrets/airflow/airflow-git-sync.sealed.yaml (was ${oldCertificate.fingerprint.slice(0, 23)}…)`);
  });

  test('rotate writes nothing when a committed file has no plaintext, and says how to recover it', () => {
    const cwd = workspace();
    const oldCertificate = SealingCertificate.fromPem(oldPair.certificatePem);
    const orphan = writeSealedFile(path.join(cwd, 'secrets'), seal(oldCertificate, { key: 'v' }, { namespace: 'logging', name: 'elasticsearch-users' }), oldCertificate);
    writeSealedFile(path.join(cwd, 'secrets'), seal(oldCertificate, { ssh: SSH_KEY }, { namespace: 'airflow', name: 'airflow-git-sync' }), oldCertificate);
    const before = fs.readFileSync(orphan, 'utf8');
    const io = recordingIo(cwd);
    expect(rotateMain(['--cert', newPair.certificateFile], io)).toBe(1);
    expect(io.errors[0]).toMatch(/^rotate: error: nothing was sealed, because:\n {2}logging\/elasticsearch-users: no plaintext \(.*\.secrets\/logging\/elasticsearch-users\.env/);
    expect(fs.readFileSync(orphan, 'utf8')).toBe(before);
    expect(unsealManifest(readSealed(path.join(cwd, 'secrets/airflow/airflow-git-sync.sealed.yaml')), oldPair.privateKey)).toEqual({ ssh: SSH_KEY });
  });

  test('rotate --help names the recovery command', () => {
    const io = recordingIo(REPO_ROOT);
    expect(rotateMain(['--help'], io)).toBe(0);
    expect(io.output[0]).toContain('kubeseal --recovery-unseal --recovery-private-key');
  });
});
