import { Size } from 'cdk8s';
import { parse } from 'yaml';
import { LOGGING_SEED } from '../../src/config/logging';
import { UI_PORTS } from '../../src/config/ports';
import { STORAGE_CLASSES } from '../../src/config/storage';
import { createDefaultApp } from '../../src/default-app';
import { bytes } from '../../src/foundation/quantities';
import { compute } from '../../src/foundation/resources';
import { workloadPods } from '../../src/foundation/capacity/workload-resources';
import { ElkStack, ElkStackProps } from '../../src/logging/elk-stack';
import { findManifest, synthDefaultApp } from '../support/default-app';
import { manifestsOf, testApp } from '../support/test-app';

const { manifests } = synthDefaultApp();
const logging = manifests.filter((m) => m.metadata.namespace === 'logging');
const find = (kind: string, name: string) => findManifest(logging, kind, name, 'logging');
const podSpec = (kind: string, name: string) => find(kind, name).spec.template.spec;
const container = (kind: string, name: string, containerName = name) => podSpec(kind, name).containers.find((c: any) => c.name === containerName);
const mebibytes = (quantity: string) => bytes(quantity) / 2 ** 20;

describe('Elasticsearch', () => {
  const es = container('StatefulSet', 'elasticsearch');
  const settings = parse(find('ConfigMap', 'elasticsearch-config').data['elasticsearch.yml']);

  test('the heap is set explicitly and fits: at most half the memory limit', () => {
    const javaOptions = es.env.find((e: any) => e.name === 'ES_JAVA_OPTS').value;
    const [, xms, xmx] = /-Xms(\d+)m -Xmx(\d+)m/.exec(javaOptions)!;
    expect(xms).toBe(xmx);
    expect(Number(xmx) * 2).toBeLessThanOrEqual(mebibytes(es.resources.limits.memory));
    // The seed's 1Gi / 0.5 CPU are the limits.
    expect(es.resources.limits).toEqual({ cpu: '500m', memory: '1Gi' });
  });

  test('a 10Gi volume on the retained storage class, kept when the StatefulSet goes', () => {
    const sts = find('StatefulSet', 'elasticsearch');
    expect(sts.spec.volumeClaimTemplates).toHaveLength(1);
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: STORAGE_CLASSES.retained, resources: { requests: { storage: '10Gi' } } });
    expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
  });

  test('single node, no mmap (no vm.max_map_count), security and HTTPS on, transport on loopback only', () => {
    expect(settings).toMatchObject({
      'discovery.type': 'single-node', 'node.store.allow_mmap': false, 'xpack.security.enabled': true,
      'xpack.security.http.ssl.enabled': true, 'transport.host': '127.0.0.1', 'xpack.security.http.ssl.supported_protocols': ['TLSv1.3', 'TLSv1.2'],
    });
    expect(settings['cluster.routing.allocation.disk.watermark.high']).toBe(`${LOGGING_SEED.diskWatermarks.high * 100}%`);
  });

  test('no privileged or sysctl init container; uid 1000; read-only root; restricted-compatible', () => {
    const spec = podSpec('StatefulSet', 'elasticsearch');
    expect(spec.securityContext).toMatchObject({ runAsUser: 1000, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of [...spec.initContainers, ...spec.containers]) {
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(JSON.stringify(c)).not.toContain('sysctl');
    }
  });

  test('readiness is the cluster health (yellow on one node), with the password read from a file', () => {
    expect(es.readinessProbe.exec.command).toEqual(['bash', '/mnt/settings/ready.sh']);
    expect(es.env.find((e: any) => e.name === 'READY_URL').value).toContain('/_cluster/health?wait_for_status=yellow');
    expect(es.env.find((e: any) => e.name === 'PROBE_PASSWORD_FILE').value).toBe('/run/secrets/elasticsearch/elastic-password');
    // The entrypoint wants a 400/600 file: the init container copies the secret (group-readable 440) to a 600 one.
    const bootstrap = es.env.find((e: any) => e.name === 'ELASTIC_PASSWORD_FILE').value;
    const init = podSpec('StatefulSet', 'elasticsearch').initContainers[0];
    expect(init.command[2]).toContain(`install -m 0600 /run/secrets/elasticsearch/elastic-password ${bootstrap}`);
    expect(podSpec('StatefulSet', 'elasticsearch').volumes.find((v: any) => v.name === 'bootstrap-password').emptyDir.medium).toBe('Memory');
    expect(es.livenessProbe.tcpSocket).toBeDefined();
    // The image rotates gc.log up to 32 × 64 MiB; a smaller logs volume would get the pod evicted.
    expect(bytes(podSpec('StatefulSet', 'elasticsearch').volumes.find((v: any) => v.name === 'logs').emptyDir.sizeLimit)).toBeGreaterThan(32 * 64 * 2 ** 20);
    expect(es.startupProbe.failureThreshold * es.startupProbe.periodSeconds).toBeGreaterThanOrEqual(300);
  });

  test('9200 only inside the cluster', () => {
    const service = find('Service', 'elasticsearch');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 9200, protocol: 'TCP', targetPort: 'http' }]);
    expect(logging.filter((m) => m.kind === 'Service' && m.spec.type === 'NodePort').map((m) => m.metadata.name)).toEqual(['kibana']);
  });
});

