import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { KIND_NODE_IMAGE } from '../../src/config/images';
import { AUDIT_PATHS } from '../../src/foundation/kind/audit-policy';
import { synthDefaultApp } from '../support/default-app';
import { run, tool } from '../support/tools';

describe('the Kind cluster definition', () => {
  const { outdir, manifests } = synthDefaultApp();
  const config = parse(fs.readFileSync(path.join(outdir, 'kind-config.yaml'), 'utf8'));
  const [controlPlane, ...workers] = config.nodes;

  test('one control plane and two workers on the pinned node image (tag and digest)', () => {
    expect(config).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4' });
    expect(controlPlane.role).toBe('control-plane');
    expect(workers.map((n: any) => n.role)).toEqual(['worker', 'worker']);
    for (const node of config.nodes) {
      expect(node.image).toMatch(/^kindest\/node:v\d+\.\d+\.\d+@sha256:[0-9a-f]{64}$/);
      expect(node.image).toBe(`${KIND_NODE_IMAGE.repository}:${KIND_NODE_IMAGE.tag}@${KIND_NODE_IMAGE.digest}`);
    }
  });

  test('API server auditing: policy mounted read-only, JSON lines under /var/log/kubernetes', () => {
    expect(controlPlane.extraMounts).toContainEqual({ hostPath: './dist/kind/audit-policy.yaml', containerPath: AUDIT_PATHS.policyFile, readOnly: true });
    const patch = parse(controlPlane.kubeadmConfigPatches[0]);
    expect(patch.apiVersion).toBeUndefined();
    expect(patch.apiServer.extraArgs).toMatchObject({ 'audit-policy-file': AUDIT_PATHS.policyFile, 'audit-log-path': AUDIT_PATHS.logFile, 'audit-log-format': 'json' });
    expect(AUDIT_PATHS.logFile.startsWith('/var/log/kubernetes/')).toBe(true);
    expect(patch.apiServer.extraVolumes.map((v: any) => v.mountPath)).toEqual([AUDIT_PATHS.policyDirectory, AUDIT_PATHS.logDirectory]);
  });

  test('the audit policy logs Secrets and ConfigMaps at Metadata level only', () => {
    const policy = parse(fs.readFileSync(path.join(outdir, 'kind', 'audit-policy.yaml'), 'utf8'));
    // The first rule that matches a Secret or ConfigMap request decides its level.
    const firstMatch = (resource: string) => policy.rules.find((rule: any) =>
      !rule.nonResourceURLs && !rule.users && !rule.userGroups
      && (!rule.resources || rule.resources.some((r: any) => r.group === '' && r.resources.includes(resource))));
    expect(firstMatch('secrets').level).toBe('Metadata');
    expect(firstMatch('configmaps').level).toBe('Metadata');
    expect(policy.omitStages).toEqual(['RequestReceived']);
  });

  test('each host port mapping goes to the nodePort of the Service that serves the UI, on loopback', () => {
    const nodePorts = new Map<number, string>();
    for (const service of manifests.filter((m) => m.kind === 'Service')) {
      for (const port of service.spec.ports ?? []) {
        if (port.nodePort) {
          nodePorts.set(port.nodePort, `${service.metadata.namespace}/${service.metadata.name}`);
        }
      }
    }
    for (const mapping of controlPlane.extraPortMappings) {
      expect(mapping.listenAddress).toBe('127.0.0.1');
      expect(nodePorts.has(mapping.containerPort)).toBe(true);
    }
    const endpoints = JSON.parse(fs.readFileSync(path.join(outdir, 'kind', 'ui-endpoints.json'), 'utf8'));
    expect(endpoints.map((e: any) => new URL(e.url).port).map(Number)).toEqual(controlPlane.extraPortMappings.map((m: any) => m.hostPort));
  });

  test.each([
    [8080, 'airflow', 'airflow-api-server'],
    [3000, 'monitoring', 'grafana'],
    [9090, 'monitoring', 'prometheus'],
    [5601, 'logging', 'kibana'],
  ])('host port %i reaches the NodePort of %s/%s (one number for both sides)', (hostPort, namespace, serviceName) => {
    const service = manifests.find((m) => m.kind === 'Service' && m.metadata.name === serviceName && m.metadata.namespace === namespace)!;
    expect(service.spec.type).toBe('NodePort');
    const httpPort = service.spec.ports.find((p: any) => p.name === 'http');
    const mapping = controlPlane.extraPortMappings.find((m: any) => m.hostPort === hostPort);
    expect(mapping).toEqual({ hostPort, containerPort: httpPort.nodePort, listenAddress: '127.0.0.1', protocol: 'TCP' });
  });

  test('kind\'s own Go types accept the config strictly (tools/kind-config-check, built against kind v0.33.0)', () => {
    const file = path.join(outdir, 'kind-config.yaml');
    expect(parseAllDocuments(fs.readFileSync(file, 'utf8'))).toHaveLength(1);
    const result = run(tool('kind-config-check'), [file]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^valid kind config: cluster "pipeline-ops", 3 nodes/);
  });

  test('the check is strict: a misspelt field fails it', () => {
    const misspelt = path.join(outdir, 'kind-config-misspelt.yaml');
    fs.writeFileSync(misspelt, fs.readFileSync(path.join(outdir, 'kind-config.yaml'), 'utf8').replace('extraMounts', 'extraMount'));
    const result = run(tool('kind-config-check'), [misspelt]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown field "extraMount"/);
  });
});
