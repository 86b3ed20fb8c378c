import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { BASELINE_KUBERNETES_VERSION, KIND_KUBERNETES_VERSION } from '../../src/config/cluster';
import { SealedSecret } from '../../src/secrets/sealed-secret';
import { SealedSecretsStack } from '../../src/secrets/sealed-secrets-stack';
import { SealingCertificate } from '../../src/secrets/sealing-certificate';
import { SealingScope } from '../../src/secrets/scope';
import { rsaKeyPair, temporaryDirectory } from '../support/certificates';
import { REPO_ROOT } from '../support/paths';
import { manifestsOf, testApp } from '../support/test-app';
import { run, tool } from '../support/tools';

const SCHEMA_LOCATION = path.join(REPO_ROOT, '.tools', 'schemas', '{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}', '{{ .ResourceKind }}{{ .KindSuffix }}.json');

describe.each([BASELINE_KUBERNETES_VERSION, KIND_KUBERNETES_VERSION])('SealedSecret objects against the vendored CRD schema (kubeconform strict, Kubernetes %s)', (version) => {
  test('the construct\'s objects in all three scopes, and the controller stack', () => {
    const certificate = SealingCertificate.fromPem(rsaKeyPair().certificatePem);
    const { app, chart } = testApp('kube-system');
    new SealedSecretsStack(chart, 'sealed-secrets');
    for (const scope of Object.values(SealingScope)) {
      new SealedSecret(chart, scope, { name: `example-${scope}`, identity: { name: 'example', component: 'test' }, certificate, values: { username: 'u', password: 'p' }, scope, type: 'kubernetes.io/basic-auth', secretAnnotations: { note: 'x' } });
    }
    const manifests = manifestsOf(app);
    const file = path.join(temporaryDirectory('schema'), 'objects.yaml');
    fs.writeFileSync(file, manifests.map((m) => stringify(m)).join('---\n'));
    const result = run(tool('kubeconform'), ['-strict', '-summary', '-output', 'json', '-kubernetes-version', version, '-schema-location', SCHEMA_LOCATION, file]);
    const report = JSON.parse(result.stdout);
    expect(report.resources.filter((r: any) => r.status !== 'statusValid').map((r: any) => `${r.kind} ${r.name}: ${r.msg}`)).toEqual([]);
    expect(report.summary).toMatchObject({ valid: manifests.length, invalid: 0, errors: 0, skipped: 0 });
    expect(manifests.filter((m) => m.kind === 'SealedSecret')).toHaveLength(3);
  });
});
