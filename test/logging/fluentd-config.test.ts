import { AUDIT_PATHS } from '../../src/foundation/kind/audit-policy';
import { componentExpression, DERIVED_FIELDS, FLUENTD_PLUGIN_IDS, levelExpression } from '../../src/logging/fluentd-config';
import { FLUENTD_STATE_DIRECTORY } from '../../src/logging/fluentd';
import { synthDefaultApp, findManifest } from '../support/default-app';
import { ConfDirective, findAll, findOne, globPattern, parseFluentdConf, strptimePattern } from '../support/fluentd-conf';

/**
 * The Fluentd configuration, checked the way the issue asks: sample containerd (CRI) lines — full,
 * partial, JSON, plain — and an API server audit event are run through the regular expression and the
 * field rules read from the synthesized ConfigMap. No Fluentd binary can be installed here (no Debian
 * package, no reachable registry ships it), so this emulates each filter from the parameters the
 * config gives it, following the plugins' documented and read behaviour.
 */

const { manifests } = synthDefaultApp();
const configMap = findManifest(manifests, 'ConfigMap', 'fluentd-config', 'logging');
const files: Record<string, string> = configMap.data;
const conf = parseFluentdConf(files);

const byType = (type: string, id?: string) => (d: ConfDirective) => d.params['@type'] === type && (id === undefined || d.params['@id'] === id);
const containerSource = findOne(conf, 'container log source', (d) => d.name === 'source' && byType('tail', 'in_tail_container_logs')(d));
const auditSource = findOne(conf, 'audit log source', (d) => d.name === 'source' && byType('tail', 'in_tail_kube_apiserver_audit')(d));
const criParse = findOne(containerSource, 'CRI <parse>', (d) => d.name === 'parse');
const concat = findOne(conf, 'concat filter', (d) => d.name === 'filter' && byType('concat')(d));
const dedot = findOne(conf, 'dedot filter', (d) => d.name === 'filter' && byType('dedot')(d));
const jsonParser = findOne(conf, 'JSON parser filter', (d) => d.name === 'filter' && byType('parser')(d));
const transformer = findOne(conf, 'record_transformer', (d) => d.name === 'filter' && byType('record_transformer')(d));
const containersLabel = findOne(conf, 'container logs label', (d) => d.name === 'label' && d.arg === concat.params.timeout_label);

type LogRecord = Record<string, any>;

/** in_tail with the `regexp` parser: the config's expression, time key and time format. */
function parseCriLine(line: string): { time?: string; record: LogRecord } {
  expect(criParse.params['@type']).toBe('regexp');
  const literal = /^\/(.*)\/$/.exec(criParse.params.expression);
  expect(literal).not.toBeNull();
  const expression = new RegExp(literal![1]);
  const match = expression.exec(line);
  if (!match) {
    // emit_unmatched_lines: the line is kept, not dropped.
    expect(containerSource.params.emit_unmatched_lines).toBe('true');
    return { record: { unmatched_line: line } };
  }
  const record: LogRecord = { ...match.groups };
  const timeKey = criParse.params.time_key;
  const time = record[timeKey];
  expect(time).toMatch(strptimePattern(criParse.params.time_format));
  if (criParse.params.keep_time_key !== 'true') {
    delete record[timeKey];
  }
  return { time, record };
}

/** fluent-plugin-concat in use_partial_cri_logtag mode, as its filter_stream/process_partial_cri do. */
function joinPartials(tag: string, records: LogRecord[]): LogRecord[] {
  const p = concat.params;
  expect(p.use_partial_cri_logtag).toBe('true');
  const buffers = new Map<string, LogRecord[]>();
  const out: LogRecord[] = [];
  for (const record of records) {
    if (!(p.key in record)) {
      out.push(record);
      continue;
    }
    const identity = `${tag}:${record[p.stream_identity_key]}`;
    const buffer = [...(buffers.get(identity) ?? []), record];
    buffers.set(identity, buffer);
    if (String(record[p.partial_cri_logtag_key]).split(':')[0] === 'F') {
      const joined = { ...buffer[0], [p.key]: buffer.map((r) => r[p.key]).join(p.separator) };
      const merged: LogRecord = { ...record, ...joined };
      delete merged[p.partial_cri_logtag_key];
      delete merged[p.partial_cri_stream_key];
      buffers.set(identity, []);
      out.push(merged);
    }
  }
  return out;
}

