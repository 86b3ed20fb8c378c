import { PROMETHEUS_DATASOURCE_UID } from '../../src/monitoring/dashboards/panels';
import { ALERTMANAGER_DATASOURCE_UID } from '../../src/monitoring/grafana-datasources';
import { THRESHOLDS } from '../../src/monitoring/catalog/thresholds';
import { parse } from 'yaml';
import { synthDefaultApp } from '../support/default-app';
import { defaultStack, synthesizedConfigMap } from './support';

/*
 * Dashboards as provisioned: stable uids, a concrete datasource uid on every panel and query (never an import
 * variable like ${DS_PROMETHEUS}), one small ConfigMap each, thresholds read from the catalog.
 */

const KIB = 1024;
const stack = defaultStack();
const configMaps = synthDefaultApp().manifests.filter((m) => m.kind === 'ConfigMap' && m.metadata.name.startsWith('grafana-dashboard-'));
const provisioned = new Set(
  (parse(synthesizedConfigMap('grafana-provisioning').data['datasources.yaml']).datasources as Array<{ uid: string }>).map((d) => d.uid),
);

describe('provisioned dashboards', () => {
  test('the seed\'s dashboards are all there, each in its own ConfigMap', () => {
    expect(stack.dashboards.map((d) => d.title)).toEqual(['Pipeline Overview', 'Component Health', 'Business Metrics', 'Alerts', 'Platform Resources']);
    expect(configMaps.map((m) => m.metadata.name).sort()).toEqual(stack.dashboards.map((d) => `grafana-dashboard-${d.uid}`).sort());
  });

  test('the datasources have the fixed uids the dashboards use', () => {
    expect([...provisioned].sort()).toEqual([ALERTMANAGER_DATASOURCE_UID, PROMETHEUS_DATASOURCE_UID].sort());
  });

  describe.each(configMaps.map((m) => [m.metadata.name, m] as const))('%s', (_name, configMap) => {
    const [file, json] = Object.entries(configMap.data as Record<string, string>)[0];
    const dashboard = JSON.parse(json);

    test('has a stable uid that names its file', () => {
      expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
      expect(file).toBe(`${dashboard.uid}.json`);
      expect(stack.dashboards.find((d) => d.uid === dashboard.uid)).toBeDefined();
    });

    test('every panel and query names a provisioned datasource by uid', () => {
      expect(json).not.toMatch(/\$\{?DS_/);
      const panels = dashboard.panels.filter((p: any) => p.type !== 'row');
      expect(panels.length).toBeGreaterThan(3);
      for (const panel of panels) {
        expect(provisioned.has(panel.datasource?.uid)).toBe(true);
        expect(panel.targets.length).toBeGreaterThan(0);
        for (const target of panel.targets) {
          expect(provisioned.has(target.datasource?.uid)).toBe(true);
          expect(target.refId).toMatch(/^[A-Z]$/);
        }
      }
    });

    test('fits its ConfigMap with room to spare (far below the 256 KiB last-applied annotation of client-side apply)', () => {
      const bytes = Buffer.byteLength(JSON.stringify(configMap.data), 'utf8');
      expect(bytes).toBeLessThan(64 * KIB);
      console.log(`${configMap.metadata.name}: ${(bytes / KIB).toFixed(1)} KiB, ${dashboard.panels.length} panels`);
    });

    test('panels do not overlap', () => {
      const cells = new Set<string>();
      for (const { gridPos } of dashboard.panels) {
        for (let x = gridPos.x; x < gridPos.x + gridPos.w; x++) {
          for (let y = gridPos.y; y < gridPos.y + gridPos.h; y++) {
            expect(cells.has(`${x},${y}`)).toBe(false);
            cells.add(`${x},${y}`);
          }
        }
        expect(gridPos.x + gridPos.w).toBeLessThanOrEqual(24);
      }
    });
  });

  test('threshold lines come from the catalog\'s thresholds, not from copies', () => {
    const steps = stack.dashboards.flatMap((d) => d.dashboard.panels ?? [])
      .flatMap((p: any) => p.fieldConfig?.defaults?.thresholds?.steps ?? [])
      .map((s: any) => s.value).filter((v: unknown) => typeof v === 'number' && v !== 1);
    const allowed = new Set<number>([...Object.values(THRESHOLDS), 1 - THRESHOLDS.errorRateRatio]);
    expect(steps.length).toBeGreaterThan(5);
    expect(steps.filter((v: number) => !allowed.has(v))).toEqual([]);
  });

  test('dashboards are provisioned read-only, one provider per folder', () => {
    const providers = parse(synthesizedConfigMap('grafana-provisioning').data['dashboards.yaml']).providers;
    expect(providers.map((p: any) => p.folder).sort()).toEqual(['Business', 'Components', 'Pipeline', 'Platform']);
    for (const provider of providers) {
      expect(provider).toMatchObject({ type: 'file', allowUiUpdates: false, disableDeletion: true });
    }
  });
});
