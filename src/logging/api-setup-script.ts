import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../foundation/package-root';

/**
 * The script behind the stack's setup Jobs: wait until Elasticsearch (and Kibana) answer, then send a
 * fixed list of create-or-overwrite requests (PUT, or POST with `override`), so running it twice sends
 * the same requests and leaves the same state. The requests are data (an {@link ApiSetupPlan}); the
 * script and one JSON file per request body are rendered from it into a ConfigMap, and tests run the
 * very same files against a local HTTP server.
 */

/** Which API a request goes to; each is reached through its own base URL (env `ELASTICSEARCH_URL`, `KIBANA_URL`). */
export type ApiTarget = 'elasticsearch' | 'kibana';

/** One request of a setup plan. */
export interface ApiRequest {
  /** What the request does, for the Job's log (e.g. "ILM policy pipeline-logs-7d"). */
  readonly description: string;
  readonly target: ApiTarget;
  readonly method: 'PUT' | 'POST';
  /** Path below the target's base URL, starting with `/`. */
  readonly path: string;
  /** JSON body. String values made with {@link secretPlaceholder} are replaced by a credential at run time. */
  readonly body: unknown;
  /** HTTP statuses that count as success. @default [200] */
  readonly acceptedStatuses?: readonly number[];
}

/** What a setup Job does: wait for its targets, then send its requests in order. */
export interface ApiSetupPlan {
  /** Title for the script header and log. */
  readonly title: string;
  readonly waitFor: readonly ApiTarget[];
  readonly requests: readonly ApiRequest[];
}

/** One plan that runs `plans` in order, after waiting for every target any of them waits for. */
export function sequencePlans(title: string, ...plans: readonly ApiSetupPlan[]): ApiSetupPlan {
  return {
    title,
    waitFor: [...new Set(plans.flatMap((plan) => plan.waitFor))],
    requests: plans.flatMap((plan) => plan.requests),
  };
}

/** Where the script checks that a target is ready (HTTP 200 means ready). */
export const SETUP_READINESS_PATHS: Record<ApiTarget, string> = {
  // 408 until the cluster is at least yellow (a single node with 0-replica indices is green).
  elasticsearch: '/_cluster/health?wait_for_status=yellow&timeout=10s',
  kibana: '/api/status',
};

/** Environment the script reads (the Job sets them; tests point them at a local server). */
export const SETUP_SCRIPT_ENV = {
  elasticsearchUrl: 'ELASTICSEARCH_URL',
  kibanaUrl: 'KIBANA_URL',
  /** Folder holding the request bodies (the mounted ConfigMap). */
  setupDir: 'SETUP_DIR',
  /** Folder holding one file per credential key (the mounted secret). */
  credentialsDir: 'CREDENTIALS_DIR',
  /** PEM file of the CA that signed Elasticsearch's certificate (empty: system trust). */
  caFile: 'CA_FILE',
  waitAttempts: 'WAIT_ATTEMPTS',
  waitSeconds: 'WAIT_SECONDS',
} as const;

/** The credential every request authenticates with (the superuser's password file). */
export const SETUP_ADMIN_USER = 'elastic';

/** The file name of the script in the ConfigMap. */
export const SETUP_SCRIPT_FILE = 'setup.sh';

const SECRET_PLACEHOLDER = /^@@secret:([-._a-zA-Z0-9]+)@@$/;

/** A JSON string value that the script replaces with the content of credential `key`. */
export function secretPlaceholder(key: string): string {
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    throw new Error(`"${key}" is not a valid credential key for a placeholder`);
  }
  return `@@secret:${key}@@`;
}

/** The credential keys a body refers to through placeholders, in order of first use. */
export function secretKeysOf(body: unknown): string[] {
  const keys: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      const match = SECRET_PLACEHOLDER.exec(value);
      if (match && !keys.includes(match[1])) {
        keys.push(match[1]);
      }
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value && typeof value === 'object') {
      Object.values(value).forEach(visit);
    }
  };
  visit(body);
  return keys;
}

