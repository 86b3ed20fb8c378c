import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SETUP_READINESS_PATHS, SETUP_SCRIPT_FILE } from '../../src/logging/api-setup-script';
import { clientAccounts, ELASTICSEARCH_USER_KEYS } from '../../src/logging/elasticsearch-users';
import { DEFAULT_INDEX_PREFIXES, logIndices } from '../../src/logging/log-indices';
import { ilmPolicy, indexTemplate } from '../../src/logging/retention';
import { LOGGING_SEED } from '../../src/config/logging';
import { testApp } from '../support/test-app';
import { findManifest, synthDefaultApp } from '../support/default-app';
import { RecordedRequest, runBash, startFakeServer } from '../support/fake-http-server';
import { run, tool } from '../support/tools';

/**
 * The setup Jobs' scripts, run for real: bash and curl execute the ConfigMap's setup.sh against a local
 * HTTP server standing in for Elasticsearch or Kibana. The exact request sequence is asserted, and a
 * second run must send the very same requests (idempotent PUTs and POSTs with override).
 */

const { manifests } = synthDefaultApp();

/** Temporary folders of this file, removed when it finishes. */
const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
afterAll(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
const configFiles = (name: string): Record<string, string> => findManifest(manifests, 'ConfigMap', name, 'logging').data;

/** Development-looking passwords with the characters that break naive quoting. */
const PASSWORDS: Record<string, string> = {
  [ELASTICSEARCH_USER_KEYS.elastic]: 'el&astic"pass\\word',
  [ELASTICSEARCH_USER_KEYS.kibanaSystem]: 'kibana $(touch /tmp/pwned) `x` &amp; "q"',
  [ELASTICSEARCH_USER_KEYS.fluentd]: "fluentd'single\\\"mix&",
  [ELASTICSEARCH_USER_KEYS.exporter]: 'exporter-plain-0123',
};

/** Writes the ConfigMap files and the credentials to a fresh folder. */
function workspace(files: Record<string, string>): { setupDir: string; credentialsDir: string } {
  const root = tempDir('pipeline-ops-setup-');
  const setupDir = path.join(root, 'setup');
  const credentialsDir = path.join(root, 'credentials');
  fs.mkdirSync(setupDir);
  fs.mkdirSync(credentialsDir);
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(setupDir, name), content);
  }
  for (const [key, value] of Object.entries(PASSWORDS)) {
    fs.writeFileSync(path.join(credentialsDir, key), value);
  }
  return { setupDir, credentialsDir };
}

const basicAuth = (password: string) => `Basic ${Buffer.from(`elastic:${password}`).toString('base64')}`;
const summary = (requests: RecordedRequest[]) => requests.map((r) => ({ method: r.method, url: r.url, body: r.body ? JSON.parse(r.body) : undefined }));

async function runSetup(configMap: string, options: { elasticsearch?: (r: RecordedRequest, i: number) => number; kibana?: boolean } = {}) {
  const server = await startFakeServer((request, index) => ({ status: options.elasticsearch ? options.elasticsearch(request, index) : 200 }));
  try {
    const { setupDir, credentialsDir } = workspace(configFiles(configMap));
    const result = await runBash(path.join(setupDir, SETUP_SCRIPT_FILE), {
      ELASTICSEARCH_URL: server.url,
      ...(options.kibana ? { KIBANA_URL: server.url } : {}),
      SETUP_DIR: setupDir,
      CREDENTIALS_DIR: credentialsDir,
      CA_FILE: '',
      WAIT_ATTEMPTS: '5',
      WAIT_SECONDS: '0',
    });
    return { ...result, requests: [...server.requests] };
  } finally {
    await server.close();
  }
}

const { chart } = testApp('logging');
const indices = Object.values(logIndices(chart, DEFAULT_INDEX_PREFIXES, LOGGING_SEED.retentionDays));

