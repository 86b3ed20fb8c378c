import { LogIndex } from './log-indices';

/**
 * Fluentd's configuration, written by the project (it replaces the image's files entirely). The parsing
 * rules are exported as data — the CRI line expression, the partial-line joining, the JSON field rule,
 * label de-dotting, the level and component fields — and the config text is rendered from the same
 * objects, so the tests that parse sample lines apply exactly what Fluentd is told to.
 *
 * Pipeline of a container log line (containerd's CRI format, as on Kind):
 *   tail (CRI expression) → count → concat P…F parts → relabel @CONTAINER_LOGS →
 *   kubernetes metadata → de-dot keys → JSON message into fields → level/component → Elasticsearch
 * API server audit events (JSON lines) go through @AUDIT to their own index.
 */

/**
 * A containerd (CRI) log line: `<RFC3339Nano time> <stdout|stderr> <F|P> <text>`. Written so that Ruby
 * (Fluentd's `regexp` parser) and JavaScript (the tests) read it the same way: named groups, no flags.
 */
export const CRI_LINE = {
  expression: '^(?<time>[^ ]+) (?<stream>stdout|stderr) (?<logtag>[FP])(?::[^ ]*)? (?<message>.*)$',
  timeKey: 'time',
  /** containerd writes UTC with a `Z`; `%:z` accepts it, and `%N` any number of fraction digits (they can be trimmed). */
  timeFormat: '%Y-%m-%dT%H:%M:%S.%N%:z',
  /** The text of the line. */
  messageKey: 'message',
  streamKey: 'stream',
  logtagKey: 'logtag',
} as const;

/** Joining containerd's partial lines (logtag `P`, ended by an `F` part): concatenated without separator. */
export const PARTIAL_LINES = {
  key: CRI_LINE.messageKey,
  logtagKey: CRI_LINE.logtagKey,
  separator: '',
  /** Parts of stdout and stderr are buffered apart. */
  streamIdentityKey: CRI_LINE.streamKey,
  /**
   * The concat filter deletes this key from every joined record; pointing it at a key no record has
   * keeps `stream` (which it would otherwise delete).
   */
  removedStreamKey: 'cri_stream_unused',
  /** Seconds before an unfinished run of parts is flushed as it is (to @CONTAINER_LOGS, not dropped). */
  flushIntervalSeconds: 5,
} as const;

/** Application logs that are JSON objects become fields; anything else keeps its `message` unchanged. */
export const JSON_MESSAGE = {
  key: CRI_LINE.messageKey,
  /** The original `message` is removed only when the line parsed as a JSON object. */
  removeKeyOnSuccess: true,
  /** The CRI timestamp stays the event time, whatever time field the application writes. */
  keepEventTime: true,
} as const;

/** Dots in keys become `_`, recursively (labels like `app.kubernetes.io/name` vs `app` cannot clash). */
export const DEDOT = { separator: '_', nested: true } as const;

/** The key a dotted key becomes after de-dotting (the dedot filter's rule). */
export function dedotKey(key: string): string {
  return key.split('.').join(DEDOT.separator);
}

/** The fields Kibana filters on, derived the same way for every component. */
export const DERIVED_FIELDS = {
  /**
   * `level`: the first of these the (parsed) record has, lowercased; null for plain text lines. A path of
   * one key is a top-level key (even with a dot: ECS writers emit "log.level" flat); longer paths are nested
   * (Kibana's JSON layout writes {"log": {"level": …}}).
   */
  levelSources: [['level'], ['log.level'], ['log', 'level'], ['severity'], ['lvl']] as ReadonlyArray<readonly string[]>,
  /** `component`: the pod's `app.kubernetes.io/component` label (de-dotted), else its container's name. */
  componentLabel: 'app.kubernetes.io/component',
} as const;

/**
 * Ruby reading `path` from the record, nil when any step is missing or not a hash (an application may log
 * `"log": "text"`; Hash#dig would raise there). No braces: the expression sits inside `${…}`.
 */
export function rubyRecordPath(path: readonly string[]): string {
  const access = (n: number) => `record${path.slice(0, n).map((key) => `[${JSON.stringify(key)}]`).join('')}`;
  if (path.length === 1) {
    return access(1);
  }
  const guards = path.slice(0, -1).map((_, i) => `${access(i + 1)}.is_a?(Hash)`).join(' && ');
  return `(${guards} ? ${access(path.length)} : nil)`;
}