/** fluent-plugin-dedot_filter's de_dot (recursing hashes and arrays of hashes when nested). */
function deDot(value: any, nested: boolean, separator: string): any {
  if (Array.isArray(value)) {
    return value.map((v) => (v && typeof v === 'object' && !Array.isArray(v) ? deDot(v, nested, separator) : v));
  }
  return Object.fromEntries(Object.entries(value).map(([key, v]) => {
    const inner = nested && v && typeof v === 'object' ? deDot(v, nested, separator) : v;
    return [key.replace(/\./g, separator), inner];
  }));
}

/** Fluentd's parser filter with reserve_data: a JSON object's keys merged over the record; anything else unchanged. */
function parseJsonMessage(record: LogRecord): LogRecord {
  const p = jsonParser.params;
  expect(findOne(jsonParser, 'JSON <parse>', (d) => d.name === 'parse').params['@type']).toBe('json');
  expect(p.reserve_data).toBe('true');
  expect(p.emit_invalid_record_to_error).toBe('false');
  const text = record[p.key_name];
  if (typeof text !== 'string') {
    return record;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return record;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return record;
  }
  // filter_parser removes the source key from the record first, then merges the parsed keys over it,
  // so an application's own "message" field survives.
  const base = { ...record };
  if (p.remove_key_name_field === 'true') {
    delete base[p.key_name];
  }
  return { ...base, ...(parsed as LogRecord) };
}

/** The record_transformer fields, after checking the config carries the very expressions the rules render. */
function deriveFields(record: LogRecord): LogRecord {
  const rules = findOne(transformer, '<record>', (d) => d.name === 'record').params;
  expect(rules.level).toBe(`\${${levelExpression()}}`);
  expect(rules.component).toBe(`\${${componentExpression()}}`);
  const read = (path: readonly string[]) => path.reduce<any>((value, key) => (value && typeof value === 'object' ? value[key] : undefined), record);
  const levelSource = DERIVED_FIELDS.levelSources.map(read).find((v) => v !== undefined && v !== null && v !== false);
  const labelKey = deDot({ [DERIVED_FIELDS.componentLabel]: 1 }, false, dedot.params.de_dot_separator);
  return {
    ...record,
    level: levelSource === undefined ? null : String(levelSource).toLowerCase(),
    component: record.kubernetes?.labels?.[Object.keys(labelKey)[0]] ?? record.kubernetes?.container_name ?? null,
  };
}

/** What the kubernetes_metadata filter adds for the sample pod. */
const POD_METADATA = {
  namespace_name: 'airflow',
  pod_name: 'airflow-scheduler-7d9f8c6b5-x2x9z',
  container_name: 'scheduler',
  labels: { app: 'legacy', 'app.kubernetes.io/name': 'airflow', 'app.kubernetes.io/component': 'scheduler' },
};

const TAG = 'kubernetes.var.log.containers.airflow-scheduler-7d9f8c6b5-x2x9z_airflow_scheduler-0123abcd.log';

/** The whole container pipeline, in the order the configuration applies it. */
function pipeline(lines: string[]): LogRecord[] {
  const order = containersLabel.children.filter((d) => d.name === 'filter').map((d) => d.params['@type']);
  expect(order).toEqual(['kubernetes_metadata', 'dedot', 'parser', 'record_transformer']);
  const parsed = lines.map((line) => parseCriLine(line).record);
  return joinPartials(TAG, parsed).map((record) => {
    if ('unmatched_line' in record) {
      return record;
    }
    const withMetadata = { ...record, kubernetes: POD_METADATA };
    const deDotted = deDot(withMetadata, dedot.params.de_dot_nested === 'true', dedot.params.de_dot_separator);
    return deriveFields(parseJsonMessage(deDotted));
  });
}