describe('setup Job: retention (ILM policies, index templates), then the users', () => {
  test('waits for cluster health, PUTs every policy and every template, and only then sets kibana_system\'s password and PUTs roles and users, as elastic', async () => {
    const first = await runSetup('elasticsearch-setup');
    expect(first.code).toBe(0);
    const accounts = clientAccounts(indices);
    // Fluentd cannot write before its user exists: with the templates first, no index is created without them.
    expect(summary(first.requests)).toEqual([
      { method: 'GET', url: SETUP_READINESS_PATHS.elasticsearch, body: undefined },
      ...indices.map((index) => ({ method: 'PUT', url: `/_ilm/policy/${index.policyName}`, body: ilmPolicy(LOGGING_SEED.retentionDays) })),
      ...indices.map((index) => ({ method: 'PUT', url: `/_index_template/${index.templateName}`, body: indexTemplate(index) })),
      { method: 'POST', url: '/_security/user/kibana_system/_password', body: { password: PASSWORDS[ELASTICSEARCH_USER_KEYS.kibanaSystem] } },
      ...accounts.roles.map((role) => ({ method: 'PUT', url: `/_security/role/${role.name}`, body: role.body })),
      ...accounts.users.map((user) => ({
        method: 'PUT', url: `/_security/user/${user.username}`,
        body: { password: PASSWORDS[user.passwordKey], roles: user.roles, full_name: `${user.username} (pipeline-ops logging stack)` },
      })),
    ]);
    for (const request of first.requests) {
      expect(request.headers.authorization).toBe(basicAuth(PASSWORDS[ELASTICSEARCH_USER_KEYS.elastic]));
    }
    expect(first.requests[1].url).toBe('/_ilm/policy/pipeline-logs-7d');
  });

  test('a refused template stops the Job before any user exists', async () => {
    const result = await runSetup('elasticsearch-setup', { elasticsearch: (r) => (r.url.startsWith('/_index_template/') ? 400 : 200) });
    expect(result.code).not.toBe(0);
    expect(result.requests.filter((r) => r.url.startsWith('/_security/'))).toEqual([]);
  });

  test('is idempotent: a second run sends exactly the same requests', async () => {
    const first = await runSetup('elasticsearch-setup');
    const second = await runSetup('elasticsearch-setup');
    expect(second.code).toBe(0);
    expect(summary(second.requests)).toEqual(summary(first.requests));
  });

  test('keeps polling while the cluster is not yet yellow (408), then proceeds', async () => {
    const result = await runSetup('elasticsearch-setup', { elasticsearch: (r, i) => (r.method === 'GET' && i < 2 ? 408 : 200) });
    expect(result.code).toBe(0);
    expect(result.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
    expect(result.stdout).toContain('waiting for Elasticsearch (HTTP 408');
  });

  test('fails, with Elasticsearch\'s answer in its log, when a request is refused', async () => {
    const result = await runSetup('elasticsearch-setup', { elasticsearch: (r) => (r.url.startsWith('/_index_template/') ? 400 : 200) });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/index template pipeline-logs: PUT failed \(HTTP 400\)/);
    expect(result.requests.filter((r) => r.url.startsWith('/_index_template/'))).toHaveLength(1);
  });

  test('gives up when Elasticsearch never becomes ready', async () => {
    const result = await runSetup('elasticsearch-setup', { elasticsearch: () => 503 });
    expect(result.code).not.toBe(0);
    expect(result.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(result.stdout).toContain('Elasticsearch did not become ready');
  });
});

describe('setup Job: the users (kibana_system, Fluentd and exporter accounts)', () => {
  test('never prints a password, and a second run sends the same requests', async () => {
    const first = await runSetup('elasticsearch-setup');
    const second = await runSetup('elasticsearch-setup');
    expect(summary(second.requests)).toEqual(summary(first.requests));
    for (const password of Object.values(PASSWORDS)) {
      expect(first.stdout + first.stderr).not.toContain(password);
    }
    expect(fs.existsSync('/tmp/pwned')).toBe(false);
  });

  test('the Fluentd role may only create documents in the log indices; the exporter may only monitor', () => {
    const { roles } = clientAccounts(indices);
    expect(roles).toEqual([
      { name: 'pipeline-log-writer', body: { cluster: [], indices: [{ names: ['pipeline-logs-*', 'k8s-audit-*'], privileges: ['create_doc', 'auto_configure'] }] } },
      { name: 'pipeline-metrics-reader', body: { cluster: ['monitor'], indices: [] } },
    ]);
  });
});

describe('data views Job', () => {
  test('waits for Kibana, then POSTs one data view per index family with override and the xsrf header', async () => {
    const first = await runSetup('kibana-data-views-setup', { kibana: true });
    expect(first.code).toBe(0);
    expect(summary(first.requests)).toEqual([
      { method: 'GET', url: SETUP_READINESS_PATHS.kibana, body: undefined },
      ...indices.map((index) => ({
        method: 'POST', url: '/api/data_views/data_view',
        body: { override: true, data_view: { id: index.prefix, title: index.pattern, name: index.displayName, timeFieldName: '@timestamp', allowNoIndex: true } },
      })),
    ]);
    expect(first.requests.every((r) => r.headers['kbn-xsrf'] !== undefined)).toBe(true);
    const second = await runSetup('kibana-data-views-setup', { kibana: true });
    expect(summary(second.requests)).toEqual(summary(first.requests));
  });
});

describe('certificate Job', () => {
  const files = configFiles('elasticsearch-certificates');
  const job = findManifest(manifests, 'Job', 'elasticsearch-certificates', 'logging');
  const jobEnv: Record<string, string> = Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));

  /** A stand-in for elasticsearch-certutil: writes zips shaped like its --pem output. */
  function fakeCertutil(dir: string): string {
    const file = path.join(dir, 'certutil');
    fs.writeFileSync(file, [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      `echo "$*" >> ${JSON.stringify(path.join(dir, 'calls'))}`,
      'mode=$1; shift; out=""; name=ca',
      'while (($#)); do case $1 in --out) out=$2; shift ;; --name) name=$2; shift ;; esac; shift; done',
      `tmp=$(mktemp -d -p ${JSON.stringify(dir)}); mkdir -p "$tmp/$name"`,
      'echo "CERT $mode $name" > "$tmp/$name/$name.crt"; echo "KEY $mode $name" > "$tmp/$name/$name.key"',
      '(cd "$tmp" && zip -q -r "$out" "$name")',
    ].join('\n'));
    fs.chmodSync(file, 0o755);
    return file;
  }

  async function runCertificates(existing: boolean) {
    const dir = tempDir('pipeline-ops-certs-');
    const sa = path.join(dir, 'serviceaccount');
    fs.mkdirSync(sa);
    fs.writeFileSync(path.join(sa, 'token'), 'service-account-token');
    fs.writeFileSync(path.join(sa, 'namespace'), 'logging');
    fs.writeFileSync(path.join(sa, 'ca.crt'), 'unused for http');
    fs.writeFileSync(path.join(dir, 'create-certificates.sh'), files['create-certificates.sh']);
    const server = await startFakeServer((request) => ({ status: request.method === 'GET' ? (existing ? 200 : 404) : 201 }));
    try {
      const result = await runBash(path.join(dir, 'create-certificates.sh'), { ...jobEnv, API_SERVER: server.url, SA_DIR: sa, CERTUTIL: fakeCertutil(dir) });
      return { ...result, requests: [...server.requests], dir };
    } finally {
      await server.close();
    }
  }

  test('creates the TLS secret through the API when it is missing, with a CA and a certificate for the Service names', async () => {
    const result = await runCertificates(false);
    expect(result.code).toBe(0);
    expect(result.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/v1/namespaces/logging/secrets/elasticsearch-tls',
      'POST /api/v1/namespaces/logging/secrets',
    ]);
    expect(result.requests[0].headers.authorization).toBe('Bearer service-account-token');
    const secret = JSON.parse(result.requests[1].body);
    expect(secret).toMatchObject({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'elasticsearch-tls', labels: { 'app.kubernetes.io/name': 'elasticsearch' } } });
    const decoded = Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString().trim()]));
    expect(decoded).toEqual({ 'ca.crt': 'CERT ca ca', 'tls.crt': 'CERT cert elasticsearch', 'tls.key': 'KEY cert elasticsearch' });
    const calls = fs.readFileSync(path.join(result.dir, 'calls'), 'utf8');
    expect(calls).toContain(`--dns ${jobEnv.DNS_NAMES}`);
    expect(jobEnv.DNS_NAMES.split(',')).toEqual(['localhost', 'elasticsearch', 'elasticsearch.logging', 'elasticsearch.logging.svc', 'elasticsearch.logging.svc.cluster.local']);
  });

  test('does nothing when the secret exists (idempotent), and never runs certutil', async () => {
    const result = await runCertificates(true);
    expect(result.code).toBe(0);
    expect(result.requests.map((r) => r.method)).toEqual(['GET']);
    expect(fs.existsSync(path.join(result.dir, 'calls'))).toBe(false);
  });
});

