import { IConstruct } from 'constructs';
import { requireThat } from '../foundation/errors';

/**
 * One family of daily indices Fluentd writes (`<prefix>-YYYY.MM.DD`), with its ILM policy, index
 * template and Kibana data view named after it.
 */
export interface LogIndex {
  /** Key of the family: `application` (container logs) or `audit` (API server audit events). */
  readonly key: 'application' | 'audit';
  /** Index name prefix, e.g. `pipeline-logs`. */
  readonly prefix: string;
  /** The pattern the template and data view match: `<prefix>-*`. */
  readonly pattern: string;
  /** Name of the ILM policy, e.g. `pipeline-logs-7d`. */
  readonly policyName: string;
  /** Name of the composable index template (never contains `@`). */
  readonly templateName: string;
  /** Human-readable name of the Kibana data view. */
  readonly displayName: string;
}

/** The default prefixes: clear of Elasticsearch's built-in `logs-*-*` data stream template. */
export const DEFAULT_INDEX_PREFIXES = { application: 'pipeline-logs', audit: 'k8s-audit' } as const;

/** The date suffix Fluentd appends (logstash_dateformat), e.g. `2024.05.01`. */
export const INDEX_DATE_FORMAT = '%Y.%m.%d';

/**
 * Whether Elasticsearch's built-in `logs-*-*` template (priority 100, data streams) would capture a
 * daily index of this prefix: data streams reject Fluentd's writes, so such a prefix is refused.
 */
export function matchesBuiltInLogsTemplate(prefix: string): boolean {
  // The index is `<prefix>-YYYY.MM.DD`; `logs-*-*` needs "logs-", then anything, then another "-".
  return /^logs-.*-.*$/.test(`${prefix}-2024.01.01`);
}

/** Builds the index families for `prefixes`, checking each prefix can be a valid, safe index name. */
export function logIndices(scope: IConstruct, prefixes: { application: string; audit: string }, retentionDays: number): Record<LogIndex['key'], LogIndex> {
  const build = (key: LogIndex['key'], prefix: string, displayName: string): LogIndex => {
    requireThat(scope, /^[a-z0-9][a-z0-9_-]*$/.test(prefix) && prefix.length <= 200, prefix,
      `is not a valid index prefix for the ${key} logs (lowercase letters, digits, '-' and '_', not starting with '-' or '_')`, 'use a name such as "pipeline-logs"');
    requireThat(scope, !matchesBuiltInLogsTemplate(prefix), prefix,
      `makes the ${key} indices match Elasticsearch's built-in "logs-*-*" data stream template, which rejects Fluentd's bulk writes`, 'choose a prefix that does not start with "logs-", e.g. "pipeline-logs"');
    return {
      key,
      prefix,
      pattern: `${prefix}-*`,
      policyName: `${prefix}-${retentionDays}d`,
      templateName: prefix,
      displayName,
    };
  };
  const indices = {
    application: build('application', prefixes.application, 'Container logs'),
    audit: build('audit', prefixes.audit, 'Kubernetes API audit events'),
  };
  requireThat(scope, prefixes.application !== prefixes.audit && !prefixes.application.startsWith(`${prefixes.audit}-`) && !prefixes.audit.startsWith(`${prefixes.application}-`),
    `${prefixes.application} / ${prefixes.audit}`, 'are index prefixes whose patterns overlap, so one template would capture the other family', 'give the application and audit indices distinct prefixes');
  return indices;
}