/** The body file name of request `index` (1-based), e.g. `03-user-fluentd.json`. */
export function bodyFileName(index: number, request: ApiRequest): string {
  const slug = request.description.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${String(index).padStart(2, '0')}-${slug}.json`;
}

/** A single-quoted shell word. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const TARGET_URL_VARIABLE: Record<ApiTarget, string> = { elasticsearch: SETUP_SCRIPT_ENV.elasticsearchUrl, kibana: SETUP_SCRIPT_ENV.kibanaUrl };
const TARGET_NAME: Record<ApiTarget, string> = { elasticsearch: 'Elasticsearch', kibana: 'Kibana' };

/** A bash file shipped with the package under src/logging/scripts/ (inlined into ConfigMaps). */
export function loggingScript(name: string): string {
  return fs.readFileSync(path.join(packageRoot(), 'src', 'logging', 'scripts', name), 'utf8');
}

/** The bash script of `plan`, reading its bodies from `$SETUP_DIR` (see {@link renderSetupFiles}). */
export function renderSetupScript(plan: ApiSetupPlan, adminPasswordKey: string): string {
  const lines: string[] = [
    '#!/usr/bin/env bash',
    `# ${plan.title}. Generated by cdk8s-pipeline-ops (src/logging/api-setup-script.ts); do not edit.`,
    '# Every request creates or overwrites, so re-running the Job sends the same requests and changes nothing.',
    'set -euo pipefail',
    '',
    `: "\${${SETUP_SCRIPT_ENV.setupDir}:?}" "\${${SETUP_SCRIPT_ENV.credentialsDir}:?}"`,
    ...[...new Set([...plan.waitFor, ...plan.requests.map((r) => r.target)])].map((target) => `: "\${${TARGET_URL_VARIABLE[target]}:?}"`),
    `${SETUP_SCRIPT_ENV.caFile}=\${${SETUP_SCRIPT_ENV.caFile}:-}`,
    `${SETUP_SCRIPT_ENV.waitAttempts}=\${${SETUP_SCRIPT_ENV.waitAttempts}:-90}`,
    `${SETUP_SCRIPT_ENV.waitSeconds}=\${${SETUP_SCRIPT_ENV.waitSeconds}:-10}`,
    `ADMIN_USER=${shellQuote(SETUP_ADMIN_USER)}`,
    `ADMIN_KEY=${shellQuote(adminPasswordKey)}`,
    'WORK_DIR=$(mktemp -d)',
    `trap 'rm -rf "$WORK_DIR"' EXIT`,
    loggingScript('api-setup-functions.sh'),
    `log ${shellQuote(`${plan.title}: start`)}`,
    'write_auth_header',
  ];
  for (const target of plan.waitFor) {
    lines.push(`wait_for ${TARGET_NAME[target]} "$${TARGET_URL_VARIABLE[target]}"${shellQuote(SETUP_READINESS_PATHS[target])}`);
  }
  plan.requests.forEach((request, i) => {
    const file = bodyFileName(i + 1, request);
    const keys = secretKeysOf(request.body);
    const url = `"$${TARGET_URL_VARIABLE[request.target]}"${shellQuote(request.path)}`;
    const statuses = (request.acceptedStatuses ?? [200]).join(' ');
    if (keys.length) {
      lines.push(`render "$SETUP_DIR"/${shellQuote(file)} "$WORK_DIR/body.json" ${keys.map(shellQuote).join(' ')}`);
      lines.push(`send ${shellQuote(request.description)} ${request.method} ${url} "$WORK_DIR/body.json" ${statuses}`);
    } else {
      lines.push(`send ${shellQuote(request.description)} ${request.method} ${url} "$SETUP_DIR"/${shellQuote(file)} ${statuses}`);
    }
  });
  lines.push(`log ${shellQuote(`${plan.title}: done`)}`, '');
  return lines.join('\n');
}

/** The ConfigMap data of a setup Job: the script and one JSON body file per request. */
export function renderSetupFiles(plan: ApiSetupPlan, adminPasswordKey: string): Record<string, string> {
  for (const request of plan.requests) {
    if (!request.path.startsWith('/')) {
      throw new Error(`request "${request.description}" has path "${request.path}", which does not start with "/"`);
    }
  }
  return {
    [SETUP_SCRIPT_FILE]: renderSetupScript(plan, adminPasswordKey),
    ...Object.fromEntries(plan.requests.map((request, i) => [bodyFileName(i + 1, request), `${JSON.stringify(request.body, null, 2)}\n`])),
  };
}

/** Every credential key a plan needs: the admin password plus those its bodies refer to. */
export function credentialKeysOf(plan: ApiSetupPlan, adminPasswordKey: string): string[] {
  return [...new Set([adminPasswordKey, ...plan.requests.flatMap((r) => secretKeysOf(r.body))])];
}
