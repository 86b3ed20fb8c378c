/**
 * Reads PromQL with Prometheus' own grammar (@prometheus-io/lezer-promql): which metric names an expression
 * selects and where it does not parse. The catalog check uses it on every rule and dashboard query.
 */

// The package is ESM-typed but ships a CommonJS build; this form type-checks in a node16 CommonJS project.
type LezerPromql = typeof import('@prometheus-io/lezer-promql', { with: { 'resolution-mode': 'import' } });
const { parser } = require('@prometheus-io/lezer-promql') as LezerPromql;

/** A span of the expression that does not parse. */
export interface PromqlError {
  readonly from: number;
  readonly to: number;
}

export interface PromqlAnalysis {
  /** Metric names the expression selects (sorted, unique), recording rule names included. */
  readonly metrics: string[];
  /** Syntax errors; empty when the expression parses. */
  readonly errors: PromqlError[];
}

/** The metric names `expr` selects and its syntax errors (the parser never throws; errors are error nodes). */
export function analysePromql(expr: string): PromqlAnalysis {
  const tree = parser.parse(expr);
  const metrics = new Set<string>();
  const errors: PromqlError[] = [];
  const text = (node: { from: number; to: number }) => expr.slice(node.from, node.to);
  const unquote = (literal: string): string => (literal.startsWith('"') ? (JSON.parse(literal) as string) : literal.slice(1, -1));
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        errors.push({ from: ref.from, to: ref.to });
        return;
      }
      if (ref.name !== 'VectorSelector') {
        return;
      }
      const node = ref.node;
      const identifier = node.getChild('Identifier');
      if (identifier) {
        metrics.add(text(identifier));
        return;
      }
      const matchers = node.getChild('LabelMatchers');
      for (let child = matchers?.firstChild; child; child = child.nextSibling) {
        if (child.name === 'QuotedLabelName') {
          const literal = child.getChild('StringLiteral');
          if (literal) {
            metrics.add(unquote(text(literal)));
          }
        } else if (child.name === 'UnquotedLabelMatcher') {
          const name = child.getChild('LabelName');
          const op = child.getChild('MatchOp');
          const value = child.getChild('StringLiteral');
          if (name && value && text(name) === '__name__' && op?.firstChild?.name === 'EqlSingle') {
            metrics.add(unquote(text(value)));
          }
        }
      }
    },
  });
  return { metrics: [...metrics].sort(), errors };
}

/** The expression with its syntax errors marked, for failure messages. */
export function describePromqlErrors(expr: string, errors: PromqlError[]): string {
  return errors.map((e) => `at ${e.from}: …${expr.slice(Math.max(0, e.from - 20), e.from)}⚠${expr.slice(e.from, e.from + 20)}…`).join('; ');
}