describe('shell scripts of the stack pass shellcheck', () => {
  const scripts: Array<[string, string]> = [
    ['elasticsearch-setup/setup.sh', configFiles('elasticsearch-setup')[SETUP_SCRIPT_FILE]],
    ['kibana-data-views-setup/setup.sh', configFiles('kibana-data-views-setup')[SETUP_SCRIPT_FILE]],
    ['elasticsearch-certificates/create-certificates.sh', configFiles('elasticsearch-certificates')['create-certificates.sh']],
    ['elasticsearch-config/ready.sh', configFiles('elasticsearch-config')['ready.sh']],
  ];
  test.each(scripts)('%s', (_name, content) => {
    const file = path.join(tempDir('pipeline-ops-shellcheck-'), 'script.sh');
    fs.writeFileSync(file, content);
    const result = run(tool('shellcheck'), ['--shell=bash', '--severity=style', file]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('Elasticsearch readiness probe script', () => {
  async function probe(status: number) {
    const dir = tempDir('pipeline-ops-ready-');
    fs.writeFileSync(path.join(dir, 'ready.sh'), configFiles('elasticsearch-config')['ready.sh']);
    fs.writeFileSync(path.join(dir, 'password'), PASSWORDS[ELASTICSEARCH_USER_KEYS.elastic]);
    fs.writeFileSync(path.join(dir, 'ca.crt'), 'unused for http');
    const server = await startFakeServer(() => ({ status }));
    try {
      const result = await runBash(path.join(dir, 'ready.sh'), {
        PROBE_PASSWORD_FILE: path.join(dir, 'password'), CA_FILE: path.join(dir, 'ca.crt'),
        READY_URL: `${server.url}/_cluster/health?wait_for_status=yellow&timeout=1s`,
      });
      return { ...result, requests: [...server.requests] };
    } finally {
      await server.close();
    }
  }

  test('ready when the cluster health answers 200, authenticated as elastic with the password file', async () => {
    const result = await probe(200);
    expect(result.code).toBe(0);
    expect(result.requests.map((r) => r.url)).toEqual(['/_cluster/health?wait_for_status=yellow&timeout=1s']);
    expect(result.requests[0].headers.authorization).toBe(basicAuth(PASSWORDS[ELASTICSEARCH_USER_KEYS.elastic]));
  });

  test('not ready while the cluster is red or starting (408)', async () => {
    expect((await probe(408)).code).not.toBe(0);
  });
});