describe('Fluentd container log pipeline on sample CRI lines', () => {
  test('a full plain-text line keeps its text, stream and CRI time; it gets no level', () => {
    const [record] = pipeline(['2024-05-01T10:00:00.123456789Z stdout F plain text with  two spaces and a F in it']);
    expect(record.message).toBe('plain text with  two spaces and a F in it');
    expect(record.stream).toBe('stdout');
    expect(record.logtag).toBeUndefined();
    expect(record.level).toBeNull();
    expect(record.component).toBe('scheduler');
  });

  test('a JSON line becomes fields; the level is normalized; the raw message is gone', () => {
    const [record] = pipeline(['2024-05-01T10:00:00.5Z stderr F {"level":"WARNING","msg":"slow query","duration_ms":1234}']);
    expect(record).toMatchObject({ msg: 'slow query', duration_ms: 1234, level: 'warning', stream: 'stderr' });
    expect(record.message).toBeUndefined();
  });

  test('an ECS line (Elasticsearch, Kibana) keeps its dotted keys and gives its log.level', () => {
    const [record] = pipeline(['2024-05-01T10:00:00.000000001Z stdout F {"@timestamp":"2024-05-01T10:00:00.000Z","log.level":"INFO","message":"started","ecs.version":"1.2.0"}']);
    expect(record['log.level']).toBe('INFO');
    expect(record['ecs.version']).toBe('1.2.0');
    expect(record.level).toBe('info');
    // The application's own "message" field replaces the raw line.
    expect(record.message).toBe('started');
  });

  test('Kibana\'s JSON layout (nested log.level) gives its level too', () => {
    const [record] = pipeline(['2024-05-01T10:00:00.2Z stdout F {"@timestamp":"2024-05-01T10:00:00.200+00:00","log":{"level":"ERROR","logger":"elasticsearch-service"},"message":"Unable to retrieve version information"}']);
    expect(record.level).toBe('error');
    expect(record.log.logger).toBe('elasticsearch-service');
  });

  test('a JSON line whose "log" is text (not an object) still gets its level from "level"', () => {
    const [record] = pipeline(['2024-05-01T10:00:00.3Z stdout F {"log":"text","level":"DEBUG"}']);
    expect(record.level).toBe('debug');
  });

  test('partial lines (P … P F) are joined without separator, then parsed as one JSON line', () => {
    const json = JSON.stringify({ level: 'error', msg: 'x'.repeat(40), trace: 'y'.repeat(40) });
    const parts = [json.slice(0, 30), json.slice(30, 70), json.slice(70)];
    const records = pipeline([
      `2024-05-01T10:00:01.000000001Z stdout P ${parts[0]}`,
      `2024-05-01T10:00:01.000000002Z stdout P ${parts[1]}`,
      `2024-05-01T10:00:01.000000003Z stdout F ${parts[2]}`,
    ]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ level: 'error', msg: 'x'.repeat(40), trace: 'y'.repeat(40), stream: 'stdout' });
  });

  test('partial stdout and stderr lines interleaved are joined per stream', () => {
    const records = pipeline([
      '2024-05-01T10:00:02.1Z stdout P out-1 ',
      '2024-05-01T10:00:02.2Z stderr P err-1 ',
      '2024-05-01T10:00:02.3Z stdout F out-2',
      '2024-05-01T10:00:02.4Z stderr F err-2',
    ]);
    expect(records.map((r) => [r.stream, r.message])).toEqual([['stdout', 'out-1 out-2'], ['stderr', 'err-1 err-2']]);
  });

  test('JSON that is not an object, and broken JSON, stay as text', () => {
    const records = pipeline([
      '2024-05-01T10:00:03.1Z stdout F "just a string"',
      '2024-05-01T10:00:03.2Z stdout F [1, 2, 3]',
      '2024-05-01T10:00:03.3Z stdout F {"level": "info", broken',
    ]);
    expect(records.map((r) => r.message)).toEqual(['"just a string"', '[1, 2, 3]', '{"level": "info", broken']);
  });

  test('labels are de-dotted, so app and app.kubernetes.io/* cannot clash in the mapping', () => {
    const [record] = pipeline(['2024-05-01T10:00:04.1Z stdout F hello']);
    expect(Object.keys(record.kubernetes.labels).sort()).toEqual(['app', 'app_kubernetes_io/component', 'app_kubernetes_io/name']);
    expect(JSON.stringify(record.kubernetes)).not.toMatch(/"[^"]*\.[^"]*":/);
  });

  test('a line that is not CRI-shaped (e.g. Docker JSON) is kept as unmatched, not dropped', () => {
    const [record] = pipeline(['{"log":"hello\\n","stream":"stdout","time":"2024-05-01T10:00:00Z"}']);
    expect(record.unmatched_line).toContain('hello');
  });

  test('the CRI expression rejects what containerd never writes', () => {
    for (const line of ['2024-05-01T10:00:00Z stdin F x', '2024-05-01T10:00:00Z stdout X x', 'stdout F x']) {
      expect(parseCriLine(line).record.unmatched_line).toBe(line);
    }
  });

  test('an unfinished run of parts is flushed to the same label after its interval, not to @ERROR', () => {
    expect(containersLabel.arg).toBe('@CONTAINER_LOGS');
    expect(Number(concat.params.flush_interval)).toBeGreaterThan(0);
    expect(concat.params.partial_cri_stream_key).not.toBe('stream');
  });
});