/** Ruby for the `level` field (record_transformer with enable_ruby). */
export function levelExpression(): string {
  return `(${DERIVED_FIELDS.levelSources.map(rubyRecordPath).join(' || ')})&.to_s&.downcase`;
}

/** Ruby for the `component` field: read after de-dotting, so the label key is the de-dotted one. */
export function componentExpression(): string {
  return `${rubyRecordPath(['kubernetes', 'labels', dedotKey(DERIVED_FIELDS.componentLabel)])} || ${rubyRecordPath(['kubernetes', 'container_name'])}`;
}

/** Labels that route the streams through the configuration. */
export const FLUENTD_LABELS = { containers: '@CONTAINER_LOGS', audit: '@AUDIT', errors: '@ERROR', ownLog: '@FLUENT_LOG' } as const;

/** Plugin ids: they become the `plugin_id` label of Fluentd's metrics, which the alerts select on. */
export const FLUENTD_PLUGIN_IDS = {
  applicationOutput: 'out_es_application',
  auditOutput: 'out_es_audit',
  errorOutput: 'out_stdout_errors',
} as const;

/** Metric names the configuration defines itself (beyond the prometheus plugin's built-in ones). */
export const FLUENTD_CUSTOM_METRICS = {
  recordsIn: 'fluentd_input_status_num_records_total',
  errorRecords: 'fluentd_error_records_total',
} as const;

/** One output's file buffer. */
export interface BufferLimits {
  readonly chunkLimitMebibytes: number;
  readonly totalLimitMebibytes: number;
}

export interface FluentdConfigOptions {
  /** Elasticsearch's Service name (the certificate is valid for it). */
  readonly elasticsearchHost: string;
  readonly elasticsearchPort: number;
  readonly username: string;
  /** File holding the user's password (a mounted secret key), read when Fluentd loads its configuration. */
  readonly passwordFile: string;
  /** PEM of the CA that signed Elasticsearch's certificate. */
  readonly caFile: string;
  readonly indices: Record<LogIndex['key'], LogIndex>;
  /** The API server's audit log on the control-plane node. */
  readonly auditLogPath: string;
  /** Container log files to leave out (Fluentd's own, so its warnings cannot feed back into itself). */
  readonly excludePaths: readonly string[];
  /** Writable node directory for positions and buffers (survives pod restarts). */
  readonly stateDirectory: string;
  readonly metricsPort: number;
  readonly buffers: Record<LogIndex['key'], BufferLimits>;
}

/** A Fluentd directive (`<name arg> … </name>`) or a parameter line. */
type Line = string | Directive;
interface Directive {
  readonly name: string;
  readonly arg?: string;
  readonly body: readonly Line[];
}

function directive(name: string, arg: string | undefined, ...body: Line[]): Directive {
  return { name, arg, body };
}

/** A parameter line; values with spaces or quotes are written as double-quoted strings. */
function param(key: string, value: string | number | boolean): string {
  const text = String(value);
  return `${key} ${/^[^\s"#]+$/.test(text) ? text : JSON.stringify(text)}`;
}

/** A parameter whose value Fluentd evaluates as embedded Ruby when it loads the file (`"#{…}"`). */
function rubyParam(key: string, ruby: string): string {
  return `${key} "#{${ruby}}"`;
}

/** A Ruby single-quoted string literal. */
function rubyString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function render(lines: readonly Line[], depth = 0): string {
  const pad = '  '.repeat(depth);
  return lines.map((line) => {
    if (typeof line === 'string') {
      return line === '' ? '' : `${pad}${line}`;
    }
    return [`${pad}<${line.name}${line.arg ? ` ${line.arg}` : ''}>`, render(line.body, depth + 1), `${pad}</${line.name}>`].join('\n');
  }).join('\n');
}

function countRecords(pattern: string, source: string): Directive {
  return directive('filter', pattern,
    '@type prometheus',
    directive('metric', undefined,
      param('name', FLUENTD_CUSTOM_METRICS.recordsIn),
      'type counter',
      param('desc', 'Records read from the node\'s log files, by source.'),
      directive('labels', undefined, param('source', source))));
}

