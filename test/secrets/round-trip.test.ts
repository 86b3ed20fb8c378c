import { seal, sealValue } from '../../src/secrets/seal';
import { SealingCertificate } from '../../src/secrets/sealing-certificate';
import { CLUSTER_WIDE_ANNOTATION, NAMESPACE_WIDE_ANNOTATION, SealingScope } from '../../src/secrets/scope';
import { rsaKeyPair, TestKeyPair } from '../support/certificates';
import { unsealManifest, unsealValue } from '../support/unseal';

const values = { password: 'correct horse battery staple', 'id_rsa': '-----BEGIN KEY-----\nline one\nline two\n-----END KEY-----\n', 'unicode.key': 'pässwörd✓' };

describe('sealing round trip (test-only unseal helper)', () => {
  let pair: TestKeyPair;
  let certificate: SealingCertificate;
  beforeAll(() => {
    pair = rsaKeyPair(4096);
    certificate = SealingCertificate.fromPem(pair.certificatePem);
  });

  test.each(Object.values(SealingScope))('%s: every value comes back byte for byte', (scope) => {
    const manifest = seal(certificate, values, { namespace: 'airflow', name: 'airflow-connections', scope });
    expect(unsealManifest(manifest, pair.privateKey)).toEqual(values);
  });

  test('the ciphertext has kubeseal\'s layout: 2-byte length of a 512-byte RSA block, then value + 16-byte tag', () => {
    const ciphertext = Buffer.from(sealValue(certificate, 'abc', { namespace: 'x', name: 'y' }), 'base64');
    expect(ciphertext.readUInt16BE(0)).toBe(512);
    expect(ciphertext.length).toBe(2 + 512 + 3 + 16);
    expect(sealValue(certificate, 'abc', { namespace: 'x', name: 'y' })).toMatch(/^Ag/);
  });

  test('each sealing uses a fresh session key (same value, different ciphertext)', () => {
    const first = sealValue(certificate, 'same', { namespace: 'x', name: 'y' });
    expect(sealValue(certificate, 'same', { namespace: 'x', name: 'y' })).not.toBe(first);
  });

  describe('refusal to decrypt under another name or namespace', () => {
    const sealedFor = (scope: SealingScope) => seal(certificate, { password: 'p' }, { namespace: 'airflow', name: 'x', scope });

    test('strict: sealed for airflow/x, it cannot be unsealed as monitoring/x', () => {
      expect(() => unsealManifest(sealedFor(SealingScope.STRICT), pair.privateKey, { namespace: 'monitoring' })).toThrow(/oaep decoding error/i);
    });

    test('strict: nor as airflow/y', () => {
      expect(() => unsealManifest(sealedFor(SealingScope.STRICT), pair.privateKey, { name: 'y' })).toThrow(/oaep decoding error/i);
    });

    test('namespace-wide: any name in airflow, but not monitoring', () => {
      expect(unsealManifest(sealedFor(SealingScope.NAMESPACE_WIDE), pair.privateKey, { name: 'y' })).toEqual({ password: 'p' });
      expect(() => unsealManifest(sealedFor(SealingScope.NAMESPACE_WIDE), pair.privateKey, { namespace: 'monitoring' })).toThrow(/oaep decoding error/i);
    });

    test('cluster-wide: any name in any namespace', () => {
      expect(unsealManifest(sealedFor(SealingScope.CLUSTER_WIDE), pair.privateKey, { namespace: 'monitoring', name: 'y' })).toEqual({ password: 'p' });
    });

    test('the scope comes from the top-level annotation: without it a namespace-wide value does not decrypt', () => {
      const manifest = sealedFor(SealingScope.NAMESPACE_WIDE);
      const stripped = { ...manifest, metadata: { ...manifest.metadata, annotations: undefined } };
      expect(() => unsealManifest(stripped, pair.privateKey)).toThrow(/oaep decoding error/i);
    });

    test('another key pair cannot decrypt it', () => {
      const other = rsaKeyPair(2048);
      expect(() => unsealValue(other.privateKey, sealedFor(SealingScope.CLUSTER_WIDE).spec.encryptedData.password, SealingScope.CLUSTER_WIDE, 'airflow', 'x')).toThrow();
    });
  });

  describe('top-level metadata and spec.template.metadata agree', () => {
    test.each([
      [SealingScope.STRICT, undefined],
      [SealingScope.NAMESPACE_WIDE, { [NAMESPACE_WIDE_ANNOTATION]: 'true' }],
      [SealingScope.CLUSTER_WIDE, { [CLUSTER_WIDE_ANNOTATION]: 'true' }],
    ])('%s', (scope, annotations) => {
      const manifest = seal(certificate, { k: 'v' }, { namespace: 'logging', name: 'elasticsearch-users', scope, labels: { team: 'data' } });
      const template = manifest.spec.template.metadata;
      expect(manifest.metadata.annotations).toEqual(annotations);
      expect(template.annotations).toEqual(annotations);
      expect([template.name, template.namespace, template.labels]).toEqual([manifest.metadata.name, manifest.metadata.namespace, manifest.metadata.labels]);
      expect(manifest.spec.template.type).toBe('Opaque');
    });
  });
});
