import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXTERNAL_DEPENDENCY_ANNOTATION } from '../../src/foundation/external-dependency';
import { synthDefaultApp } from '../support/default-app';
import { REPO_ROOT } from '../support/paths';
import { run, tool } from '../support/tools';

const SCRIPTS = ['cluster-up.sh', 'deploy.sh', 'verify.sh', 'cluster-down.sh'];

/** The ordered commands a script's --dry-run prints, run against the default app's synth output. */
function plan(script: string): string[] {
  const { outdir } = synthDefaultApp();
  const result = run('bash', [path.join(REPO_ROOT, 'scripts', script), '--dry-run'], { env: { ...process.env, PIPELINE_OPS_DIST: outdir } });
  if (result.status !== 0) {
    throw new Error(`${script} --dry-run failed: ${result.stderr}`);
  }
  return result.stdout.trim().split('\n');
}

const indexOf = (lines: string[], pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('cluster scripts', () => {
  const { outdir, chartFiles, manifestsByFile } = synthDefaultApp();
  const kindConfig = fs.readFileSync(path.join(outdir, 'kind-config.yaml'), 'utf8');
  const clusterName = /^name: (.+)$/m.exec(kindConfig)![1];

  test('shellcheck passes on every shell script (scripts/, scripts/lib/, .ci/run)', () => {
    const scriptsDir = path.join(REPO_ROOT, 'scripts');
    const files = [
      ...fs.readdirSync(scriptsDir).filter((f) => f.endsWith('.sh')).map((f) => path.join('scripts', f)),
      ...fs.readdirSync(path.join(scriptsDir, 'lib')).filter((f) => f.endsWith('.sh')).map((f) => path.join('scripts', 'lib', f)),
      path.join('.ci', 'run'),
    ];
    const result = run(tool('shellcheck'), files);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  describe('a missing tool stops a script before it does anything, saying how to install it', () => {
    // A PATH holding only what the scripts need before their checks, plus stand-ins for the tools named.
    const made: string[] = [];
    afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
    function pathWith(...fakeTools: string[]): string {
      const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-ops-path-'));
      made.push(bin);
      for (const command of ['bash', 'dirname']) {
        fs.symlinkSync(run('bash', ['-c', `command -v ${command}`]).stdout.trim(), path.join(bin, command));
      }
      for (const fake of fakeTools) {
        fs.writeFileSync(path.join(bin, fake), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      }
      return bin;
    }
    const runWithPath = (script: string, bin: string) => run(path.join(bin, 'bash'), [path.join(REPO_ROOT, 'scripts', script)], { env: { PATH: bin, PIPELINE_OPS_DIST: outdir } });

    test.each([
      ['cluster-up.sh', [], 'docker is not installed; install Docker (Docker Desktop or Docker Engine) and give it 8 GB of memory'],
      ['cluster-up.sh', ['docker'], 'kind is not installed; install kind v0.33.0: go install sigs.k8s.io/kind@v0.33.0'],
      ['cluster-up.sh', ['docker', 'kind'], 'kubectl is not installed; install kubectl 1.28 or newer'],
      ['cluster-down.sh', [], 'kind is not installed; install kind v0.33.0'],
      ['deploy.sh', [], 'kubectl is not installed; install kubectl 1.28 or newer'],
      ['verify.sh', ['kubectl'], 'curl is not installed; install curl'],
    ])('%s with only %j on the PATH', (script, fakes, message) => {
      const result = runWithPath(script, pathWith(...(fakes as string[])));
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`error: ${message}`);
      expect(result.stdout).toBe('');
    });
  });

  test('every script has a --dry-run', () => {
    for (const script of SCRIPTS) {
      expect(plan(script).length).toBeGreaterThan(0);
    }
  });

  test('cluster-up creates the cluster from the synthesized kind config and waits for the nodes', () => {
    const lines = plan('cluster-up.sh');
    expect(lines[0]).toBe(`kind create cluster --config ${path.join(outdir, 'kind-config.yaml')} --wait 180s`);
    expect(lines).toContain(`kubectl --context kind-${clusterName} wait --for=condition=Ready node --all --timeout=180s`);
  });

  test('cluster-down deletes exactly that cluster', () => {
    expect(plan('cluster-down.sh')).toEqual([`kind delete cluster --name ${clusterName}`]);
  });

  describe('deploy', () => {
    const lines = plan('deploy.sh');
    const applyLine = (file: string) => indexOf(lines, new RegExp(`apply --server-side .* -f ${escape(path.join(outdir, file))}$`));

    test('synthesizes first, and installs the sealing key after the cluster chart, before the controller\'s chart', () => {
      expect(lines[0]).toMatch(/npm --prefix .* run --silent synth/);
      const install = indexOf(lines, /sealing-key\.sh install --context kind-/);
      expect(install).toBeGreaterThan(applyLine(chartFiles[0]));
      expect(install).toBeLessThan(applyLine(chartFiles[1]));
    });

    test('applies every non-empty chart, in file order, server-side, against the kind context only', () => {
      const applied = chartFiles.filter((f) => f === chartFiles[0] || manifestsByFile[f].length > 0);
      const positions = applied.map(applyLine);
      expect(positions.every((p) => p > 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      for (const line of lines.filter((l) => l.startsWith('kubectl'))) {
        expect(line).toContain(`--context kind-${clusterName}`);
      }
    });

    test('waits for the CRDs to be Established before any namespace chart is applied', () => {
      const crds = manifestsByFile[chartFiles[0]].filter((m) => m.kind === 'CustomResourceDefinition').map((m) => m.metadata.name);
      const firstNamespaceApply = Math.min(...chartFiles.slice(1).map(applyLine).filter((p) => p >= 0));
      for (const crd of crds) {
        const wait = lines.indexOf(`kubectl --context kind-${clusterName} wait --for=condition=Established --timeout=60s customresourcedefinition/${crd}`);
        expect(wait).toBeGreaterThan(applyLine(chartFiles[0]));
        expect(wait).toBeLessThan(firstNamespaceApply);
      }
    });

    test('does not wait for the rollout of kafka-exporter, which needs the pipeline\'s Kafka outside the platform', () => {
      const exporter = manifestsByFile[chartFiles.find((f) => f.includes('monitoring'))!].find((m) => m.metadata.name === 'kafka-exporter')!;
      expect(exporter.metadata.annotations?.[EXTERNAL_DEPENDENCY_ANNOTATION]).toMatch(/^Kafka at /);
      expect(lines.some((line) => line.includes('rollout status deployment/kafka-exporter'))).toBe(false);
    });

    test('waits for each chart\'s sealed secrets, rollouts and jobs before applying the next chart', () => {
      const namespaceCharts = chartFiles.slice(1).filter((f) => manifestsByFile[f].length > 0);
      namespaceCharts.forEach((file, i) => {
        const start = applyLine(file);
        const end = i + 1 < namespaceCharts.length ? applyLine(namespaceCharts[i + 1]) : lines.length;
        const section = lines.slice(start + 1, end);
        for (const manifest of manifestsByFile[file]) {
          const expected = {
            SealedSecret: `wait --for=condition=Synced --timeout=120s sealedsecret/${manifest.metadata.name}`,
            Deployment: `rollout status deployment/${manifest.metadata.name}`,
            StatefulSet: `rollout status statefulset/${manifest.metadata.name}`,
            DaemonSet: `rollout status daemonset/${manifest.metadata.name}`,
            Job: `wait --for=condition=complete --timeout=900s job/${manifest.metadata.name}`,
          }[manifest.kind as string];
          const external = manifest.metadata.annotations?.[EXTERNAL_DEPENDENCY_ANNOTATION];
          if (expected && external) {
            // A workload that waits for a service outside the platform is applied but not waited for.
            expect(section).not.toContainEqual(expect.stringContaining(`-n ${manifest.metadata.namespace} ${expected}`));
          } else if (expected) {
            expect(section).toContainEqual(expect.stringContaining(`-n ${manifest.metadata.namespace} ${expected}`));
          }
        }
      });
    });
  });

  test('verify checks the pods of every namespace and every UI on localhost', () => {
    const lines = plan('verify.sh');
    const namespaces = [...new Set(chartFiles.slice(1).flatMap((f) => manifestsByFile[f].map((m) => m.metadata.namespace)))];
    for (const namespace of namespaces) {
      expect(lines).toContain(`kubectl --context kind-${clusterName} -n ${namespace} wait --for=condition=Ready pod --all --field-selector=status.phase\\!=Succeeded --timeout=180s`);
    }
    const endpoints: Array<{ healthUrl: string }> = JSON.parse(fs.readFileSync(path.join(outdir, 'kind', 'ui-endpoints.json'), 'utf8'));
    for (const endpoint of endpoints) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^curl .*${escape(endpoint.healthUrl)}$`)));
    }
  });
});
