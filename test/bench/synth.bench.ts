/**
 * `npm run bench`: how long the default app takes to build and synthesize, and how fast values seal.
 * Benchmarks print numbers; they never fail a build (performance is not asserted in tests).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDefaultApp } from '../../src/default-app';
import { seal } from '../../src/secrets/seal';
import { SealingCertificate } from '../../src/secrets/sealing-certificate';

function measure(label: string, runs: number, body: () => void): void {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    body();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(48)} runs=${runs}  min=${times[0].toFixed(1)} ms  median=${median.toFixed(1)} ms  max=${times[times.length - 1].toFixed(1)} ms`);
}

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-ops-bench-'));
measure('build the default app (constructs only)', 5, () => createDefaultApp());
measure('build + synth the default app to YAML files', 5, () => createDefaultApp({}, { outdir }).app.synth());
measure('capacity report of the default app', 5, () => createDefaultApp().platform.capacity.report());

const certificate = SealingCertificate.fromPem(fs.readFileSync(path.join(__dirname, '..', '..', 'secrets', 'repository-cert.pem')));
const values = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`key-${i}`, `value-${i}`]));
measure('seal 100 values (RSA-4096 OAEP + AES-256-GCM)', 5, () => seal(certificate, values, { namespace: 'bench', name: 'bench' }));
fs.rmSync(outdir, { recursive: true, force: true });
