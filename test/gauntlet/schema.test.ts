import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { BASELINE_KUBERNETES_VERSION, KIND_KUBERNETES_VERSION } from '../../src/config/cluster';
import { synthDefaultApp } from '../support/default-app';
import { REPO_ROOT } from '../support/paths';
import { run, tool } from '../support/tools';

const SCHEMA_LOCATION = path.join(REPO_ROOT, '.tools', 'schemas', '{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}', '{{ .ResourceKind }}{{ .KindSuffix }}.json');

/** kubeconform in strict mode against the generated schemas, built-in kinds and the vendored CRDs alike. */
function kubeconform(version: string, files: string[]) {
  const result = run(tool('kubeconform'), ['-strict', '-summary', '-output', 'json', '-kubernetes-version', version, '-schema-location', SCHEMA_LOCATION, ...files]);
  return { ...result, report: JSON.parse(result.stdout) };
}

describe.each([BASELINE_KUBERNETES_VERSION, KIND_KUBERNETES_VERSION])('strict Kubernetes %s schema validation (kubeconform)', (version) => {
  const { outdir, chartFiles, manifests } = synthDefaultApp();

  test('every synthesized object is valid, with no unknown or misspelt field and nothing skipped', () => {
    const { status, report } = kubeconform(version, chartFiles.map((f) => path.join(outdir, f)));
    const problems = report.resources.filter((r: any) => r.status !== 'statusValid').map((r: any) => `${r.kind} ${r.name}: ${r.status} ${r.msg}`);
    expect(problems).toEqual([]);
    expect(report.summary).toMatchObject({ valid: manifests.length, invalid: 0, errors: 0, skipped: 0 });
    expect(status).toBe(0);
  });

  test('manifests embedded in ConfigMaps (the KubernetesExecutor\'s worker pod template) are valid too', () => {
    const embedded = manifests.filter((m) => m.kind === 'ConfigMap').flatMap((m) => Object.entries(m.data ?? {}).flatMap(([key, text]) => {
      try {
        const doc = parse(String(text));
        return doc && typeof doc === 'object' && doc.apiVersion && doc.kind && doc.metadata ? [{ from: `${m.metadata.name}/${key}`, doc }] : [];
      } catch {
        return [];
      }
    }));
    expect(embedded.map((e) => e.from)).toContain('airflow-pod-template/pod_template_file.yaml');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-ops-embedded-'));
    const files = embedded.map((e, i) => {
      const file = path.join(dir, `${i}.yaml`);
      fs.writeFileSync(file, JSON.stringify(e.doc));
      return file;
    });
    const { status, report } = kubeconform(version, files);
    expect(report.resources.filter((r: any) => r.status !== 'statusValid').map((r: any) => `${r.kind} ${r.name}: ${r.msg}`)).toEqual([]);
    expect(status).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the validator rejects a misspelt field (it is strict, not a formality)', () => {
    const fixture = path.join(REPO_ROOT, 'test', 'gauntlet', 'fixtures', 'misspelt-field.yaml');
    const { status, report } = kubeconform(version, [fixture]);
    expect(status).not.toBe(0);
    expect(report.resources[0].msg).toMatch(/additional properties 'replica' not allowed/);
  });
});
