import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { statsdMappingConfig, statsdMappingYaml } from '../../src/airflow/statsd-mapping';
import { AIRFLOW_METRICS, AIRFLOW_MIXIN } from '../../src/monitoring/catalog/airflow';
import { MetricType } from '../../src/monitoring/catalog/types';
import { REPO_ROOT } from '../support/paths';
import { BackgroundProcess, freeTcpPort, freeUdpPort, httpGetText, startProcess, waitFor } from '../support/processes';
import { run, tool } from '../support/tools';
import { AIRFLOW_VENV, airflowVenvTool } from '../support/airflow-venv';

/** One sample of the Prometheus text exposition. */
interface Sample { name: string; labels: Record<string, string>; value: number }

function parseExposition(text: string): Sample[] {
  return text.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) {
      throw new Error(`unparsable exposition line: ${line}`);
    }
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    return { name: match[1], labels, value: Number(match[3]) };
  });
}

/** The series names a metric of `type` exposes. */
function exposedNames(name: string, type: MetricType): string[] {
  switch (type) {
    case MetricType.HISTOGRAM: return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
    case MetricType.SUMMARY: return [name, `${name}_sum`, `${name}_count`];
    default: return [name];
  }
}

describe('statsd mapping generated from the catalog', () => {
  const config = statsdMappingConfig(AIRFLOW_METRICS) as { mappings: Array<Record<string, any>> };

  test('every Airflow metric of the catalog has exactly one mapping, and every mapping belongs to the catalog', () => {
    const mapped = config.mappings.filter((m) => m.action !== 'drop').map((m) => m.name).sort();
    expect(mapped).toEqual(AIRFLOW_MIXIN.metrics.map((m) => m.name).sort());
  });

  test('each mapping labels what the catalog says the metric carries', () => {
    for (const metric of AIRFLOW_METRICS) {
      const mapping = config.mappings.find((m) => m.name === metric.name)!;
      expect(Object.keys(mapping.labels ?? {}).sort()).toEqual([...metric.labels].sort());
    }
  });

  test('the file ends with a rule that drops every name the catalog does not map', () => {
    expect(config.mappings[config.mappings.length - 1]).toMatchObject({ match: '.+', match_type: 'regex', action: 'drop' });
    expect(parse(statsdMappingYaml(AIRFLOW_METRICS))).toEqual(config);
  });
});

