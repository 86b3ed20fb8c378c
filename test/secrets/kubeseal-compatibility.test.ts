import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { recommendedLabels } from '../../src/foundation/labels';
import { seal } from '../../src/secrets/seal';
import { SealedSecret } from '../../src/secrets/sealed-secret';
import { sealedFileContent } from '../../src/secrets/sealed-file';
import { SealingCertificate } from '../../src/secrets/sealing-certificate';
import { SealingScope } from '../../src/secrets/scope';
import { rsaKeyPair, temporaryDirectory, TestKeyPair } from '../support/certificates';
import { REPO_ROOT } from '../support/paths';
import { manifestsOf, testApp } from '../support/test-app';
import { run, tool } from '../support/tools';
import { unsealManifest, unsealValue } from '../support/unseal';

/** kubeseal with no kubeconfig: every namespace must come from the command line or the input. */
function kubeseal(args: string[], input?: string) {
  const home = temporaryDirectory('kubeseal-home');
  return run(tool('kubeseal'), args, { input, env: { PATH: process.env.PATH, HOME: home, KUBECONFIG: path.join(home, 'none') } });
}

const values = { username: 'airflow', password: 'p@ss:word/with+symbols=', 'known_hosts': 'github.com ssh-ed25519 AAAAC3Nza\ngitlab.com ssh-ed25519 AAAAC3Nzb\n' };
const scopes = Object.values(SealingScope);

describe('compatibility with kubeseal (built from tools/kubeseal/go.mod)', () => {
  let pair: TestKeyPair;
  let certificate: SealingCertificate;
  let work: string;
  beforeAll(() => {
    pair = rsaKeyPair(4096);
    certificate = SealingCertificate.fromPem(pair.certificatePem);
    work = temporaryDirectory('kubeseal');
  });

  test('the kubeseal cross-checked is the version pinned in tools/kubeseal/go.mod', () => {
    const pinned = /github\.com\/bitnami-labs\/sealed-secrets (v[\d.]+)/.exec(fs.readFileSync(path.join(REPO_ROOT, 'tools', 'kubeseal', 'go.mod'), 'utf8'))![1];
    expect(kubeseal(['--version']).stdout.trim()).toBe(`kubeseal version: ${pinned}`);
  });

  describe('values sealed by the project decrypt with kubeseal --recovery-unseal', () => {
    test.each(scopes)('%s: a committed sealed file (header comments included)', (scope) => {
      const file = path.join(work, `committed-${scope}.sealed.yaml`);
      fs.writeFileSync(file, sealedFileContent(seal(certificate, values, { namespace: 'airflow', name: 'airflow-git-sync', scope }), certificate));
      const result = kubeseal(['--recovery-unseal', '--recovery-private-key', pair.privateKeyFile, '-f', file, '-o', 'yaml']);
      expect(result.stderr).toBe('');
      const secret = parse(result.stdout);
      expect(secret.metadata).toMatchObject({ name: 'airflow-git-sync', namespace: 'airflow' });
      expect(Object.fromEntries(Object.entries(secret.data).map(([k, v]) => [k, Buffer.from(v as string, 'base64').toString('utf8')]))).toEqual(values);
    });

    test.each(scopes)('%s: the object the SealedSecret construct synthesizes', (scope) => {
      const { chart } = testApp('monitoring');
      new SealedSecret(chart, 'grafana-admin', { name: 'grafana-admin', identity: { name: 'grafana', component: 'dashboards' }, certificate, values: { password: 'admin-pass' }, scope });
      const file = path.join(work, `construct-${scope}.yaml`);
      fs.writeFileSync(file, stringify(manifestsOf(chart).find((m) => m.kind === 'SealedSecret')));
      const secret = parse(kubeseal(['--recovery-unseal', '--recovery-private-key', pair.privateKeyFile, '-f', file, '-o', 'yaml']).stdout);
      expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('admin-pass');
      expect(secret.metadata.labels).toEqual(recommendedLabels({ name: 'grafana', component: 'dashboards' }));
    });

    test('with the wrong private key kubeseal refuses, as the controller would', () => {
      const file = path.join(work, 'wrong-key.yaml');
      fs.writeFileSync(file, stringify(seal(certificate, { password: 'p' }, { namespace: 'airflow', name: 'x' })));
      const result = kubeseal(['--recovery-unseal', '--recovery-private-key', rsaKeyPair(2048).privateKeyFile, '-f', file]);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/no key could decrypt secret \(password\)/);
    });
  });

  describe('values sealed by kubeseal decrypt with the test-only unseal helper', () => {
    test.each(scopes)('%s: kubeseal --raw --cert', (scope) => {
      const valueFile = path.join(work, `raw-${scope}`);
      fs.writeFileSync(valueFile, values.known_hosts);
      const result = kubeseal(['--raw', '--scope', scope, '--namespace', 'logging', '--name', 'elasticsearch-users', '--cert', pair.certificateFile, `--from-file=${valueFile}`]);
      expect(result.stderr).toBe('');
      expect(unsealValue(pair.privateKey, result.stdout, scope, 'logging', 'elasticsearch-users').toString()).toBe(values.known_hosts);
    });

    test.each(scopes)('%s: a whole Secret through kubeseal --cert -o yaml is the object seal() builds', (scope) => {
      const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'alertmanager-receivers', namespace: 'monitoring' }, type: 'Opaque', stringData: values };
      const result = kubeseal(['--cert', pair.certificateFile, '--scope', scope, '-o', 'yaml'], stringify(secret));
      expect(result.stderr).toBe('');
      const theirs = parseAllDocuments(result.stdout).map((d) => d.toJS()).filter(Boolean)[0];
      expect(unsealManifest(theirs, pair.privateKey)).toEqual(values);
      // Same shape, key for key, once the (random) ciphertexts are set aside.
      const ours = seal(certificate, values, { namespace: 'monitoring', name: 'alertmanager-receivers', scope });
      const withoutCiphertexts = (m: any) => ({ ...m, spec: { ...m.spec, encryptedData: Object.keys(m.spec.encryptedData).sort() } });
      expect(withoutCiphertexts(ours)).toEqual(withoutCiphertexts(theirs));
    });
  });
});
