import {
  BigValueColorMode, BigValueGraphMode, DataSourceRef, GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode, LegendDisplayMode, LegendPlacement, ReduceDataOptionsBuilder, VizLegendOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { MappingType, ThresholdsConfigBuilder, ThresholdsMode, ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as GaugePanelBuilder } from '@grafana/grafana-foundation-sdk/gauge';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';

/** The provisioned Prometheus datasource: every panel names it by uid (never `${DS_PROMETHEUS}`). */
export const PROMETHEUS_DATASOURCE_UID = 'prometheus';
export const PROMETHEUS_DATASOURCE: DataSourceRef = { type: 'prometheus', uid: PROMETHEUS_DATASOURCE_UID };

/** One PromQL query of a panel. */
export interface Query {
  readonly expr: string;
  /** Legend template, e.g. `{{component}}`. @default '__auto' */
  readonly legend?: string;
  /** Evaluate once at the end of the range (stats, tables). */
  readonly instant?: boolean;
  readonly table?: boolean;
}

/** Where a threshold turns a value's colour; `direction` says which side is bad. */
export interface Threshold {
  readonly value: number;
  /** `above`: values over the threshold are bad; `below`: values under it are. */
  readonly bad: 'above' | 'below';
}

/** Size and unit of a panel. */
export interface PanelOptions {
  readonly unit?: string;
  readonly description?: string;
  readonly threshold?: Threshold;
  readonly min?: number;
  readonly max?: number;
  /** Grid width (of 24). @default 12 */
  readonly span?: number;
  /** Grid height. @default 8 */
  readonly height?: number;
  readonly mappings?: ValueMapping[];
}

function targets(queries: readonly Query[]): DataqueryBuilder[] {
  return queries.map((q, i) => {
    const builder = new DataqueryBuilder()
      .datasource(PROMETHEUS_DATASOURCE)
      .refId(String.fromCharCode(65 + i))
      .expr(q.expr)
      .legendFormat(q.legend ?? '__auto');
    if (q.instant) {
      builder.instant();
    }
    if (q.table) {
      builder.format(PromQueryFormat.Table);
    }
    return builder;
  });
}

function thresholdSteps(threshold?: Threshold): ThresholdsConfigBuilder {
  const steps = !threshold
    ? [{ value: null as unknown as number, color: 'green' }]
    : threshold.bad === 'above'
      ? [{ value: null as unknown as number, color: 'green' }, { value: threshold.value, color: 'red' }]
      : [{ value: null as unknown as number, color: 'red' }, { value: threshold.value, color: 'green' }];
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps);
}

/** A time series panel; a threshold is drawn as a dashed line. */
export function timeseries(title: string, queries: readonly Query[], options: PanelOptions = {}): TimeseriesPanelBuilder {
  const panel = new TimeseriesPanelBuilder()
    .title(title)
    .datasource(PROMETHEUS_DATASOURCE)
    .span(options.span ?? 12)
    .height(options.height ?? 8)
    .thresholds(thresholdSteps(options.threshold))
    .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(options.threshold ? GraphThresholdsStyleMode.Dashed : GraphThresholdsStyleMode.Off))
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom));
  targets(queries).forEach((t) => panel.withTarget(t));
  if (options.unit) panel.unit(options.unit);
  if (options.description) panel.description(options.description);
  if (options.min !== undefined) panel.min(options.min);
  if (options.max !== undefined) panel.max(options.max);
  return panel;
}

/** A single-value panel, coloured by its threshold. */
export function stat(title: string, queries: readonly Query[], options: PanelOptions = {}): StatPanelBuilder {
  const panel = new StatPanelBuilder()
    .title(title)
    .datasource(PROMETHEUS_DATASOURCE)
    .span(options.span ?? 6)
    .height(options.height ?? 5)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']))
    .colorMode(options.threshold || options.mappings ? BigValueColorMode.Background : BigValueColorMode.Value)
    .graphMode(BigValueGraphMode.None)
    .thresholds(thresholdSteps(options.threshold));
  targets(queries.map((q) => ({ ...q, instant: q.instant ?? true }))).forEach((t) => panel.withTarget(t));
  if (options.unit) panel.unit(options.unit);
  if (options.description) panel.description(options.description);
  if (options.mappings) panel.mappings(options.mappings);
  return panel;
}

/** A gauge between min and max (fractions by default). */
export function gauge(title: string, queries: readonly Query[], options: PanelOptions = {}): GaugePanelBuilder {
  const panel = new GaugePanelBuilder()
    .title(title)
    .datasource(PROMETHEUS_DATASOURCE)
    .span(options.span ?? 6)
    .height(options.height ?? 6)
    .unit(options.unit ?? 'percentunit')
    .min(options.min ?? 0)
    .max(options.max ?? 1)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']))
    .thresholds(thresholdSteps(options.threshold));
  targets(queries.map((q) => ({ ...q, instant: q.instant ?? true }))).forEach((t) => panel.withTarget(t));
  if (options.description) panel.description(options.description);
  return panel;
}

/** A table of an instant query's series. */
export function table(title: string, queries: readonly Query[], options: PanelOptions = {}): TablePanelBuilder {
  const panel = new TablePanelBuilder()
    .title(title)
    .datasource(PROMETHEUS_DATASOURCE)
    .span(options.span ?? 24)
    .height(options.height ?? 8);
  targets(queries.map((q) => ({ ...q, instant: true, table: true }))).forEach((t) => panel.withTarget(t));
  if (options.description) panel.description(options.description);
  return panel;
}

/** Value mappings that turn 1/0 into words (e.g. UP/DOWN) with colours. */
export function booleanMapping(whenOne: string, whenZero: string): ValueMapping[] {
  return [{
    type: MappingType.ValueToText,
    options: {
      '1': { text: whenOne, color: 'green', index: 0 },
      '0': { text: whenZero, color: 'red', index: 1 },
    },
  }];
}
