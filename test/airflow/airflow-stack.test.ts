import { Duration } from 'cdk8s';
import { parse } from 'yaml';
import { AIRFLOW_RESOURCES, AIRFLOW_USER, GIT_SYNC_PERIOD_SECONDS } from '../../src/config/airflow';
import { AIRFLOW_IMAGE, imageReference } from '../../src/config/images';
import { createDefaultApp } from '../../src/default-app';
import { UI_PORTS } from '../../src/config/ports';
import { KubernetesManifest, synthesizedObjects } from '../../src/foundation/manifests';
import { AIRFLOW_METRICS } from '../../src/monitoring/catalog/airflow';
import { THRESHOLDS } from '../../src/monitoring/catalog/thresholds';
import { checkPolicies, describeFindings } from '../../src/policy/check-policies';
import { PIPELINE_CONNECTIONS, connectionEnvName } from '../../src/airflow/connections';
import { findManifest, synthDefaultApp } from '../support/default-app';

const NS = 'airflow';
const { manifests } = synthDefaultApp();
const airflow = manifests.filter((m) => m.metadata.namespace === NS);
const deployment = (name: string) => findManifest(airflow, 'Deployment', name);
const podSpec = (m: KubernetesManifest) => (m.kind === 'CronJob' ? m.spec.jobTemplate.spec.template.spec : m.spec.template.spec);
const container = (m: KubernetesManifest, name: string) => {
  const spec = podSpec(m);
  const found = [...(spec.initContainers ?? []), ...spec.containers].find((c: any) => c.name === name);
  if (!found) {
    throw new Error(`no container ${name} in ${m.kind}/${m.metadata.name}`);
  }
  return found;
};
const envNames = (c: any) => (c.env ?? []).map((e: any) => e.name);
const configMap = findManifest(airflow, 'ConfigMap', 'airflow-env');
const podTemplate = parse(findManifest(airflow, 'ConfigMap', 'airflow-pod-template').data['pod_template_file.yaml']);