describe('Fluentd DaemonSet', () => {
  const spec = podSpec('DaemonSet', 'fluentd');
  const fluentd = container('DaemonSet', 'fluentd');
  const mount = (name: string) => fluentd.volumeMounts.find((m: any) => m.name === name);
  const volume = (name: string) => spec.volumes.find((v: any) => v.name === name);

  test('node logs are mounted read-only; only its own state directory is writable', () => {
    expect(volume('var-log').hostPath.path).toBe('/var/log');
    expect(volume('var-log-pods').hostPath.path).toBe('/var/log/pods');
    expect(mount('var-log')).toMatchObject({ mountPath: '/var/log', readOnly: true });
    expect(mount('var-log-pods')).toMatchObject({ mountPath: '/var/log/pods', readOnly: true });
    expect(volume('state').hostPath).toEqual({ path: '/var/lib/pipeline-ops/fluentd', type: 'DirectoryOrCreate' });
    const writableHostMounts = fluentd.volumeMounts.filter((m: any) => volume(m.name).hostPath && !m.readOnly).map((m: any) => m.name);
    expect(writableHostMounts).toEqual(['state']);
  });

  test('runs on the control plane too (the audit log is there): three pods on the seed cluster', () => {
    expect(spec.tolerations).toEqual([{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(workloadPods(find('DaemonSet', 'fluentd'), 2)?.pods).toBe(3);
  });

  test('root only to read root-owned files: every capability dropped, not privileged, read-only root', () => {
    expect(fluentd.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, runAsUser: 0, runAsGroup: 0 });
    expect(spec.hostNetwork).toBeUndefined();
  });

  test('RBAC: get/list/watch on pods and namespaces, cluster-wide, nothing else', () => {
    const role = manifests.find((m) => m.kind === 'ClusterRole' && m.metadata.name === 'pipeline-ops-fluentd')!;
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] }]);
    const binding = manifests.find((m) => m.kind === 'ClusterRoleBinding' && m.metadata.name === 'pipeline-ops-fluentd')!;
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'fluentd', namespace: 'logging' }]);
    expect(spec.automountServiceAccountToken).toBe(true);
  });

  test('memory sized for bursts: the limit covers its flush threads\' chunks with room for Fluentd itself', () => {
    const limit = mebibytes(fluentd.resources.limits.memory);
    const chunk = Math.max(LOGGING_SEED.fluentdBuffer.application.chunkLimitMebibytes, LOGGING_SEED.fluentdBuffer.audit.chunkLimitMebibytes);
    expect(limit).toBeGreaterThanOrEqual(128 + 2 * chunk * 3);
    expect(mebibytes(fluentd.resources.requests.memory)).toBeGreaterThanOrEqual(100);
  });

  test('metrics on 24231 with probes on them, its password and CA as files', () => {
    expect(fluentd.ports).toEqual([{ name: 'metrics', containerPort: 24231, protocol: 'TCP' }]);
    expect(fluentd.readinessProbe.httpGet.path).toBe('/metrics');
    expect(fluentd.livenessProbe.httpGet.path).toBe('/metrics');
    expect(volume('credentials').secret.items).toEqual([{ key: 'fluentd-password', path: 'fluentd-password' }]);
    expect(JSON.stringify(fluentd.env)).not.toContain('secretKeyRef');
    expect(find('Service', 'fluentd').spec.ports[0]).toMatchObject({ name: 'metrics', port: 24231 });
  });
});

