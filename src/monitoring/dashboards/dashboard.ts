import { Dashboard, DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as GaugePanelBuilder } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

/** A Grafana folder the dashboards are provisioned into (its uid is stable, so links survive renames). */
export interface DashboardFolder {
  readonly uid: string;
  readonly title: string;
}

export const FOLDERS = {
  pipeline: { uid: 'pipeline', title: 'Pipeline' },
  components: { uid: 'components', title: 'Components' },
  business: { uid: 'business', title: 'Business' },
  platform: { uid: 'platform', title: 'Platform' },
} as const satisfies Record<string, DashboardFolder>;

type Panel = TimeseriesPanelBuilder | StatPanelBuilder | GaugePanelBuilder | TablePanelBuilder;

/** A titled row and its panels. */
export interface DashboardRow {
  readonly title: string;
  readonly panels: readonly Panel[];
}

/** One provisioned dashboard: a stable uid, its folder and its content. */
export interface DashboardDefinition {
  readonly uid: string;
  readonly title: string;
  readonly folder: DashboardFolder;
  readonly dashboard: Dashboard;
}

/** Builds a dashboard of rows with the project's defaults (1-hour window, 30 s refresh, browser time zone, read-only). */
export function defineDashboard(spec: { uid: string; title: string; description: string; folder: DashboardFolder; tags: string[]; rows: DashboardRow[] }): DashboardDefinition {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['pipeline-ops', 'generated', ...spec.tags])
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .timezone('browser')
    .readonly();
  for (const row of spec.rows) {
    builder.withRow(new RowBuilder(row.title));
    row.panels.forEach((panel) => builder.withPanel(panel));
  }
  return { uid: spec.uid, title: spec.title, folder: spec.folder, dashboard: builder.build() };
}