function elasticsearchOutput(options: FluentdConfigOptions, index: LogIndex, id: string, flushThreads: number): Directive {
  const buffer = options.buffers[index.key];
  return directive('match', '**',
    '@type elasticsearch',
    param('@id', id),
    param('host', options.elasticsearchHost),
    param('port', options.elasticsearchPort),
    // TLS 1.2 or 1.3 only, verified against the stack's own CA (the image's default of TLSv1 is never used).
    'scheme https',
    'ssl_verify true',
    param('ca_file', options.caFile),
    'ssl_min_version TLSv1_2',
    'ssl_max_version TLSv1_3',
    param('user', options.username),
    rubyParam('password', `File.read(${rubyString(options.passwordFile)}).chomp`),
    // Daily indices <prefix>-YYYY.MM.DD, clear of the built-in logs-*-* data streams; retention is the ILM policy's job.
    'logstash_format true',
    param('logstash_prefix', index.prefix),
    'logstash_dateformat %Y.%m.%d',
    // The default bulk "index" op with ids Elasticsearch generates: authorized like a create, so the
    // role's create_doc suffices (no update or delete). `write_operation create` would need an id_key,
    // and the plugin drops records without one.
    'write_operation index',
    'suppress_type_name true',
    // Elasticsearch may still be starting when Fluentd does: do not ask its version, assume 8.
    'verify_es_version_at_startup false',
    'default_elasticsearch_version 8',
    // One Service in front of one node: no sniffing, reconnect after errors.
    'reload_connections false',
    'reload_on_failure false',
    'reconnect_on_error true',
    'request_timeout 30s',
    'log_es_400_reason true',
    directive('buffer', undefined,
      // On the node's disk: survives restarts, bounded, never grows Fluentd's memory.
      '@type file',
      param('path', `${options.stateDirectory}/buffers/${index.key}`),
      'flush_mode interval',
      'flush_interval 5s',
      param('flush_thread_count', flushThreads),
      'flush_at_shutdown true',
      param('chunk_limit_size', `${buffer.chunkLimitMebibytes}MB`),
      param('total_limit_size', `${buffer.totalLimitMebibytes}MB`),
      // When Elasticsearch is away long enough to fill the buffer, the oldest logs go, not Fluentd.
      'overflow_action drop_oldest_chunk',
      'retry_type exponential_backoff',
      'retry_wait 1s',
      'retry_max_interval 60s',
      'retry_forever true'));
}

