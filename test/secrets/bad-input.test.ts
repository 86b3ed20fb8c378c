import * as fs from 'node:fs';
import { Duration } from 'cdk8s';
import { seal } from '../../src/secrets/seal';
import { SealedSecret } from '../../src/secrets/sealed-secret';
import { SealedSecretsStack } from '../../src/secrets/sealed-secrets-stack';
import { SealingCertificate } from '../../src/secrets/sealing-certificate';
import { parseScope, SealingScope } from '../../src/secrets/scope';
import { ecKeyPair, expiredKeyPair, rsaKeyPair, TestKeyPair } from '../support/certificates';
import { testApp } from '../support/test-app';
import { run, tool } from '../support/tools';

const identity = { name: 'airflow', component: 'core' };

describe('bad input is a clear error', () => {
  let pair: TestKeyPair;
  let certificate: SealingCertificate;
  beforeAll(() => {
    pair = rsaKeyPair();
    certificate = SealingCertificate.fromPem(pair.certificatePem);
  });

  describe('certificates', () => {
    test('an expired certificate, which kubeseal refuses too', () => {
      const expired = expiredKeyPair();
      expect(() => SealingCertificate.fromPem(expired.certificatePem, 'old-cert.pem'))
        .toThrow('old-cert.pem expired on 2020-02-01; fetch the controller\'s current certificate (scripts/fetch-cert.sh) or create a new key pair (scripts/sealing-key.sh)');
      const kubeseal = run(tool('kubeseal'), ['--raw', '--scope', 'cluster-wide', '--cert', expired.certificateFile, `--from-file=${expired.certificateFile}`]);
      expect(kubeseal.stderr).toMatch(/failed to encrypt using an expired certificate on February 1, 2020/);
    });

    test('a certificate that is not valid yet is accepted, as kubeseal accepts it', () => {
      expect(() => SealingCertificate.fromPem(pair.certificatePem, 'cert.pem', new Date('2001-01-01'))).not.toThrow();
    });

    test('a non-RSA (EC) certificate', () => {
      expect(() => SealingCertificate.fromPem(ecKeyPair().certificatePem, 'ec.pem'))
        .toThrow('ec.pem holds a public key of type ec, not RSA; sealed-secrets seals with RSA only — use the controller\'s certificate (scripts/fetch-cert.sh)');
    });

    test('text that is not a certificate (e.g. the private key by mistake)', () => {
      expect(() => SealingCertificate.fromPem(fs.readFileSync(pair.privateKeyFile), 'tls.key'))
        .toThrow(/^tls\.key is not a PEM X\.509 certificate \(.+\); fetch the controller's with scripts\/fetch-cert\.sh/);
    });
  });

  test('an unknown scope', () => {
    expect(() => parseScope('namespace')).toThrow('unknown sealing scope "namespace"; use one of strict, namespace-wide, cluster-wide');
  });

  test('an empty value', () => {
    expect(() => seal(certificate, { password: '' }, { namespace: 'airflow', name: 'airflow-admin' }))
      .toThrow('value of key "password" in secret airflow/airflow-admin is empty; an empty credential is almost always a mistake — set a value or drop the key');
  });

  test('no values at all', () => {
    expect(() => seal(certificate, {}, { namespace: 'airflow', name: 'airflow-admin' })).toThrow('secret airflow/airflow-admin has no values; give at least one key=value');
  });

  test('a secret name that is not a valid Kubernetes name', () => {
    expect(() => seal(certificate, { p: 'v' }, { namespace: 'airflow', name: 'Airflow_Admin' }))
      .toThrow('secret name "Airflow_Admin" is not a valid Kubernetes name (lowercase letters, digits, \'-\' and \'.\'); rename it, e.g. "airflow-admin"');
  });

  test('a namespace that is not a valid namespace name', () => {
    expect(() => seal(certificate, { p: 'v' }, { namespace: 'data.team', name: 'x' })).toThrow('namespace "data.team" of secret x is not a valid namespace name (lowercase letters, digits and \'-\')');
  });

  test('a key that a Secret cannot hold', () => {
    expect(() => seal(certificate, { 'my key': 'v' }, { namespace: 'airflow', name: 'x' })).toThrow('key "my key" of secret airflow/x is not a valid Secret key (letters, digits, \'-\', \'_\' and \'.\')');
  });

  describe('the SealedSecret construct names its path', () => {
    test('an invalid name', () => {
      const { chart } = testApp('airflow');
      expect(() => new SealedSecret(chart, 'admin', { name: 'Admin', identity, certificate, values: { p: 'v' } }))
        .toThrow('airflow/admin: "Admin" is not a valid secret name (an RFC 1123 subdomain');
    });

    test('an empty value', () => {
      const { chart } = testApp('airflow');
      expect(() => new SealedSecret(chart, 'admin', { name: 'airflow-admin', identity, certificate, values: { password: '' } }))
        .toThrow('airflow/admin: "airflow-admin" cannot be sealed: value of key "password" in secret airflow/airflow-admin is empty');
    });

    test('a chart without a namespace (the namespace is part of the encryption)', () => {
      const { cluster } = testApp('airflow');
      expect(() => new SealedSecret(cluster, 'admin', { name: 'airflow-admin', identity, certificate, values: { p: 'v' }, scope: SealingScope.STRICT }))
        .toThrow('cluster/admin: undefined is the namespace of the chart holding this sealed secret (the namespace is part of the encryption); place it in a NamespaceChart');
    });
  });

  describe('SealedSecretsStack props', () => {
    test('a key renewal period under a day', () => {
      const { chart } = testApp('kube-system');
      expect(() => new SealedSecretsStack(chart, 'sealed-secrets', { keyRenewPeriod: Duration.hours(2) }))
        .toThrow('kube-system/sealed-secrets: "2h" is a key renewal period under 24h (each renewal adds a sealing key Secret that the controller never deletes); renew at most daily, e.g. Duration.hours(720), or Duration.seconds(0) to turn renewal off');
    });

    test('two controllers in one app', () => {
      const { chart } = testApp('kube-system');
      new SealedSecretsStack(chart, 'sealed-secrets');
      expect(() => new SealedSecretsStack(chart, 'again'))
        .toThrow('kube-system/again: "SealedSecretsStack" is declared twice in one app (there is one controller and one SealedSecret CRD per cluster); keep a single SealedSecretsStack');
    });

    test('a chart without a namespace', () => {
      const { cluster } = testApp('kube-system');
      expect(() => new SealedSecretsStack(cluster, 'sealed-secrets')).toThrow(/^cluster\/sealed-secrets: undefined is the namespace of the chart holding the sealed-secrets controller; place SealedSecretsStack in a NamespaceChart/);
    });
  });
});