describe('the real statsd_exporter with the generated mapping, fed by real Airflow 3 statsd calls', () => {
  let exporter: BackgroundProcess;
  let samples: Sample[];
  let webPort: number;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statsd-mapping-'));

  beforeAll(async () => {
    const mappingFile = path.join(dir, 'mappings.yml');
    fs.writeFileSync(mappingFile, statsdMappingYaml(AIRFLOW_METRICS));
    webPort = await freeTcpPort();
    const udpPort = await freeUdpPort();
    exporter = startProcess(tool('statsd-exporter'), [
      `--statsd.mapping-config=${mappingFile}`, `--statsd.listen-udp=127.0.0.1:${udpPort}`, '--statsd.listen-tcp=',
      `--web.listen-address=127.0.0.1:${webPort}`,
    ]);
    await waitFor('statsd_exporter to be ready', () => httpGetText(`http://127.0.0.1:${webPort}/-/ready`), 30000, exporter.output);
    const emitted = run(airflowVenvTool('python'), [path.join(REPO_ROOT, 'test', 'airflow', 'fixtures', 'emit_airflow_metrics.py'), '127.0.0.1', String(udpPort)]);
    if (emitted.status !== 0) {
      throw new Error(`the Airflow metrics emitter failed:\n${emitted.stdout}\n${emitted.stderr}`);
    }
    // UDP is asynchronous: wait until the last gauge the emitter sent has arrived.
    const text = await waitFor('the last statsd line to be exposed', async () => {
      const body = await httpGetText(`http://127.0.0.1:${webPort}/metrics`);
      return body?.includes('pipeline_batch_last_success_timestamp_seconds{') ? body : undefined;
    }, 30000, exporter.output);
    samples = parseExposition(text);
  });

  afterAll(async () => {
    await exporter?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const find = (name: string, labels: Record<string, string> = {}) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const value = (name: string, labels: Record<string, string> = {}) => {
    const found = find(name, labels);
    if (found.length !== 1) {
      throw new Error(`expected one sample of ${name}${JSON.stringify(labels)}, found ${found.length}:\n${samples.filter((s) => s.name.startsWith('airflow_') || s.name.startsWith('pipeline_')).map((s) => `${s.name}${JSON.stringify(s.labels)} ${s.value}`).join('\n')}`);
    }
    return found[0].value;
  };

  test('every catalog metric is exposed under its catalog name with its catalog labels', () => {
    for (const metric of AIRFLOW_METRICS) {
      for (const name of exposedNames(metric.name, metric.type)) {
        const found = find(name);
        expect(`${name}: ${found.length}`).not.toBe(`${name}: 0`);
        for (const sample of found) {
          const extra = metric.type === MetricType.HISTOGRAM && name.endsWith('_bucket') ? ['le'] : metric.type === MetricType.SUMMARY && name === metric.name ? ['quantile'] : [];
          expect(Object.keys(sample.labels).sort()).toEqual([...metric.labels, ...extra].sort());
        }
      }
    }
  });

  test('the values are the ones Airflow sent (counters counted, timers in seconds, label values from the names)', () => {
    expect(value('airflow_scheduler_heartbeat_total')).toBe(2);
    expect(value('airflow_ti_failures_total')).toBe(1);
    expect(value('airflow_ti_successes_total')).toBe(2);
    expect(value('airflow_dagrun_duration_seconds_count', { status: 'failed', dag_id: 'daily_batch_processing' })).toBe(1);
    expect(value('airflow_dagrun_duration_seconds_sum', { status: 'success', dag_id: 'realtime_monitoring' })).toBeCloseTo(12);
    expect(value('airflow_task_duration_seconds_sum', { dag_id: 'daily_batch_processing', task_id: 'dbt_run' })).toBeCloseTo(42);
    expect(value('airflow_dag_processing_import_errors')).toBe(2);
    expect(value('airflow_dag_processing_last_duration_seconds_sum', { bundle: 'dags-folder', file: 'realtime_monitoring' })).toBeCloseTo(0.85);
    expect(value('airflow_executor_open_slots', { executor: 'KubernetesExecutor' })).toBe(31);
    expect(value('airflow_pool_open_slots', { pool: 'default_pool' })).toBe(126);
    expect(value('pipeline_data_quality_score_ratio', { dag_id: 'daily_batch_processing' })).toBeCloseTo(0.97);
    expect(value('pipeline_reconciliation_discrepancy_ratio', { dag_id: 'daily_batch_processing' })).toBeCloseTo(0.02);
    expect(value('pipeline_batch_last_success_timestamp_seconds', { dag_id: 'daily_batch_processing' })).toBe(1795000000);
  });

  test('nothing outside the catalog is exposed, and the unlabelled duplicates Airflow also sends were dropped, not conflicting', () => {
    const catalogNames = new Set(AIRFLOW_METRICS.flatMap((m) => exposedNames(m.name, m.type)));
    const exposed = [...new Set(samples.map((s) => s.name).filter((n) => n.startsWith('airflow_') || n.startsWith('pipeline_')))];
    expect(exposed.filter((n) => !catalogNames.has(n))).toEqual([]);
    expect(value('statsd_exporter_events_actions_total', { action: 'drop' })).toBeGreaterThan(0);
    expect(find('statsd_exporter_events_conflict_total').reduce((sum, s) => sum + s.value, 0)).toBe(0);
  });
});

describe('the emitter\'s metric names are the ones installed Airflow 3 really sends', () => {
  // The fixture (test/airflow/fixtures/emit_airflow_metrics.py) copies each call site by hand; this ties every
  // name back to the call site in the pinned apache-airflow, so a rename in an upgrade fails here.
  const airflowPackage = path.join(AIRFLOW_VENV, 'lib', 'python3.11', 'site-packages', 'airflow');
  const emitter = fs.readFileSync(path.join(REPO_ROOT, 'test', 'airflow', 'fixtures', 'emit_airflow_metrics.py'), 'utf8');
  const CALL_SITES: Array<[string, string, string]> = [
    ['jobs/scheduler_job_runner.py', '"scheduler_heartbeat"', 'stats.incr("scheduler_heartbeat"'],
    ['jobs/scheduler_job_runner.py', '"pool.open_slots"', '("open_slots", 126)'],
    ['jobs/scheduler_job_runner.py', '"pool.queued_slots"', '("queued_slots", 1)'],
    ['jobs/scheduler_job_runner.py', '"pool.running_slots"', '("running_slots", 1)'],
    ['jobs/scheduler_job_runner.py', '"pool.starving_tasks"', 'stats.gauge("pool.starving_tasks"'],
    ['executors/base_executor.py', '"executor.open_slots"', '("open_slots", "open", 31)'],
    ['executors/base_executor.py', '"executor.queued_tasks"', '("queued_tasks", "queued", 1)'],
    ['executors/base_executor.py', '"executor.running_tasks"', '("running_tasks", "running", 1)'],
    ['models/dagrun.py', 'f"dagrun.duration.{self.state}"', 'stats.timing("dagrun.duration.success"'],
    ['dag_processing/manager.py', '"dag_processing.import_errors"', 'stats.gauge("dag_processing.import_errors"'],
    ['dag_processing/manager.py', '"dag_processing.last_duration"', 'stats.timing("dag_processing.last_duration"'],
    ['models/taskinstance.py', '"ti_failures"', 'stats.incr("ti_failures"'],
    ['sdk/execution_time/task_runner.py', '"ti_successes"', 'sdk_stats.incr("ti_successes"'],
    ['sdk/execution_time/task_runner.py', '"task.duration"', 'sdk_stats.timing("task.duration"'],
  ];

  test.each(CALL_SITES)('airflow/%s sends %s, and the emitter sends it too', (file, inAirflow, inEmitter) => {
    expect(fs.readFileSync(path.join(airflowPackage, file), 'utf8')).toContain(inAirflow);
    expect(emitter).toContain(inEmitter);
  });

  test('legacy names, which carry the labels the mapping reads, are on by default in the pinned Airflow', () => {
    const config = parse(fs.readFileSync(path.join(airflowPackage, 'config_templates', 'config.yml'), 'utf8'));
    expect(config.metrics.options.legacy_names_on.default).toBe('True');
  });
});
