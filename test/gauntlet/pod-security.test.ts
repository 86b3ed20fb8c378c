import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthDefaultApp } from '../support/default-app';
import { run, tool } from '../support/tools';

/**
 * Pod Security Standards, checked with the admission plugin's own library (tools/pod-security-check wraps
 * k8s.io/pod-security-admission at the Kind node's release): each namespace's `enforce` level must admit
 * every pod the app creates there, and must be as strict as those pods allow.
 */

type Level = 'privileged' | 'baseline' | 'restricted';
const LEVELS: Level[] = ['privileged', 'baseline', 'restricted'];

interface Finding { reason: string; detail: string }
interface PodResult { kind: string; namespace: string; name: string; baseline: Finding[]; restricted: Finding[] }

/** Namespaces allowed to enforce less than their own pods would allow, and why. */
const ENFORCE_EXCEPTIONS: Record<string, { enforce: Level; reason: string }> = {
  'kube-system': {
    enforce: 'privileged',
    reason: 'kube-proxy and kindnet, which the project does not own, run there with host networking and privileges; a stricter enforce level would reject them when they are recreated',
  },
};

/**
 * Every pod that fails `restricted`, with exactly the checks it fails at each level. These are what hold
 * their namespaces below `restricted`; a new finding (or a changed detail) fails the test until listed here.
 */
const EXPECTED_HOLD_DOWNS: Record<string, Pick<PodResult, 'baseline' | 'restricted'>> = {
  // Node metrics need the host's network and process namespaces and its /proc, /sys and / mounted read-only.
  'monitoring/DaemonSet/node-exporter': {
    baseline: [
      { reason: 'host namespaces', detail: 'hostNetwork=true, hostPID=true' },
      { reason: 'hostPath volumes', detail: 'volumes "proc", "sys", "root"' },
    ],
    restricted: [
      { reason: 'host namespaces', detail: 'hostNetwork=true, hostPID=true' },
      { reason: 'restricted volume types', detail: 'volumes "proc", "sys", "root" use restricted volume type "hostPath"' },
    ],
  },
  // Node log files are read through hostPath mounts, as root because containerd writes them 0640 root.
  'logging/DaemonSet/fluentd': {
    baseline: [
      { reason: 'hostPath volumes', detail: 'volumes "var-log", "var-log-pods", "state"' },
    ],
    restricted: [
      { reason: 'restricted volume types', detail: 'volumes "var-log", "var-log-pods", "state" use restricted volume type "hostPath"' },
      { reason: 'runAsNonRoot != true', detail: 'pod must not set securityContext.runAsNonRoot=false' },
      { reason: 'runAsUser=0', detail: 'pod and container "fluentd" must not set runAsUser=0' },
    ],
  },
};

function podSecurityCheck(files: string[]) {
  const result = run(tool('pod-security-check'), files);
  return { ...result, pods: result.status === 0 ? JSON.parse(result.stdout) as PodResult[] : [] };
}

/** The strictest level that admits every one of the pods. */
function strictestAllowed(pods: PodResult[]): Level {
  if (pods.every((p) => p.restricted.length === 0)) return 'restricted';
  return pods.every((p) => p.baseline.length === 0) ? 'baseline' : 'privileged';
}

const podId = (p: PodResult) => `${p.namespace}/${p.kind}/${p.name}`;

