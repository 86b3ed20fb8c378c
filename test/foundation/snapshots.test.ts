import * as fs from 'node:fs';
import * as path from 'node:path';
import { synthDefaultApp } from '../support/default-app';

/**
 * One YAML snapshot per chart of the default app, as text: a pull request that changes a manifest
 * shows the YAML diff here. Sealed values are random per sealing, but they come from committed files,
 * so they are stable between runs.
 */
describe('manifests of the default app', () => {
  const { outdir, chartFiles } = synthDefaultApp();

  test('charts are written in apply order', () => {
    expect(chartFiles).toEqual(['00-cluster.k8s.yaml', '01-kube-system.k8s.yaml', '02-airflow.k8s.yaml', '03-monitoring.k8s.yaml', '04-logging.k8s.yaml']);
  });

  test.each(['00-cluster.k8s.yaml', '01-kube-system.k8s.yaml', '02-airflow.k8s.yaml', '03-monitoring.k8s.yaml', '04-logging.k8s.yaml'])('%s', (file) => {
    expect(`\n${fs.readFileSync(path.join(outdir, file), 'utf8')}`).toMatchSnapshot();
  });
});
