import { stringify } from 'yaml';
import { PROMETHEUS_DATASOURCE_UID } from './dashboards/panels';

/** The Alertmanager datasource's fixed uid. */
export const ALERTMANAGER_DATASOURCE_UID = 'alertmanager';

export interface DatasourceUrls {
  readonly prometheusUrl: string;
  readonly alertmanagerUrl: string;
  /** Prometheus' scrape interval, so Grafana never asks for a finer step than exists. */
  readonly scrapeInterval: string;
}

/**
 * The provisioned datasources, with fixed uids the dashboards reference (no `${DS_PROMETHEUS}` import
 * variables). `prune` removes datasources dropped from this file; none is editable in the UI.
 */
export function renderDatasources(urls: DatasourceUrls): string {
  return stringify({
    apiVersion: 1,
    prune: true,
    datasources: [
      {
        name: 'Prometheus', type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID, access: 'proxy', url: urls.prometheusUrl,
        isDefault: true, editable: false, jsonData: { httpMethod: 'POST', timeInterval: urls.scrapeInterval },
      },
      {
        name: 'Alertmanager', type: 'alertmanager', uid: ALERTMANAGER_DATASOURCE_UID, access: 'proxy', url: urls.alertmanagerUrl,
        editable: false, jsonData: { implementation: 'prometheus' },
      },
    ],
  });
}
