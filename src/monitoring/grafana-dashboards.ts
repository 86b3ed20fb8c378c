import { stringify } from 'yaml';
import { DashboardDefinition, DashboardFolder } from './dashboards/dashboard';

/** Where each folder's dashboards are mounted in the Grafana container. */
export const DASHBOARDS_ROOT = '/etc/grafana/dashboards';

/** The ConfigMap of one dashboard (one each keeps every ConfigMap small and diffs readable). */
export function dashboardConfigMapName(dashboard: DashboardDefinition): string {
  return `grafana-dashboard-${dashboard.uid}`;
}

/** The file name of a dashboard inside its ConfigMap and folder. */
export function dashboardFileName(dashboard: DashboardDefinition): string {
  return `${dashboard.uid}.json`;
}

/** The folders the dashboards use, each once, in first-seen order. */
export function dashboardFolders(dashboards: readonly DashboardDefinition[]): DashboardFolder[] {
  const folders = new Map<string, DashboardFolder>();
  for (const d of dashboards) {
    folders.set(d.folder.uid, d.folder);
  }
  return [...folders.values()];
}

/**
 * One file provider per folder (explicit folder titles and uids). Dashboards are read-only in the UI: the
 * code is their source, and the provider re-reads the files every 30 seconds.
 */
export function renderDashboardProviders(dashboards: readonly DashboardDefinition[]): string {
  return stringify({
    apiVersion: 1,
    providers: dashboardFolders(dashboards).map((folder) => ({
      name: folder.uid,
      orgId: 1,
      folder: folder.title,
      folderUid: folder.uid,
      type: 'file',
      disableDeletion: true,
      allowUiUpdates: false,
      updateIntervalSeconds: 30,
      options: { path: `${DASHBOARDS_ROOT}/${folder.uid}` },
    })),
  });
}