describe('Kibana', () => {
  const kibana = container('Deployment', 'kibana');
  const settings = parse(find('ConfigMap', 'kibana-config').data['kibana.yml']);

  test('connects as kibana_system (never elastic) over verified TLS, with a public base URL for the Kind mapping', () => {
    expect(settings['elasticsearch.username']).toBe('kibana_system');
    expect(settings['elasticsearch.hosts']).toEqual(['https://elasticsearch.logging.svc:9200']);
    expect(settings['elasticsearch.ssl.verificationMode']).toBe('full');
    expect(settings['server.publicBaseUrl']).toBe(`http://localhost:${UI_PORTS.kibana.hostPort}`);
    expect(settings.logging.appenders['json-layout'].layout.type).toBe('json');
  });

  test('same version as Elasticsearch', () => {
    const tag = (image: string) => image.split(':').pop();
    expect(tag(kibana.image)).toBe(tag(container('StatefulSet', 'elasticsearch').image));
  });

  test('/api/status readiness, NodePort mapped to the host port by the Kind config', () => {
    expect(kibana.readinessProbe.httpGet.path).toBe('/api/status');
    expect(find('Service', 'kibana').spec.ports[0]).toMatchObject({ name: 'http', port: 5601, nodePort: UI_PORTS.kibana.nodePort });
    const { platform } = createDefaultApp();
    expect(platform.kind.portMappings()).toContainEqual({ containerPort: UI_PORTS.kibana.nodePort, hostPort: UI_PORTS.kibana.hostPort, listenAddress: '127.0.0.1', protocol: 'TCP' });
  });

  test('secrets stay files: the wrapper exports them for kibana.yml\'s ${VAR} references', () => {
    expect(JSON.stringify(kibana.env ?? [])).not.toContain('secretKeyRef');
    const script: string = kibana.command[4];
    for (const variable of ['KIBANA_SYSTEM_PASSWORD', 'KIBANA_SECURITY_ENCRYPTION_KEY', 'KIBANA_SAVED_OBJECTS_ENCRYPTION_KEY', 'KIBANA_REPORTING_ENCRYPTION_KEY']) {
      expect(script).toContain(`export ${variable}`);
      expect(find('ConfigMap', 'kibana-config').data['kibana.yml']).toContain(`\${${variable}}`);
    }
    expect(script.trim().endsWith('exec /usr/local/bin/kibana-docker')).toBe(true);
  });
});

