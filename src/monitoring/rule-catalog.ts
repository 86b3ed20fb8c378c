import { unsupportedTemplateActions, usesValue } from './go-template';
import { AlertRuleSpec, ComponentMixin, MetricDefinition } from './catalog/types';

/** What an override may change on a rule: any field but its name. */
export type AlertRuleOverride = Partial<Omit<AlertRuleSpec, 'alert'>>;

/** The component and rule file of rules a user adds outside any mixin. */
export const CUSTOM_RULES_COMPONENT = 'custom';

const DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;
const RUNBOOK = /^[a-z0-9]+(?:-[a-z0-9]+)*\.md$/;
const ALERT_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** A problem in the rule set, phrased as "value rule; fix". */
export interface RuleProblem {
  readonly value: string;
  readonly rule: string;
  readonly fix: string;
}

/**
 * Every mixin's recording and alerting rules, plus the rules a user adds, overrides or disables by name.
 * Edits are applied when the rules are read (at synth), so their order does not matter; `problems()` lists
 * whatever would make a rule untested, unroutable or unknown.
 */
export class RuleCatalog {
  private readonly mixinList: ComponentMixin[] = [];
  private readonly added: AlertRuleSpec[] = [];
  private readonly overrides = new Map<string, AlertRuleOverride>();
  private readonly disabled = new Set<string>();

  addMixin(mixin: ComponentMixin): void {
    this.mixinList.push(mixin);
  }

  addAlertRule(rule: AlertRuleSpec): void {
    this.added.push(rule);
  }

  overrideAlertRule(name: string, override: AlertRuleOverride): void {
    this.overrides.set(name, { ...this.overrides.get(name), ...override });
  }

  disableAlertRule(name: string): void {
    this.disabled.add(name);
  }

  /** The mixins as handed in (before edits). */
  get sourceMixins(): readonly ComponentMixin[] {
    return this.mixinList;
  }

  /** The mixins with every edit applied; added rules form the `custom` mixin. */
  mixins(): ComponentMixin[] {
    const edit = (alerts: readonly AlertRuleSpec[]) => alerts
      .filter((rule) => !this.disabled.has(rule.alert))
      .map((rule) => (this.overrides.has(rule.alert) ? { ...rule, ...this.overrides.get(rule.alert), alert: rule.alert } : rule));
    const edited = this.mixinList.map((mixin) => ({ ...mixin, alerts: edit(mixin.alerts) }));
    const custom = edit(this.added);
    return custom.length
      ? [...edited, { component: CUSTOM_RULES_COMPONENT, metrics: [], recordingRules: [], alerts: custom }]
      : edited;
  }

  /** Every alert after edits. */
  alerts(): AlertRuleSpec[] {
    return this.mixins().flatMap((mixin) => mixin.alerts);
  }

  /** Every metric the mixins declare, by name. */
  metrics(): Map<string, MetricDefinition> {
    return new Map(this.mixinList.flatMap((mixin) => mixin.metrics.map((m) => [m.name, m] as const)));
  }

  /** Names of every recording rule. */
  recordNames(): Set<string> {
    return new Set(this.mixinList.flatMap((mixin) => mixin.recordingRules.map((r) => r.record)));
  }

