import { bytes, cpuMillis, formatBytes, formatCpu, parseQuantity } from '../../src/foundation/quantities';

describe('Kubernetes quantities', () => {
  test.each([
    ['500m', 500], ['1', 1000], ['1.5', 1500], ['0.25', 250], [2, 2000], ['100m', 100],
  ])('CPU %p is %p millicores', (quantity, millis) => {
    expect(cpuMillis(quantity)).toBe(millis);
  });

  test.each([
    ['512Mi', 512 * 2 ** 20], ['2Gi', 2 * 2 ** 30], ['1G', 1e9], ['128974848', 128974848], ['1.5Gi', 1.5 * 2 ** 30], ['64Ki', 65536],
  ])('memory %p is %p bytes', (quantity, expected) => {
    expect(bytes(quantity)).toBe(expected);
  });

  test('rejects what Kubernetes rejects', () => {
    expect(() => parseQuantity('2GB')).toThrow(/not a Kubernetes quantity/);
    expect(() => parseQuantity('lots')).toThrow(/not a Kubernetes quantity/);
  });

  test('formats as manifests do', () => {
    expect(formatBytes(2 * 2 ** 30)).toBe('2Gi');
    expect(formatBytes(1536 * 2 ** 20)).toBe('1536Mi');
    expect(formatCpu(1000)).toBe('1');
    expect(formatCpu(250)).toBe('250m');
  });
});