/** The configuration files of Fluentd (the ConfigMap's data), `fluent.conf` first. */
export function renderFluentdConfig(options: FluentdConfigOptions): Record<string, string> {
  const { indices } = options;
  const header = (what: string) => `# ${what}\n# Generated by cdk8s-pipeline-ops (src/logging/fluentd-config.ts); do not edit.\n`;

  const system: Line[] = [
    directive('system', undefined,
      // Fluentd's own log as JSON lines (read with kubectl logs; its own container log is not tailed).
      directive('log', undefined, 'format json', 'time_format %Y-%m-%dT%H:%M:%S.%N%z')),
    '',
    '@include sources.conf',
    '@include metrics.conf',
    '@include containers.conf',
    '@include audit.conf',
    '@include errors.conf',
  ];

  const sources: Line[] = [
    directive('source', undefined,
      '@type tail',
      '@id in_tail_container_logs',
      'path /var/log/containers/*.log',
      `exclude_path ${JSON.stringify(options.excludePaths)}`,
      param('pos_file', `${options.stateDirectory}/containers.log.pos`),
      'tag kubernetes.*',
      'read_from_head true',
      'follow_inodes true',
      'refresh_interval 10',
      // A line that is not CRI-shaped is kept as {"unmatched_line": …} instead of being dropped.
      'emit_unmatched_lines true',
      directive('parse', undefined,
        '@type regexp',
        `expression /${CRI_LINE.expression}/`,
        param('time_key', CRI_LINE.timeKey),
        'time_type string',
        param('time_format', CRI_LINE.timeFormat),
        'keep_time_key false')),
    '',
    directive('source', undefined,
      '@type tail',
      '@id in_tail_kube_apiserver_audit',
      param('path', options.auditLogPath),
      param('pos_file', `${options.stateDirectory}/kube-apiserver-audit.log.pos`),
      'tag kube-apiserver-audit',
      'read_from_head true',
      'follow_inodes true',
      param('@label', FLUENTD_LABELS.audit),
      // One JSON event per line (audit.k8s.io/v1); the event time is when its stage completed.
      directive('parse', undefined,
        '@type json',
        'time_key stageTimestamp',
        'time_type string',
        'time_format %Y-%m-%dT%H:%M:%S.%NZ',
        'keep_time_key true')),
  ];

  const metrics: Line[] = [
    directive('source', undefined,
      '@type prometheus',
      '@id in_prometheus',
      'bind 0.0.0.0',
      param('port', options.metricsPort),
      'metrics_path /metrics'),
    '',
    // Buffer, retry and error metrics of every output; counters stay counters.
    directive('source', undefined,
      '@type prometheus_output_monitor',
      '@id in_prometheus_output_monitor',
      'interval 10',
      'gauge_all false'),
  ];

  const containers: Line[] = [
    countRecords('kubernetes.**', 'application'),
    '',
    directive('filter', 'kubernetes.**',
      '@type concat',
      '@id filter_concat_partial_lines',
      param('key', PARTIAL_LINES.key),
      'use_partial_cri_logtag true',
      param('partial_cri_logtag_key', PARTIAL_LINES.logtagKey),
      param('partial_cri_stream_key', PARTIAL_LINES.removedStreamKey),
      param('separator', PARTIAL_LINES.separator),
      param('stream_identity_key', PARTIAL_LINES.streamIdentityKey),
      'use_first_timestamp true',
      param('flush_interval', PARTIAL_LINES.flushIntervalSeconds),
      param('timeout_label', FLUENTD_LABELS.containers)),
    '',
    directive('match', 'kubernetes.**',
      '@type relabel',
      param('@label', FLUENTD_LABELS.containers)),
    '',
    directive('label', FLUENTD_LABELS.containers,
      directive('filter', 'kubernetes.**',
        '@type kubernetes_metadata',
        '@id filter_kubernetes_metadata',
        'skip_master_url true',
        'watch true'),
      // Before the JSON message is merged: only the record's own keys (the metadata, labels) are
      // de-dotted, an application's dotted JSON keys (ECS log.level…) reach Elasticsearch as they are.
      directive('filter', 'kubernetes.**',
        '@type dedot',
        'de_dot true',
        param('de_dot_separator', DEDOT.separator),
        param('de_dot_nested', DEDOT.nested)),
      directive('filter', 'kubernetes.**',
        '@type parser',
        '@id filter_parse_json_message',
        param('key_name', JSON_MESSAGE.key),
        'reserve_data true',
        param('reserve_time', JSON_MESSAGE.keepEventTime),
        param('remove_key_name_field', JSON_MESSAGE.removeKeyOnSuccess),
        'replace_invalid_sequence true',
        // A plain-text line is not an error: keep it as it is, quietly.
        'emit_invalid_record_to_error false',
        directive('parse', undefined, '@type json')),
      directive('filter', 'kubernetes.**',
        '@type record_transformer',
        'enable_ruby true',
        directive('record', undefined,
          `level \${${levelExpression()}}`,
          `component \${${componentExpression()}}`)),
      elasticsearchOutput(options, indices.application, FLUENTD_PLUGIN_IDS.applicationOutput, 2)),
  ];

  const audit: Line[] = [
    directive('label', FLUENTD_LABELS.audit,
      countRecords('**', 'audit'),
      elasticsearchOutput(options, indices.audit, FLUENTD_PLUGIN_IDS.auditOutput, 1)),
  ];

  const errors: Line[] = [
    // Records Elasticsearch rejected (e.g. a field of the wrong type): counted, then printed to
    // Fluentd's own log so the reason can be read there.
    directive('label', FLUENTD_LABELS.errors,
      directive('filter', '**',
        '@type prometheus',
        directive('metric', undefined,
          param('name', FLUENTD_CUSTOM_METRICS.errorRecords),
          'type counter',
          param('desc', 'Records that Elasticsearch rejected or a filter could not process.'))),
      directive('match', '**',
        '@type stdout',
        param('@id', FLUENTD_PLUGIN_IDS.errorOutput))),
    '',
    // Fluentd's internal events are already in its own log.
    directive('label', FLUENTD_LABELS.ownLog,
      directive('match', 'fluent.**', '@type null')),
  ];

  return {
    'fluent.conf': `${header('Fluentd: container logs and API server audit events to Elasticsearch')}\n${render(system)}\n`,
    'sources.conf': `${header('Sources: containerd (CRI) log files and the API server audit log')}\n${render(sources)}\n`,
    'metrics.conf': `${header('Prometheus metrics')}\n${render(metrics)}\n`,
    'containers.conf': `${header('Container logs: partial lines joined, Kubernetes metadata, JSON fields, de-dotted labels')}\n${render(containers)}\n`,
    'audit.conf': `${header('API server audit events: their own index')}\n${render(audit)}\n`,
    'errors.conf': `${header('Rejected records and Fluentd\'s own events')}\n${render(errors)}\n`,
  };
}
