import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { ClusterChart } from '../../src/foundation/cluster-chart';
import { NamespaceChart } from '../../src/foundation/namespace-chart';
import { PodSecurityLevel } from '../../src/foundation/pod-security';
import { recommendedLabels } from '../../src/foundation/labels';
import { CommittedSealedSecret } from '../../src/secrets/committed-sealed-secret';
import { seal } from '../../src/secrets/seal';
import { writeSealedFile } from '../../src/secrets/sealed-file';
import { SealingCertificate } from '../../src/secrets/sealing-certificate';
import { SealingScope } from '../../src/secrets/scope';
import { DEV_VALUES } from '../../src/secrets/secret-requirement';
import { main as sealMain } from '../../src/cli/seal';
import { sealCommand, SECRETS_DIRECTORY_CONTEXT } from '../../src/secrets/secrets-directory';
import { rsaKeyPair, temporaryDirectory } from '../support/certificates';
import { manifestsOf } from '../support/test-app';
import { unsealManifest } from '../support/unseal';

const identity = { name: 'grafana', component: 'dashboards' };
const keys = [{ key: 'admin-password', description: 'Grafana admin password', devValue: DEV_VALUES.password() }];

function chartReading(secretsDirectory: string) {
  const app = new App({ outdir: temporaryDirectory('unused-dist') });
  app.node.setContext(SECRETS_DIRECTORY_CONTEXT, secretsDirectory);
  new ClusterChart(app, 'cluster');
  return { app, chart: new NamespaceChart(app, 'monitoring', { namespace: 'monitoring', podSecurity: PodSecurityLevel.RESTRICTED, podSecurityReason: 'test' }) };
}

describe('CommittedSealedSecret', () => {
  const pair = rsaKeyPair();
  const certificate = SealingCertificate.fromPem(pair.certificatePem);

  test('a missing sealed file fails synth with the exact seal command', () => {
    const { app, chart } = chartReading(temporaryDirectory('empty-secrets'));
    new CommittedSealedSecret(chart, 'grafana-admin', { name: 'grafana-admin', identity, description: 'Grafana admin login', keys });
    const expected = 'sealed secret monitoring/grafana-admin (Grafana admin login) is missing: no <file>; write admin-password into .secrets/monitoring/grafana-admin.env and run: '
      + 'npm run seal -- --cert <controller-cert.pem> --namespace monitoring --name grafana-admin --from-env-file .secrets/monitoring/grafana-admin.env';
    const pattern = expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('<file>', '\\S*monitoring/grafana-admin\\.sealed\\.yaml');
    expect(() => app.synth()).toThrow(new RegExp(pattern));
  });

  test('running that command (after writing the env file) makes synth pass', () => {
    const root = temporaryDirectory('seal-loop');
    fs.mkdirSync(path.join(root, '.secrets', 'monitoring'), { recursive: true });
    fs.writeFileSync(path.join(root, '.secrets', 'monitoring', 'grafana-admin.env'), 'admin-password=loop-value\n');
    const command = sealCommand('monitoring', 'grafana-admin').replace('<controller-cert.pem>', pair.certificateFile);
    const args = command.split(' ').slice(command.split(' ').indexOf('--') + 1);
    expect(sealMain(args, { cwd: root, out: () => undefined, err: (line) => { throw new Error(line); } })).toBe(0);
    const { app, chart } = chartReading(path.join(root, 'secrets'));
    new CommittedSealedSecret(chart, 'grafana-admin', { name: 'grafana-admin', identity, description: 'Grafana admin login', keys });
    expect(() => app.synth()).not.toThrow();
  });

  test('emits the sealed file as a bitnami.com/v1alpha1 SealedSecret, with the recommended labels on it and its template', () => {
    const directory = temporaryDirectory('secrets');
    writeSealedFile(directory, seal(certificate, { 'admin-password': 'from-the-file' }, { namespace: 'monitoring', name: 'grafana-admin', scope: SealingScope.NAMESPACE_WIDE }), certificate);
    const { chart } = chartReading(directory);
    const secret = new CommittedSealedSecret(chart, 'grafana-admin', { name: 'grafana-admin', identity, description: 'Grafana admin login', keys });
    const [manifest] = manifestsOf(chart).filter((m) => m.kind === 'SealedSecret');
    expect(manifest.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(manifest.metadata.labels).toEqual(recommendedLabels(identity));
    expect(manifest.spec.template.metadata.labels).toEqual(recommendedLabels(identity));
    expect(unsealManifest(manifest as any, pair.privateKey)).toEqual({ 'admin-password': 'from-the-file' });
    expect(secret.apiObject).toBeDefined();
    expect(secret.file).toBe(path.join(directory, 'monitoring', 'grafana-admin.sealed.yaml'));
  });

  test('a sealed file that lacks a key the stack reads fails synth naming the key', () => {
    const directory = temporaryDirectory('secrets');
    writeSealedFile(directory, seal(certificate, { other: 'v' }, { namespace: 'monitoring', name: 'grafana-admin' }), certificate);
    const { app, chart } = chartReading(directory);
    new CommittedSealedSecret(chart, 'grafana-admin', { name: 'grafana-admin', identity, description: 'Grafana admin login', keys });
    expect(() => app.synth()).toThrow(/grafana-admin\.sealed\.yaml lacks the keys admin-password that the stack reads; write admin-password into/);
  });
});