describe('Pod Security Standards of the default app (k8s.io/pod-security-admission)', () => {
  const { outdir, chartFiles, manifests } = synthDefaultApp();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-ops-pod-security-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // The KubernetesExecutor's worker pod template lives in a ConfigMap; its task pods are created from it.
  const template = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'airflow-pod-template');
  const templateFile = path.join(tmp, 'pod-template.yaml');
  fs.writeFileSync(templateFile, String(template?.data?.['pod_template_file.yaml'] ?? ''));

  const { status, stderr, pods } = podSecurityCheck([...chartFiles.map((f) => path.join(outdir, f)), templateFile]);
  const enforce = Object.fromEntries(manifests.filter((m) => m.kind === 'Namespace')
    .map((m) => [m.metadata.name, m.metadata.labels?.['pod-security.kubernetes.io/enforce'] as Level]));
  const namespaces = Object.keys(enforce);
  const podsIn = (namespace: string) => pods.filter((p) => p.namespace === namespace);

  test('the tool reads every chart and the worker pod template', () => {
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(pods.find((p) => p.kind === 'Pod' && p.name === 'placeholder-name')?.namespace).toBe('airflow');
  });

  test('every namespace declares a valid enforce level, and every pod lands in one of them', () => {
    for (const namespace of namespaces) {
      expect(`${namespace}: ${enforce[namespace]}`).toMatch(/: (privileged|baseline|restricted)$/);
    }
    expect(pods.map(podId).filter((id) => !namespaces.includes(id.split('/')[0]))).toEqual([]);
  });

  test.each(namespaces)('every pod in %s is admitted at its enforce level', (namespace) => {
    const level = enforce[namespace];
    expect(podsIn(namespace).length).toBeGreaterThan(0);
    const rejected = level === 'privileged' ? [] : podsIn(namespace)
      .filter((p) => p[level].length > 0).map((p) => `${podId(p)}: ${p[level].map((f) => `${f.reason} (${f.detail})`).join(', ')}`);
    expect(rejected).toEqual([]);
  });

  test('each namespace enforces the strictest level its own pods allow (exceptions stated with a reason)', () => {
    const actual = Object.fromEntries(namespaces.map((n) => [n, enforce[n]]));
    const expected = Object.fromEntries(namespaces.map((n) => [n, ENFORCE_EXCEPTIONS[n]?.enforce ?? strictestAllowed(podsIn(n))]));
    expect(actual).toEqual(expected);
    for (const [namespace, exception] of Object.entries(ENFORCE_EXCEPTIONS)) {
      // The exception is for pods the project does not own: its own pods there still meet restricted.
      expect(strictestAllowed(podsIn(namespace))).toBe('restricted');
      expect(LEVELS.indexOf(exception.enforce)).toBeLessThan(LEVELS.indexOf('restricted'));
      expect(exception.reason.length).toBeGreaterThan(30);
    }
  });

  test('the pods that hold a namespace below restricted, and the checks that hold it down, are exactly the expected ones', () => {
    const holdDowns = Object.fromEntries(pods.filter((p) => p.restricted.length > 0)
      .map((p) => [podId(p), { baseline: p.baseline, restricted: p.restricted }]));
    expect(holdDowns).toEqual(EXPECTED_HOLD_DOWNS);
  });
});

describe('pod-security-check itself', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-ops-pod-security-self-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const container = { name: 'app', image: 'docker.io/library/busybox:1.36.1' };
  const pod = (name: string, spec: object) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'x' }, spec });

  test('rejects a privileged container at baseline and a pod without runAsNonRoot at restricted', () => {
    const file = write('offenders.yaml', [
      pod('privileged', { containers: [{ ...container, securityContext: { privileged: true } }] }),
      pod('maybe-root', { containers: [container] }),
    ].join('\n---\n'));
    const { status, pods } = podSecurityCheck([file]);
    expect(status).toBe(0);
    const [privileged, maybeRoot] = pods;
    expect(privileged.baseline.map((f) => f.reason)).toContain('privileged');
    expect(maybeRoot.baseline).toEqual([]);
    expect(maybeRoot.restricted.map((f) => f.reason)).toContain('runAsNonRoot != true');
  });

  test('a misspelt field in a pod-bearing object is an error, not a silently ignored setting', () => {
    const file = write('misspelt.yaml', pod('typo', { containers: [{ ...container, securityContxt: { privileged: true } }] }));
    const { status, stderr } = podSecurityCheck([file]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/Pod typo: .*unknown field "securityContxt"/);
  });
});
