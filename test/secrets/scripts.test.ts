import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEALED_SECRETS_NAMES } from '../../src/config/sealed-secrets';
import { serviceProxyName } from '../../src/secrets/controller-rbac';
import { seal } from '../../src/secrets/seal';
import { writeSealedFile } from '../../src/secrets/sealed-file';
import { SealingCertificate } from '../../src/secrets/sealing-certificate';
import { rsaKeyPair, temporaryDirectory } from '../support/certificates';
import { REPO_ROOT } from '../support/paths';
import { run, tool } from '../support/tools';

const SEALING_KEY = path.join(REPO_ROOT, 'scripts', 'sealing-key.sh');
const FETCH_CERT = path.join(REPO_ROOT, 'scripts', 'fetch-cert.sh');
/** The helpers both scripts source. */
const COMMAND_PLAN = path.join(REPO_ROOT, 'scripts', 'lib', 'command-plan.sh');

/**
 * A PATH whose `kubectl` only records its arguments (one call per line in `log`): `get deployment`
 * answers "not found" unless `controllerRunning`, `create … -o yaml` prints a stand-in manifest.
 */
function fakeKubectl(controllerRunning = false): { env: NodeJS.ProcessEnv; calls: () => string[] } {
  const directory = temporaryDirectory('fake-kubectl');
  const log = path.join(directory, 'calls.log');
  fs.writeFileSync(log, '');
  fs.writeFileSync(path.join(directory, 'kubectl'), [
    '#!/usr/bin/env bash',
    // `apply` reads the manifest piped from `create` first, so the log keeps the pipeline's order.
    'case "$*" in *" apply "* | "apply "*) cat >/dev/null ;; esac',
    `echo "$*" >> ${JSON.stringify(log)}`,
    'case "$*" in',
    `  *"get deployment/"*) exit ${controllerRunning ? 0 : 1} ;;`,
    '  *"create secret tls"*) echo "kind: Secret" ;;',
    'esac',
    '',
  ].join('\n'), { mode: 0o755 });
  return { env: { ...process.env, PATH: `${directory}${path.delimiter}${process.env.PATH}` }, calls: () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const lines = (text: string) => text.split('\n').filter(Boolean);
const indexOf = (plan: string[], fragment: string) => plan.findIndex((line) => line.includes(fragment));

describe('scripts', () => {
  test.each([SEALING_KEY, FETCH_CERT, COMMAND_PLAN])('%s is shellcheck-clean', (script) => {
    const result = run(tool('shellcheck'), ['--severity=style', script]);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  test.each([SEALING_KEY, FETCH_CERT])('%s runs under set -euo pipefail', (script) => {
    expect(fs.readFileSync(script, 'utf8')).toMatch(/^#!\/usr\/bin\/env bash\n(#.*\n)*set -euo pipefail\n/);
  });

  describe('sealing-key.sh install (called by scripts/deploy.sh)', () => {
    const pair = rsaKeyPair();
    const keyDirectory = path.dirname(pair.certificateFile);

    test('--dry-run prints the plan in order and runs nothing: TLS Secret, active label, restart only a running controller', () => {
      const kubectl = fakeKubectl();
      const result = run('bash', [SEALING_KEY, 'install', '--dir', keyDirectory, '--context', 'kind-pipeline-ops', '--dry-run'], { env: kubectl.env });
      expect(result.status).toBe(0);
      const plan = lines(result.stdout);
      expect(plan).toHaveLength(3);
      expect(plan[0]).toBe(`kubectl --context kind-pipeline-ops -n kube-system create secret tls ${SEALED_SECRETS_NAMES.installedKey} --cert=${pair.certificateFile} --key=${pair.privateKeyFile} --dry-run=client -o yaml | kubectl --context kind-pipeline-ops apply --server-side --field-manager=pipeline-ops -f -`);
      expect(plan[1]).toBe(`kubectl --context kind-pipeline-ops -n kube-system label secret ${SEALED_SECRETS_NAMES.installedKey} ${SEALED_SECRETS_NAMES.keyLabel}=active app.kubernetes.io/part-of=pipeline-ops --overwrite`);
      expect(plan[2]).toMatch(/^if kubectl .* get deployment\/sealed-secrets-controller .*; then .* rollout restart deployment\/sealed-secrets-controller .*; fi$/);
      expect(kubectl.calls()).toEqual([]);
    });

    test('for real (against a stand-in kubectl) it makes the same calls in the same order', () => {
      const kubectl = fakeKubectl(true);
      const result = run('bash', [SEALING_KEY, 'install', '--dir', keyDirectory, '--secrets-dir', temporaryDirectory('no-sealed-files')], { env: kubectl.env });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const calls = kubectl.calls();
      const steps = ['create secret tls', 'apply --server-side', 'label secret', 'get deployment', 'rollout restart', 'rollout status'];
      expect(calls.map((call) => steps.find((step) => call.includes(step)) ?? call)).toEqual(steps);
    });

    test('--dry-run without a key pair still prints the plan (exit 0) and warns', () => {
      const result = run('bash', [SEALING_KEY, 'install', '--dir', temporaryDirectory('empty'), '--dry-run']);
      expect(result.status).toBe(0);
      expect(lines(result.stdout)).toHaveLength(3);
      expect(result.stderr).toMatch(/warning: no key pair in .* \(npm run secrets:bootstrap creates one\)/);
    });

    test('for real without a key pair it fails before calling kubectl, naming the fix', () => {
      const kubectl = fakeKubectl();
      const result = run('bash', [SEALING_KEY, 'install', '--dir', temporaryDirectory('empty')], { env: kubectl.env });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/error: no key pair in .*; run npm run secrets:bootstrap/);
      expect(kubectl.calls()).toEqual([]);
    });

    test('a private key that does not belong to the certificate is refused before anything reaches the cluster', () => {
      const mixed = temporaryDirectory('mixed');
      fs.copyFileSync(pair.certificateFile, path.join(mixed, 'tls.crt'));
      fs.copyFileSync(rsaKeyPair().privateKeyFile, path.join(mixed, 'tls.key'));
      const kubectl = fakeKubectl();
      const result = run('bash', [SEALING_KEY, 'install', '--dir', mixed], { env: kubectl.env });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/tls\.key is not the private key of .*tls\.crt/);
      expect(kubectl.calls()).toEqual([]);
    });

    test('warns when the committed sealed files were sealed for another certificate', () => {
      const other = SealingCertificate.fromPem(rsaKeyPair().certificatePem);
      const secretsDirectory = temporaryDirectory('sealed-for-another');
      writeSealedFile(secretsDirectory, seal(other, { example: 'value' }, { namespace: 'airflow', name: 'example' }), other);
      const result = run('bash', [SEALING_KEY, 'install', '--dir', keyDirectory, '--dry-run', '--secrets-dir', secretsDirectory]);
      expect(result.status).toBe(0);
      expect(result.stderr).toMatch(/warning: no sealed file in .* was sealed for .*; the controller will not unseal them: run npm run rotate -- --cert/);
      const own = SealingCertificate.fromPem(pair.certificatePem);
      writeSealedFile(secretsDirectory, seal(own, { example: 'value' }, { namespace: 'airflow', name: 'example' }), own);
      expect(run('bash', [SEALING_KEY, 'install', '--dir', keyDirectory, '--dry-run', '--secrets-dir', secretsDirectory]).stderr).toBe('');
    });

    test('the usage text documents the interface deploy.sh relies on', () => {
      const result = run('bash', [SEALING_KEY, '--help']);
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('scripts/sealing-key.sh install [--dir DIR] [--context CTX] [--dry-run]');
      expect(result.stdout).toContain('Under --dry-run, stdout holds only the commands, one per line.');
    });

    test.each([[['bogus']], [['install', '--bogus']], [[]]])('bad usage %j exits 2', (args) => {
      expect(run('bash', [SEALING_KEY, ...args]).status).toBe(2);
    });
  });

  describe('sealing-key.sh create', () => {
    test('--dry-run prints the openssl command: RSA 4096, 10 years, private key written under umask 077', () => {
      const plan = lines(run('bash', [SEALING_KEY, 'create', '--dir', '/tmp/k', '--dry-run']).stdout);
      expect(plan[0]).toBe('mkdir -p -m 700 /tmp/k');
      expect(plan[1]).toMatch(/^\(umask 077 && openssl req -x509 -nodes -newkey rsa:4096 -days 3650 .* -keyout \/tmp\/k\/tls\.key -out \/tmp\/k\/tls\.crt/);
    });

    test('creates a pair the project seals with, and refuses to overwrite it without --force', () => {
      const directory = path.join(temporaryDirectory('create'), 'sealing-key');
      expect(run('bash', [SEALING_KEY, 'create', '--dir', directory, '--days', '30']).status).toBe(0);
      expect(fs.statSync(path.join(directory, 'tls.key')).mode & 0o777).toBe(0o600);
      const certificate = SealingCertificate.fromPem(fs.readFileSync(path.join(directory, 'tls.crt')));
      expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
      const again = run('bash', [SEALING_KEY, 'create', '--dir', directory]);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/already holds a key pair; pass --force/);
    });
  });

  test('sealing-key.sh backup and restore --dry-run plans', () => {
    const backup = lines(run('bash', [SEALING_KEY, 'backup', '--out', '/tmp/keys.yaml', '--dry-run']).stdout);
    expect(backup).toEqual(['mkdir -p -m 700 /tmp', `(umask 077 && kubectl -n kube-system get secret -l ${SEALED_SECRETS_NAMES.keyLabel} -o yaml > /tmp/keys.yaml)`]);
    const restore = lines(run('bash', [SEALING_KEY, 'restore', '--from', '/tmp/keys.yaml', '--dry-run']).stdout);
    expect(restore[0]).toBe('kubectl apply -f /tmp/keys.yaml');
    expect(restore[1]).toMatch(/rollout restart deployment\/sealed-secrets-controller/);
  });

  describe('fetch-cert.sh', () => {
    test('--dry-run --via kubectl: wait for the controller, then the service proxy path the proxier Role allows', () => {
      const result = run('bash', [FETCH_CERT, '--via', 'kubectl', '--out', '/tmp/c.pem', '--dry-run']);
      expect(result.status).toBe(0);
      expect(lines(result.stdout)).toEqual([
        'kubectl -n kube-system rollout status deployment/sealed-secrets-controller --timeout=300s',
        'mkdir -p /tmp',
        `kubectl get --raw /api/v1/namespaces/kube-system/services/${serviceProxyName(SEALED_SECRETS_NAMES.controller, 'http')}/proxy/v1/cert.pem > /tmp/c.pem`,
        'openssl x509 -in /tmp/c.pem -noout -subject -enddate -fingerprint -sha256',
      ]);
    });

    test('--dry-run --via kubeseal uses kubeseal --fetch-cert with the controller\'s name and namespace', () => {
      const plan = lines(run('bash', [FETCH_CERT, '--via', 'kubeseal', '--context', 'kind-x', '--dry-run']).stdout);
      expect(indexOf(plan, 'rollout status')).toBe(0);
      expect(plan[2]).toMatch(/kubeseal --context kind-x --controller-namespace kube-system --controller-name sealed-secrets-controller --fetch-cert > \.secrets\/controller-cert\.pem$/);
    });

    test('an unknown --via is bad usage', () => {
      expect(run('bash', [FETCH_CERT, '--via', 'curl']).status).toBe(2);
    });
  });
});
