import { stringify } from 'yaml';
import { AlertRuleSpec, ComponentMixin, RecordingRuleSpec } from './catalog/types';
import { expandTemplate } from './go-template';

/** How rules are rendered. */
export interface RuleRenderOptions {
  /** Prefix of every `runbook_url` (the runbook's file name is appended). */
  readonly runbookBaseUrl: string;
}

/** The rule file of a mixin, e.g. `kafka.rules.yaml`. */
export function ruleFileName(mixin: ComponentMixin): string {
  return `${mixin.component}.rules.yaml`;
}

/** The labels an alert carries: its severity and component, then its own labels. */
export function alertRuleLabels(rule: AlertRuleSpec): Record<string, string> {
  return { severity: rule.severity, component: rule.component, ...rule.labels };
}

/** The annotations an alert carries (templates left for Prometheus to expand). */
export function alertRuleAnnotations(rule: AlertRuleSpec, options: RuleRenderOptions): Record<string, string> {
  return { summary: rule.summary, description: rule.description, runbook_url: `${options.runbookBaseUrl}${rule.runbook}` };
}

/** The labels Prometheus gives a firing alert whose expression returned `seriesLabels` (rule labels win; empty values vanish). */
export function firingAlertLabels(rule: AlertRuleSpec, seriesLabels: Readonly<Record<string, string>>): Record<string, string> {
  const expanded = Object.fromEntries(Object.entries(alertRuleLabels(rule)).map(([k, v]) => [k, expandTemplate(v, seriesLabels)]));
  return Object.fromEntries(Object.entries({ ...seriesLabels, ...expanded }).filter(([, v]) => v !== ''));
}

function recordingRule(rule: RecordingRuleSpec): Record<string, unknown> {
  return { record: rule.record, expr: rule.expr, ...(rule.labels && Object.keys(rule.labels).length ? { labels: { ...rule.labels } } : {}) };
}

function alertingRule(rule: AlertRuleSpec, options: RuleRenderOptions): Record<string, unknown> {
  return {
    alert: rule.alert,
    expr: rule.expr,
    ...(/^0+[a-z]*$/.test(rule.for) ? {} : { for: rule.for }),
    labels: alertRuleLabels(rule),
    annotations: alertRuleAnnotations(rule, options),
  };
}

/** A mixin's rules as Prometheus rule groups: `<component>.records` then `<component>.alerts` (empty groups left out). */
export function renderRuleGroups(mixin: ComponentMixin, options: RuleRenderOptions): { groups: Array<Record<string, unknown>> } {
  const groups: Array<Record<string, unknown>> = [];
  if (mixin.recordingRules.length) {
    groups.push({ name: `${mixin.component}.records`, rules: mixin.recordingRules.map(recordingRule) });
  }
  if (mixin.alerts.length) {
    groups.push({ name: `${mixin.component}.alerts`, rules: mixin.alerts.map((rule) => alertingRule(rule, options)) });
  }
  return { groups };
}

/** The rule file text of a mixin. */
export function renderRuleFile(mixin: ComponentMixin, options: RuleRenderOptions): string {
  return `# Rules of the ${mixin.component} mixin, generated from src/monitoring/catalog; do not edit.\n${stringify(renderRuleGroups(mixin, options), { lineWidth: 0 })}`;
}