describe('Airflow components', () => {
  test.each([
    ['airflow-scheduler', 'scheduler', AIRFLOW_RESOURCES.scheduler],
    ['airflow-api-server', 'api-server', AIRFLOW_RESOURCES.apiServer],
    ['airflow-dag-processor', 'dag-processor', AIRFLOW_RESOURCES.dagProcessor],
    ['airflow-triggerer', 'triggerer', AIRFLOW_RESOURCES.triggerer],
  ])('%s runs the pinned Airflow image as uid 50000/gid 0 with its resources', (name, containerName, resources) => {
    const main = container(deployment(name), containerName);
    expect(main.image).toBe(imageReference(AIRFLOW_IMAGE));
    expect(main.args).toEqual(['airflow', containerName]);
    expect(podSpec(deployment(name)).securityContext).toMatchObject({ runAsUser: AIRFLOW_USER.uid, runAsGroup: AIRFLOW_USER.gid, runAsNonRoot: true });
    expect(main.resources.limits.memory).toBe(`${resources.memory.limit.toMebibytes() % 1024 === 0 ? `${resources.memory.limit.toMebibytes() / 1024}Gi` : `${resources.memory.limit.toMebibytes()}Mi`}`);
    expect(main.resources.requests.cpu).toBe(`${resources.cpu.requestMillis}m`);
  });

  test('the seed figures are the limits of scheduler and api-server: 2Gi, 1 CPU', () => {
    for (const [name, c] of [['airflow-scheduler', 'scheduler'], ['airflow-api-server', 'api-server']]) {
      expect(container(deployment(name), c).resources.limits).toEqual({ cpu: '1', memory: '2Gi' });
    }
  });

  test('probes: jobs check for scheduler, dag-processor and triggerer; the monitor health endpoint for the api-server', () => {
    const jobsCheck = (c: any) => c.livenessProbe.exec.command.join(' ');
    expect(jobsCheck(container(deployment('airflow-scheduler'), 'scheduler'))).toContain('airflow jobs check --job-type SchedulerJob --local');
    expect(jobsCheck(container(deployment('airflow-dag-processor'), 'dag-processor'))).toContain('airflow jobs check --job-type DagProcessorJob --local');
    expect(jobsCheck(container(deployment('airflow-triggerer'), 'triggerer'))).toContain('airflow jobs check --job-type TriggererJob --local');
    const api = container(deployment('airflow-api-server'), 'api-server');
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      expect(api[probe].httpGet).toEqual({ path: '/api/v2/monitor/health', port: 'http' });
    }
  });

  test('every Airflow process waits for the migrations before it starts, and the migration is a plain Job', () => {
    for (const name of ['airflow-scheduler', 'airflow-api-server', 'airflow-dag-processor', 'airflow-triggerer']) {
      const first = podSpec(deployment(name)).initContainers[0];
      expect(first.name).toBe('wait-for-migrations');
      expect(first.args.slice(0, 3)).toEqual(['airflow', 'db', 'check-migrations']);
    }
    const jobs = airflow.filter((m) => m.kind === 'Job' && m.metadata.name.startsWith('airflow-db-migrate-'));
    expect(jobs).toHaveLength(1);
    expect(container(jobs[0], 'migrate').args).toEqual(['airflow', 'db', 'migrate']);
    expect(JSON.stringify(airflow)).not.toContain('helm.sh/hook');
  });

  test('the migration Job is named after the image version and the shared configuration, so a changed configuration is a new Job (a Job\'s template is immutable)', () => {
    const name = airflow.find((m) => m.kind === 'Job' && m.metadata.name.startsWith('airflow-db-migrate-'))!.metadata.name;
    // The same checksum of the shared configuration rolls the long-running components.
    const checksum = deployment('airflow-scheduler').spec.template.metadata.annotations['pipeline-ops/config-checksum'];
    expect(name).toBe(`airflow-db-migrate-3-3-2-${checksum.slice(0, 8)}`);
    const other = createDefaultApp({ airflow: { environmentName: 'staging' } }).app;
    const otherName = synthesizedObjects(other).map((o) => o.manifest).find((m) => m.kind === 'Job' && m.metadata.name.startsWith('airflow-db-migrate-'))!.metadata.name;
    expect(otherName).not.toBe(name);
  });

  test('the api-server uses its worker count and the admin password from the sealed secret, written to a writable file', () => {
    const api = deployment('airflow-api-server');
    const main = container(api, 'api-server');
    expect(main.env).toContainEqual({ name: 'AIRFLOW__API__WORKERS', value: '2' });
    const init = container(api, 'write-password-file');
    expect(init.env).toContainEqual({ name: 'AIRFLOW_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'airflow-admin', key: 'password' } } });
    expect(envNames(main)).not.toContain('AIRFLOW_ADMIN_PASSWORD');
    const passwordFile = main.env.find((e: any) => e.name === 'AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE').value;
    expect(main.volumeMounts.find((m: any) => passwordFile.startsWith(m.mountPath) && m.name === 'airflow-home')).toBeDefined();
    expect(JSON.stringify(manifests)).not.toMatch(/admin:admin@|"admin"\s*:\s*"admin"/);
  });

  test('scheduler and api-server share the JWT secret and roll together when it changes; no other process holds it', () => {
    const jwt = { name: 'AIRFLOW__API_AUTH__JWT_SECRET', valueFrom: { secretKeyRef: { name: 'airflow-core', key: 'jwt-secret' } } };
    const scheduler = deployment('airflow-scheduler');
    const api = deployment('airflow-api-server');
    expect(container(scheduler, 'scheduler').env).toContainEqual(jwt);
    expect(container(api, 'api-server').env).toContainEqual(jwt);
    const checksum = scheduler.spec.template.metadata.annotations['pipeline-ops/jwt-secret-checksum'];
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(api.spec.template.metadata.annotations['pipeline-ops/jwt-secret-checksum']).toBe(checksum);
    for (const name of ['airflow-dag-processor', 'airflow-triggerer']) {
      expect(envNames(container(deployment(name), name.replace('airflow-', '')))).not.toContain(jwt.name);
    }
    expect(envNames(podTemplate.spec.containers[0])).not.toContain(jwt.name);
  });

  test('the UI is a NodePort Service on the seed port, mapped to the host by the Kind config', () => {
    const service = findManifest(airflow, 'Service', 'airflow-api-server');
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'http', port: 8080, nodePort: UI_PORTS.airflow.nodePort })]);
    const { platform } = createDefaultApp();
    expect(platform.kind.portMappings()).toContainEqual(expect.objectContaining({ hostPort: UI_PORTS.airflow.hostPort, containerPort: UI_PORTS.airflow.nodePort }));
  });
});

