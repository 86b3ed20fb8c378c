import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, AppProps, Chart, Yaml } from 'cdk8s';
import { ClusterChart } from './cluster-chart';
import { isSynthArtifactProducer } from './synth-artifacts';

/** Suffix of every synthesized chart file. */
export const MANIFEST_SUFFIX = '.k8s.yaml';

/**
 * A cdk8s App whose output files are numbered in apply order — the cluster chart first
 * (`00-cluster.k8s.yaml`), then the namespace charts in the order they were created — and which also
 * writes the artifacts constructs contribute (the Kind cluster definition). Stale manifests from an
 * earlier synth are removed, so `dist/` always equals the current app.
 */
export class PlatformApp extends App {
  constructor(props: AppProps = {}) {
    super({ outputFileExtension: MANIFEST_SUFFIX, ...props });
  }

  /** Charts in apply order: cluster-scoped first. */
  get orderedCharts(): Chart[] {
    const charts = this.charts;
    return [...charts.filter(ClusterChart.isClusterChart), ...charts.filter((c) => !ClusterChart.isClusterChart(c))];
  }

  /** The file name each chart is written to, e.g. `02-airflow.k8s.yaml`. */
  chartFileName(chart: Chart): string {
    const index = this.orderedCharts.indexOf(chart);
    return `${String(index).padStart(2, '0')}-${chart.node.id}${MANIFEST_SUFFIX}`;
  }

  override synth(): void {
    this.validateAll();
    fs.mkdirSync(this.outdir, { recursive: true });
    for (const stale of fs.readdirSync(this.outdir).filter((f) => f.endsWith(MANIFEST_SUFFIX))) {
      fs.rmSync(path.join(this.outdir, stale));
    }
    for (const chart of this.orderedCharts) {
      Yaml.save(path.join(this.outdir, this.chartFileName(chart)), Object.values(chart.toJson()));
    }
    for (const producer of this.node.findAll().filter(isSynthArtifactProducer)) {
      for (const artifact of producer.artifacts()) {
        const target = path.join(this.outdir, artifact.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, artifact.content);
      }
    }
  }

  /** Runs every construct's validations (as cdk8s' own synth does) and throws them all at once. */
  validateAll(): void {
    const errors = this.node.findAll().flatMap((c) => c.node.validate().map((e) => `[${c.node.path || '<app>'}] ${e}`));
    if (errors.length > 0) {
      throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    }
  }
}