describe('Fluentd API server audit log', () => {
  const auditParse = findOne(auditSource, 'audit <parse>', (d) => d.name === 'parse');
  // A real event (Metadata level), as the API server's log backend writes one per line.
  const sample = '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"6c3b62fc-41e7-4f74-b8aa-82e943039013","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/default/pods?fieldManager=kubectl-run","verb":"create","user":{"username":"kubernetes-admin","groups":["system:masters","system:authenticated"]},"sourceIPs":["172.18.0.1"],"userAgent":"kubectl/v1.37.0","objectRef":{"resource":"pods","namespace":"default","name":"nginx","apiVersion":"v1"},"responseStatus":{"metadata":{},"code":201},"requestReceivedTimestamp":"2024-05-01T10:00:00.388237Z","stageTimestamp":"2024-05-01T10:00:00.395604Z","annotations":{"authorization.k8s.io/decision":"allow","authorization.k8s.io/reason":""}}';

  test('tails the Kind control plane\'s audit log (JSON lines) into its own label and index', () => {
    expect(auditSource.params.path).toBe(AUDIT_PATHS.logFile);
    expect(auditParse.params['@type']).toBe('json');
    expect(auditSource.params['@label']).toBe('@AUDIT');
    const auditLabel = findOne(conf, 'audit label', (d) => d.name === 'label' && d.arg === '@AUDIT');
    const output = findOne(auditLabel, 'audit output', (d) => d.name === 'match' && byType('elasticsearch')(d));
    expect(output.params.logstash_prefix).toBe('k8s-audit');
  });

  test('a sample event parses; its event time comes from stageTimestamp in the configured format', () => {
    const event = JSON.parse(sample);
    const time = event[auditParse.params.time_key];
    expect(time).toMatch(strptimePattern(auditParse.params.time_format));
    expect(auditParse.params.keep_time_key).toBe('true');
    expect(event.objectRef.resource).toBe('pods');
  });
});

