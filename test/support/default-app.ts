import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createDefaultApp } from '../../src/default-app';
import { KubernetesManifest } from '../../src/foundation/manifests';
import { MANIFEST_SUFFIX } from '../../src/foundation/platform-app';

/** The default app's synth output, as files and parsed manifests. */
export interface SynthOutput {
  readonly outdir: string;
  /** Chart files in apply order. */
  readonly chartFiles: string[];
  readonly manifestsByFile: Record<string, KubernetesManifest[]>;
  readonly manifests: KubernetesManifest[];
}

let cached: SynthOutput | undefined;

/** Synthesizes the default app (as `npm run synth` does) into a temporary folder, once per test file. */
export function synthDefaultApp(): SynthOutput {
  if (cached) {
    return cached;
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-ops-dist-'));
  createDefaultApp({}, { outdir }).app.synth();
  const chartFiles = fs.readdirSync(outdir).filter((f) => f.endsWith(MANIFEST_SUFFIX)).sort();
  const manifestsByFile = Object.fromEntries(chartFiles.map((file) => [file, readManifests(path.join(outdir, file))]));
  cached = { outdir, chartFiles, manifestsByFile, manifests: Object.values(manifestsByFile).flat() };
  return cached;
}

export function readManifests(file: string): KubernetesManifest[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter(Boolean);
}

/** The manifest of `kind` named `name` (optionally in `namespace`), or a failed test naming what is missing. */
export function findManifest(manifests: KubernetesManifest[], kind: string, name: string, namespace?: string): KubernetesManifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name && (namespace === undefined || m.metadata.namespace === namespace));
  if (!found) {
    throw new Error(`no ${kind} ${namespace ? `${namespace}/` : ''}${name} in the synthesized manifests`);
  }
  return found;
}
