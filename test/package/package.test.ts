import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../support/paths';
import { run } from '../support/tools';

/**
 * Another team's view of the library: pack it, install the tarball into an empty project, and
 * synthesize a chart there that imports constructs by package name — in TypeScript, type-checked
 * against the published declarations, and run from the compiled JavaScript.
 */
describe('the packed library in a consumer project', () => {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-ops-consumer-'));
  let tarball = '';

  beforeAll(() => {
    const packed = run('npm', ['pack', '--silent', '--pack-destination', workdir]);
    expect(packed.status).toBe(0);
    tarball = path.join(workdir, packed.stdout.trim().split('\n').pop()!);
    const project = path.join(workdir, 'consumer');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'team-orders', version: '1.0.0', private: true }));
    const installed = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', tarball], { cwd: project });
    expect(installed.stderr).not.toMatch(/ERR!/);
    expect(installed.status).toBe(0);
  });

  afterAll(() => fs.rmSync(workdir, { recursive: true, force: true }));

  test('the tarball ships the compiled library, its declarations and the CRDs, and no TypeScript sources, tests or secrets', () => {
    const listing = run('tar', ['-tzf', tarball]).stdout.split('\n');
    expect(listing).toContain('package/lib/src/index.js');
    expect(listing).toContain('package/lib/src/index.d.ts');
    expect(listing.some((f) => f.startsWith('package/crds/'))).toBe(true);
    // Shell scripts the setup Jobs run are data and ship from src/; TypeScript sources, tests and local secrets never do.
    expect(listing.filter((f) => (f.startsWith('package/src/') && f.endsWith('.ts')) || f.startsWith('package/test/') || f.includes('.secrets'))).toEqual([]);
  });

  test('a TypeScript chart that imports constructs by package name type-checks and synthesizes', () => {
    const project = path.join(workdir, 'consumer');
    fs.writeFileSync(path.join(project, 'main.ts'), `
import { App, Size } from 'cdk8s';
import { ClusterChart, NamespaceChart, PersistentVolume, PodSecurityLevel, CapacityBudget } from 'cdk8s-pipeline-ops';

const app = new App({ outdir: 'dist' });
new ClusterChart(app, 'cluster');
const chart = new NamespaceChart(app, 'team-orders', {
  namespace: 'team-orders',
  podSecurity: PodSecurityLevel.RESTRICTED,
  podSecurityReason: 'stateless services only',
});
new PersistentVolume(chart, 'exports', { name: 'order-exports', identity: { name: 'orders', component: 'exports' }, size: Size.gibibytes(1) });
new CapacityBudget(app, 'capacity');
app.synth();
`);
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, skipLibCheck: true, outDir: 'out' },
      files: ['main.ts'],
    }));
    const compiled = run(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], { cwd: project });
    expect(compiled.stdout + compiled.stderr).toBe('');
    const synthesized = run('node', ['out/main.js'], { cwd: project });
    expect(synthesized.stderr).toBe('');
    expect(synthesized.status).toBe(0);
    const objects = fs.readdirSync(path.join(project, 'dist'))
      .flatMap((file) => parseAllDocuments(fs.readFileSync(path.join(project, 'dist', file), 'utf8')).map((d) => d.toJS()));
    expect(objects).toContainEqual(expect.objectContaining({ kind: 'PersistentVolumeClaim', metadata: expect.objectContaining({ name: 'order-exports', namespace: 'team-orders' }) }));
    expect(objects).toContainEqual(expect.objectContaining({ kind: 'Namespace', metadata: expect.objectContaining({ name: 'team-orders' }) }));
  });

  test('importing the library writes no files', () => {
    const project = path.join(workdir, 'consumer');
    const before = fs.readdirSync(project).sort();
    const imported = run('node', ['-e', "require('cdk8s-pipeline-ops')"], { cwd: project });
    expect(imported.status).toBe(0);
    expect(fs.readdirSync(project).sort()).toEqual(before);
  });
});