  /** Everything that would make the rule set wrong. */
  problems(): RuleProblem[] {
    const problems: RuleProblem[] = [];
    const components = new Set<string>();
    for (const mixin of this.mixinList) {
      if (components.has(mixin.component) || mixin.component === CUSTOM_RULES_COMPONENT) {
        problems.push({ value: mixin.component, rule: 'is the component of two mixins (or the reserved name of added rules)', fix: 'merge them into one mixin or rename one component' });
      }
      components.add(mixin.component);
    }
    const types = new Map<string, MetricDefinition>();
    for (const m of this.mixinList.flatMap((mixin) => mixin.metrics)) {
      const seen = types.get(m.name);
      if (seen && seen.type !== m.type) {
        problems.push({ value: m.name, rule: `is declared as a ${seen.type} by ${seen.component} and as a ${m.type} by ${m.component}`, fix: 'declare each metric once, with the type its exporter writes' });
      }
      types.set(m.name, m);
    }
    const original = [...this.mixinList.flatMap((mixin) => mixin.alerts), ...this.added];
    const names = new Map<string, number>();
    for (const rule of original) {
      names.set(rule.alert, (names.get(rule.alert) ?? 0) + 1);
    }
    for (const [name, count] of names) {
      if (count > 1) {
        problems.push({ value: name, rule: `is the name of ${count} alert rules`, fix: 'give each alert a unique name; to change an existing rule, use overrideAlertRule' });
      }
    }
    for (const [name, override] of this.overrides) {
      if (!names.has(name)) {
        problems.push({ value: name, rule: 'is overridden but no mixin or added rule has that name', fix: `use one of: ${[...names.keys()].sort().join(', ')}` });
      } else if ((override.expr !== undefined || override.for !== undefined) && override.tests === undefined) {
        problems.push({ value: name, rule: 'has its expr or for overridden without new tests (the mixin\'s tests were written for the old rule)', fix: 'pass tests with the override: at least one case that fires and one that must not' });
      }
    }
    for (const name of this.disabled) {
      if (!names.has(name)) {
        problems.push({ value: name, rule: 'is disabled but no mixin or added rule has that name', fix: `use one of: ${[...names.keys()].sort().join(', ')}` });
      }
    }
    for (const rule of this.alerts()) {
      problems.push(...alertProblems(rule));
    }
    return problems;
  }
}

/** What is wrong with one alert rule on its own. */
export function alertProblems(rule: AlertRuleSpec): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const name = rule.alert;
  if (!ALERT_NAME.test(name)) {
    problems.push({ value: name, rule: 'is not a CamelCase alert name', fix: 'name alerts like ComponentDown' });
  }
  if (!DURATION.test(rule.for) || rule.for === '') {
    problems.push({ value: rule.for, rule: `is not a Prometheus duration (for of ${name})`, fix: 'write it like 5m, 1h30m or 0s' });
  }
  if (!RUNBOOK.test(rule.runbook)) {
    problems.push({ value: rule.runbook, rule: `is not a runbook file name (runbook of ${name})`, fix: 'name a kebab-case Markdown file under docs/runbooks/, e.g. component-down.md' });
  }
  if (!rule.tests.some((c) => c.fires) || !rule.tests.some((c) => !c.fires)) {
    problems.push({ value: name, rule: 'lacks a test case that fires or one that must not', fix: 'add at least one case that fires and one just below the threshold or short of its for' });
  } else if (!rule.tests.some((c) => !c.fires && c.boundary)) {
    problems.push({ value: name, rule: 'has no quiet test case at its boundary, only healthy values far from it',
      fix: 'add a case that must not fire with the value exactly at the threshold of a strict comparison (or the nearest healthy value), or with the condition held for its for minus one evaluation, and mark it boundary: true' });
  }
  for (const test of rule.tests.filter((c) => c.fires && c.boundary)) {
    problems.push({ value: test.description, rule: `is a test case of ${name} marked boundary that fires`, fix: 'boundary marks the quiet side of the threshold: set fires: false, or drop boundary' });
  }
  const templates = { summary: rule.summary, description: rule.description, ...rule.labels, component: rule.component };
  for (const [field, text] of Object.entries(templates)) {
    const unsupported = unsupportedTemplateActions(text);
    if (unsupported.length) {
      problems.push({ value: unsupported.map((a) => `{{ ${a} }}`).join(', '), rule: `is a template action in ${field} of ${name} that the rule tests cannot expand`,
        fix: 'use {{ $labels.<name> }} or {{ $value | humanize }} (also humanizePercentage, humanizeDuration)' });
    }
  }
  if (usesValue(rule.summary) || usesValue(rule.description)) {
    for (const test of rule.tests.filter((c) => c.fires && c.value === undefined)) {
      problems.push({ value: test.description, rule: `is a firing test case of ${name} without a value, but its annotations print $value`, fix: 'give the case the alert value expected at evalTime' });
    }
  }
  return problems;
}