describe('exporter and Jobs', () => {
  test('the exporter reads Elasticsearch over verified TLS as its own user and logs JSON', () => {
    const exporter = container('Deployment', 'elasticsearch-exporter', 'exporter');
    expect(exporter.args).toEqual(expect.arrayContaining(['--es.uri=https://elasticsearch.logging.svc:9200', '--log.format=json']));
    expect(exporter.args.find((a: string) => a.startsWith('--es.ca='))).toBeDefined();
    expect(exporter.env).toEqual([{ name: 'ES_USERNAME', value: 'elasticsearch-exporter' }]);
  });

  test('each setup Job mounts only the credentials its requests need', () => {
    const keys = (job: string) => podSpec('Job', job).volumes.find((v: any) => v.name === 'credentials').secret.items.map((i: any) => i.key);
    expect(keys('kibana-data-views-setup')).toEqual(['elastic-password']);
    expect(keys('elasticsearch-setup')).toEqual(['elastic-password', 'kibana-system-password', 'fluentd-password', 'exporter-password']);
    for (const job of ['kibana-data-views-setup', 'elasticsearch-setup']) {
      expect(podSpec('Job', job).automountServiceAccountToken).toBe(false);
    }
  });

  test('the certificate Job may create Secrets and read only its own', () => {
    const role = find('Role', 'elasticsearch-certificates');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['elasticsearch-tls'] },
    ]);
  });

  test('credentials arrive as committed SealedSecrets; no Secret with data is synthesized', () => {
    expect(logging.filter((m) => m.kind === 'SealedSecret').map((m) => m.metadata.name).sort()).toEqual(['elasticsearch-users', 'kibana-encryption-keys']);
    expect(logging.filter((m) => m.kind === 'Secret')).toEqual([]);
  });
});

describe('bad props fail at synth with the construct path, the value and the fix', () => {
  const build = (props: ElkStackProps) => {
    const { chart } = testApp('logging');
    new ElkStack(chart, 'elk', props);
    return manifestsOf(chart);
  };

  test('the defaults build', () => {
    expect(build({}).length).toBeGreaterThan(20);
  });

  const cases: Array<[string, ElkStackProps, RegExp]> = [
    ['retention of zero days', { retentionDays: 0 }, /logging\/elk: 0 is not a valid retention in days; use a whole number/],
    ['an index prefix that lands in the built-in logs-*-* data streams', { indexPrefixes: { application: 'logs-app' } }, /"logs-app" makes the application indices match Elasticsearch's built-in "logs-\*-\*"/],
    ['an invalid index prefix', { indexPrefixes: { audit: 'Audit Logs' } }, /"Audit Logs" is not a valid index prefix/],
    ['overlapping prefixes', { indexPrefixes: { application: 'k8s', audit: 'k8s-audit' } }, /are index prefixes whose patterns overlap/],
    ['a heap above half the memory limit', { elasticsearchHeap: Size.mebibytes(768) }, /768Mi heap with a 1024Mi memory limit" leaves less than half.*lower the heap to at most 512Mi/],
    ['disk watermarks out of order', { diskWatermarks: { low: 0.9, high: 0.85, floodStage: 0.95 } }, /are not disk watermarks in increasing order/],
    ['a Kibana heap close to its memory limit', { kibanaHeapMebibytes: 800 }, /800Mi heap with a 896Mi memory limit/],
    ['a public base URL with a trailing slash', { kibanaPublicBaseUrl: 'http://localhost:5601/' }, /is not a valid server.publicBaseUrl/],
    ['Kibana and Elasticsearch of different versions', { images: { kibana: { repository: 'docker.elastic.co/kibana/kibana', tag: '8.18.0' } } }, /are different versions/],
    ['a buffer of fewer than four chunks', { fluentdBuffers: { audit: { chunkLimitMebibytes: 8, totalLimitMebibytes: 16 } } }, /"8MB chunks in 16MB" is the audit log buffer: it holds fewer than 4 chunks.*; raise totalLimitMebibytes to at least 32/],
    ['a Fluentd memory limit too small for its flush threads', { fluentdResources: compute(50, 200, 64, 96) }, /"96Mi" is a Fluentd memory limit too small/],
    ['a certificate valid for a week', { certificateValidityDays: 7 }, /7 is not a certificate validity of at least 30 days/],
    ['a Kibana nodePort outside the NodePort range', { kibanaNodePort: 8080 }, /8080 is outside the NodePort range/],
  ];
  test.each(cases)('%s', (_description, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