describe('shared configuration, connections and variables', () => {
  test('KubernetesExecutor in its own namespace, with the pod template and the Execution API derived from the api-server Service', () => {
    expect(configMap.data).toMatchObject({
      AIRFLOW__CORE__EXECUTOR: 'KubernetesExecutor',
      AIRFLOW__KUBERNETES_EXECUTOR__NAMESPACE: NS,
      AIRFLOW__KUBERNETES_EXECUTOR__POD_TEMPLATE_FILE: '/opt/airflow/pod_templates/pod_template_file.yaml',
      AIRFLOW__CORE__EXECUTION_API_SERVER_URL: 'http://airflow-api-server.airflow.svc.cluster.local:8080/execution/',
      AIRFLOW__KUBERNETES_EXECUTOR__DELETE_WORKER_PODS: 'True',
      AIRFLOW__KUBERNETES_EXECUTOR__DELETE_WORKER_PODS_ON_FAILURE: 'False',
      AIRFLOW__METRICS__STATSD_HOST: 'airflow-statsd.airflow.svc.cluster.local',
      AIRFLOW__METRICS__STATSD_PORT: '9125',
    });
    const mount = container(deployment('airflow-scheduler'), 'scheduler').volumeMounts.find((m: any) => m.name === 'pod-template');
    expect(mount.mountPath).toBe('/opt/airflow/pod_templates');
  });

  test('the thresholds reach the DAGs as the pipeline_thresholds variable, equal to the catalog', () => {
    expect(JSON.parse(configMap.data.AIRFLOW_VAR_PIPELINE_THRESHOLDS)).toEqual(THRESHOLDS);
    expect(configMap.data.AIRFLOW_VAR_PROMETHEUS_URL).toBe('http://prometheus.monitoring.svc.cluster.local:9090');
    expect(configMap.data.AIRFLOW_VAR_ALERTMANAGER_URL).toBe('http://alertmanager.monitoring.svc.cluster.local:9093');
  });

  test('every connection reaches the scheduler, the dag-processor, the triggerer and the task pods, from the sealed secret', () => {
    const expected = PIPELINE_CONNECTIONS.map((c) => connectionEnvName(c.connId)).sort();
    expect(expected).toHaveLength(7);
    const holders = [
      container(deployment('airflow-scheduler'), 'scheduler'),
      container(deployment('airflow-dag-processor'), 'dag-processor'),
      container(deployment('airflow-triggerer'), 'triggerer'),
      podTemplate.spec.containers[0],
    ];
    for (const c of holders) {
      const connections = c.env.filter((e: any) => e.name.startsWith('AIRFLOW_CONN_'));
      expect(connections.map((e: any) => e.name).sort()).toEqual(expected);
      for (const e of connections) {
        expect(e.valueFrom.secretKeyRef).toEqual({ name: 'airflow-connections', key: e.name });
      }
      expect(c.envFrom).toEqual([{ configMapRef: { name: 'airflow-env' } }]);
    }
  });

  test('the metadata database URL is assembled from the sealed credentials, never written out', () => {
    const env = container(deployment('airflow-scheduler'), 'scheduler').env;
    expect(env.find((e: any) => e.name === 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN').value)
      .toBe('postgresql+psycopg2://$(AIRFLOW_DB_USER):$(AIRFLOW_DB_PASSWORD)@airflow-postgresql.airflow.svc.cluster.local:5432/airflow');
    const names = envNames({ env });
    expect(names.indexOf('AIRFLOW_DB_PASSWORD')).toBeLessThan(names.indexOf('AIRFLOW__DATABASE__SQL_ALCHEMY_CONN'));
    expect(airflow.filter((m) => m.kind === 'Secret')).toEqual([]);
    expect(airflow.filter((m) => m.kind === 'SealedSecret').map((m) => m.metadata.name).sort())
      .toEqual(['airflow-admin', 'airflow-connections', 'airflow-core', 'airflow-git-sync', 'airflow-metadata-db']);
  });
});

describe('git-sync', () => {
  const sidecar = container(deployment('airflow-dag-processor'), 'git-sync');

  test('a native sidecar of the dag-processor and the triggerer, syncing every 60 seconds over SSH with host-key checking', () => {
    expect(sidecar.restartPolicy).toBe('Always');
    expect(container(deployment('airflow-triggerer'), 'git-sync').restartPolicy).toBe('Always');
    const env = Object.fromEntries(sidecar.env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({
      GITSYNC_PERIOD: `${GIT_SYNC_PERIOD_SECONDS}s`, GITSYNC_REF: 'main', GITSYNC_ROOT: '/git', GITSYNC_LINK: 'repo',
      GITSYNC_SSH_KNOWN_HOSTS: 'true', GITSYNC_SSH_KEY_FILE: '/etc/git-secret/ssh', GITSYNC_SSH_KNOWN_HOSTS_FILE: '/etc/git-secret/known_hosts',
    });
    expect(env.GITSYNC_REPO).toMatch(/^git@/);
    expect(sidecar.securityContext).toMatchObject({ runAsUser: 65533, readOnlyRootFilesystem: true });
  });

  test('the credentials come from the sealed airflow-git-sync secret', () => {
    const volume = podSpec(deployment('airflow-dag-processor')).volumes.find((v: any) => v.name === 'git-sync-credentials');
    expect(volume.secret).toEqual({ secretName: 'airflow-git-sync', defaultMode: 0o440, items: [{ key: 'ssh', path: 'ssh' }, { key: 'known_hosts', path: 'known_hosts' }] });
  });

  test('its HTTP endpoint is the startup, readiness and liveness probe; DAGs are read from its link', () => {
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(sidecar[probe].httpGet).toEqual({ path: '/', port: 'git-sync' });
    }
    expect(configMap.data.AIRFLOW__CORE__DAGS_FOLDER).toBe('/opt/airflow/dags/repo/dags');
    expect(container(deployment('airflow-dag-processor'), 'dag-processor').volumeMounts).toContainEqual({ name: 'dags', mountPath: '/opt/airflow/dags', readOnly: true });
  });
});

describe('props reach the output', () => {
  const custom = synthesizedObjects(createDefaultApp({
    airflow: { dagsRepository: 'git@git.example.org:acme/dags.git', dagsRef: 'release-7', dagsSubPath: 'pipelines/dags', gitSyncPeriod: Duration.seconds(30), triggerer: false },
  }).app).map((o) => o.manifest).filter((m) => m.metadata.namespace === NS);

  test('repository, ref, sub-path and period: in the sidecar, the task pods\' init container and the DAGs folder', () => {
    const dagProcessor = findManifest(custom, 'Deployment', 'airflow-dag-processor');
    const workerTemplate = parse(findManifest(custom, 'ConfigMap', 'airflow-pod-template').data['pod_template_file.yaml']);
    const expected = { GITSYNC_REPO: 'git@git.example.org:acme/dags.git', GITSYNC_REF: 'release-7' };
    const envOf = (c: any) => Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
    expect(envOf(container(dagProcessor, 'git-sync'))).toMatchObject({ ...expected, GITSYNC_PERIOD: '30s' });
    expect(envOf(workerTemplate.spec.initContainers[0])).toMatchObject(expected);
    expect(findManifest(custom, 'ConfigMap', 'airflow-env').data.AIRFLOW__CORE__DAGS_FOLDER).toBe('/opt/airflow/dags/repo/pipelines/dags');
  });

  test('triggerer: false removes the triggerer and its pod-launcher binding', () => {
    expect(custom.filter((m) => m.metadata.name === 'airflow-triggerer')).toEqual([]);
    const launchers = findManifest(custom, 'RoleBinding', 'airflow-pod-launcher').subjects.map((s: any) => s.name);
    expect(launchers).toEqual(['airflow-scheduler', 'airflow-worker']);
    const defaults = findManifest(airflow, 'RoleBinding', 'airflow-pod-launcher').subjects.map((s: any) => s.name);
    expect(defaults).toEqual(['airflow-scheduler', 'airflow-triggerer', 'airflow-worker']);
  });
});

describe('worker pod template', () => {
  test('container "base" first, git-sync as a one-shot init container, the worker ServiceAccount, Never restart', () => {
    expect(podTemplate.kind).toBe('Pod');
    expect(podTemplate.spec.containers[0].name).toBe('base');
    expect(podTemplate.spec.containers[0].image).toBe(imageReference(AIRFLOW_IMAGE));
    expect(podTemplate.spec.containers[0].resources.limits).toBeDefined();
    const init = podTemplate.spec.initContainers[0];
    expect(init.name).toBe('git-sync-init');
    expect(init.env).toContainEqual({ name: 'GITSYNC_ONE_TIME', value: 'true' });
    expect(podTemplate.spec.serviceAccountName).toBe('airflow-worker');
    expect(podTemplate.spec.restartPolicy).toBe('Never');
  });

  test('task pods get no metadata database credentials (Airflow 3 tasks talk to the Execution API only)', () => {
    expect(envNames(podTemplate.spec.containers[0]).filter((n: string) => /DATABASE|DB_|FERNET|JWT/.test(n))).toEqual([]);
    // …so the image's entrypoint must not wait for a database first.
    expect(podTemplate.spec.containers[0].env).toContainEqual({ name: 'CONNECTION_CHECK_MAX_COUNT', value: '0' });
  });

  test('the triggerer\'s log server shares the api-server\'s secret key and registers its pod IP, so the UI can read trigger logs', () => {
    const triggerer = container(deployment('airflow-triggerer'), 'triggerer');
    expect(triggerer.env).toContainEqual({ name: 'AIRFLOW__API__SECRET_KEY', valueFrom: { secretKeyRef: { name: 'airflow-core', key: 'api-secret-key' } } });
    expect(triggerer.env).toContainEqual({ name: 'AIRFLOW__CORE__HOSTNAME_CALLABLE', value: 'airflow.utils.net.get_host_ip_address' });
  });

  test('DAG parsing logs go to stdout, not to files that would fill the dag-processor\'s scratch volume', () => {
    expect(findManifest(airflow, 'ConfigMap', 'airflow-env').data.AIRFLOW__LOGGING__DAG_PROCESSOR_LOG_TARGET).toBe('stdout');
  });

  test('task pods meet every policy rule the platform holds its own workloads to (probes aside: they run to completion)', () => {
    // With the rest of the namespace, so the token rule sees the worker account's RoleBinding.
    const result = checkPolicies([...airflow, podTemplate], []);
    const taskPodFindings = result.violations.filter((v) => v.kind === 'Pod' && v.rule !== 'probes');
    expect(describeFindings(taskPodFindings)).toBe('');
    expect(result.violations.filter((v) => v.kind === 'Pod').map((v) => v.rule)).toEqual(['probes']);
  });
});

describe('metrics', () => {
  test('statsd-exporter takes UDP 9125 and serves 9102, with the catalog mapping mounted', () => {
    const service = findManifest(airflow, 'Service', 'airflow-statsd');
    expect(service.spec.ports).toEqual([
      expect.objectContaining({ name: 'statsd', port: 9125, protocol: 'UDP' }),
      expect.objectContaining({ name: 'metrics', port: 9102, protocol: 'TCP' }),
    ]);
    const mapping = parse(findManifest(airflow, 'ConfigMap', 'airflow-statsd-mappings').data['mappings.yml']);
    expect(mapping.mappings.filter((m: any) => m.action !== 'drop').map((m: any) => m.name)).toEqual(AIRFLOW_METRICS.map((m) => m.name));
  });

  test('the stack hands Prometheus one metrics endpoint and its mixin', () => {
    const { platform } = createDefaultApp();
    expect(platform.airflow.metricsEndpoints).toEqual([expect.objectContaining({ job: 'airflow', namespace: NS, serviceName: 'airflow-statsd', portName: 'metrics', port: 9102 })]);
    expect(platform.airflow.mixin.component).toBe('airflow');
    expect(platform.airflow.mixin.alerts.map((a) => a.alert)).toEqual([
      'AirflowDagRunFailed', 'AirflowDagImportErrors', 'PipelineDataQualityDegraded', 'LambdaReconciliationDiscrepancyHigh', 'PipelineBatchDataStale',
    ]);
  });
});

describe('database, cleanup and backup', () => {
  test('PostgreSQL keeps 2Gi on the retained storage class, with probes and resources', () => {
    const statefulSet = findManifest(airflow, 'StatefulSet', 'airflow-postgresql');
    expect(statefulSet.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: 'local-path-retain', resources: { requests: { storage: '2Gi' } } });
    const postgres = container(statefulSet, 'postgresql');
    expect(postgres.readinessProbe.exec.command.join(' ')).toContain('pg_isready');
    expect(postgres.env).toContainEqual({ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'airflow-metadata-db', key: 'password' } } });
    expect(findManifest(airflow, 'Service', 'airflow-postgresql').spec.ports[0].port).toBe(5432);
  });

  test('finished task pods are cleaned up by a CronJob; the metadata database is dumped nightly to the backup volume', () => {
    const cleanup = findManifest(airflow, 'CronJob', 'airflow-cleanup-pods');
    expect(container(cleanup, 'cleanup-pods').args).toEqual(['airflow', 'kubernetes', 'cleanup-pods', '--namespace=airflow']);
    const backup = findManifest(airflow, 'CronJob', 'airflow-metadata-backup');
    expect(backup.spec.schedule).toBe('15 2 * * *');
    expect(podSpec(backup).volumes).toContainEqual({ name: 'backups', persistentVolumeClaim: { claimName: 'platform-backups', readOnly: false } });
    expect(container(backup, 'pg-dump').command.join(' ')).toContain('pg_dump --format=custom');
  });
});
