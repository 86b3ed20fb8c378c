import { expandTemplate, formatG4, unsupportedTemplateActions } from '../../src/monitoring/go-template';

/*
 * The expected annotations of the promtool tests are expanded here; promtool itself is the real oracle (a wrong
 * expansion fails test rules). These cases pin the Go formatting rules the expander follows.
 */
describe('alert template expansion (the subset the rules use)', () => {
  test.each([
    ['{{ $value | humanizeDuration }}', 400, '6m 40s'],
    ['{{ $value | humanizeDuration }}', 90061, '1d 1h 1m 1s'],
    ['{{ $value | humanizeDuration }}', 2.5, '2.5s'],
    ['{{ $value | humanizeDuration }}', 0.25, '250ms'],
    ['{{ $value | humanizePercentage }}', 0.06, '6%'],
    ['{{ $value | humanizePercentage }}', 0.1825, '18.25%'],
    ['{{ $value | humanize }}', 1234567, '1.235M'],
    ['{{ $value | humanize }}', 0.0012, '1.2m'],
    ['{{ $value | humanize }}', 2, '2'],
  ])('%s of %d is %s', (template, value, expected) => {
    expect(expandTemplate(template, {}, value)).toBe(expected);
  });

  test('labels, and absent labels as nothing (Prometheus templates run with missingkey=zero)', () => {
    expect(expandTemplate('{{ $labels.component }} in {{$labels.namespace}}{{ $labels.absent }}', { component: 'kafka', namespace: 'monitoring' })).toBe('kafka in monitoring');
  });

  test('Go\'s %.4g: four significant digits, no trailing zeros, exponents of two digits', () => {
    expect([formatG4(6.000000000000001), formatG4(123456), formatG4(0.00001234), formatG4(100)]).toEqual(['6', '1.235e+05', '1.234e-05', '100']);
  });

  test('anything else is reported, so no rule uses what its tests cannot check', () => {
    expect(unsupportedTemplateActions('{{ $value }} and {{ printf "%.2f" $value }} and {{ $labels.job }}')).toEqual(['$value', 'printf "%.2f" $value']);
    expect(() => expandTemplate('{{ $value | humanize }}', {})).toThrow(/no value was given/);
  });
});