describe('Fluentd sources, buffers and outputs', () => {
  const outputs = findAll(conf, (d) => d.name === 'match' && byType('elasticsearch')(d));

  test('its own container logs are excluded (no feedback loop), other pods are not', () => {
    const excluded = JSON.parse(containerSource.params.exclude_path) as string[];
    const matches = (file: string) => excluded.some((glob) => globPattern(glob).test(file));
    expect(matches('/var/log/containers/fluentd-7xk2p_logging_fluentd-0a1b2c.log')).toBe(true);
    expect(matches('/var/log/containers/fluentd-7xk2p_airflow_fluentd-0a1b2c.log')).toBe(false);
    expect(matches('/var/log/containers/kibana-5d4c_logging_kibana-0a1b2c.log')).toBe(false);
  });

  test('positions and buffers live in the node state directory', () => {
    for (const source of [containerSource, auditSource]) {
      expect(source.params.pos_file.startsWith(`${FLUENTD_STATE_DIRECTORY}/`)).toBe(true);
    }
    for (const output of outputs) {
      const buffer = findOne(output, 'buffer', (d) => d.name === 'buffer');
      expect(buffer.params['@type']).toBe('file');
      expect(buffer.params.path.startsWith(`${FLUENTD_STATE_DIRECTORY}/buffers/`)).toBe(true);
    }
  });

  test('buffers are bounded, drop the oldest chunk when full, and retry with backoff', () => {
    const limits: Record<string, number> = {};
    for (const output of outputs) {
      const buffer = findOne(output, 'buffer', (d) => d.name === 'buffer').params;
      expect(buffer.overflow_action).toBe('drop_oldest_chunk');
      expect(buffer.retry_type).toBe('exponential_backoff');
      expect(buffer.retry_forever).toBe('true');
      expect(buffer.retry_max_interval).toBe('60s');
      expect(buffer.total_limit_size).toMatch(/^\d+MB$/);
      expect(parseInt(buffer.total_limit_size, 10)).toBeGreaterThanOrEqual(4 * parseInt(buffer.chunk_limit_size, 10));
      limits[output.params['@id']] = parseInt(buffer.total_limit_size, 10);
    }
    expect(limits).toEqual({ [FLUENTD_PLUGIN_IDS.applicationOutput]: 512, [FLUENTD_PLUGIN_IDS.auditOutput]: 128 });
  });

  test('outputs verify Elasticsearch\'s certificate, use TLS 1.2+ and write to non-data-stream indices with generated ids', () => {
    expect(outputs.map((o) => o.params.logstash_prefix).sort()).toEqual(['k8s-audit', 'pipeline-logs']);
    for (const output of outputs) {
      expect(output.params).toMatchObject({
        scheme: 'https', ssl_verify: 'true', ssl_min_version: 'TLSv1_2', ssl_max_version: 'TLSv1_3',
        host: 'elasticsearch.logging.svc', port: '9200', user: 'fluentd', write_operation: 'index', suppress_type_name: 'true',
        logstash_format: 'true', verify_es_version_at_startup: 'false', default_elasticsearch_version: '8',
      });
      expect(output.params.logstash_prefix).not.toMatch(/^logs-/);
      // With create, the plugin drops every record that has no id_key; ids are left to Elasticsearch.
      expect(output.params.id_key).toBeUndefined();
      // The password is read from the mounted secret file, never written into the ConfigMap.
      expect(output.params.password).toBe("#{File.read('/etc/fluentd/credentials/fluentd-password').chomp}");
    }
  });

  test('metrics are served on 24231 with output counters as counters', () => {
    const prometheus = findOne(conf, 'prometheus source', (d) => d.name === 'source' && byType('prometheus')(d));
    expect(prometheus.params).toMatchObject({ port: '24231', bind: '0.0.0.0', metrics_path: '/metrics' });
    const monitor = findOne(conf, 'output monitor', (d) => d.name === 'source' && byType('prometheus_output_monitor')(d));
    expect(monitor.params.gauge_all).toBe('false');
  });

  test('Fluentd logs JSON', () => {
    const log = findOne(conf, '<system><log>', (d) => d.name === 'log');
    expect(log.params.format).toBe('json');
  });
});
