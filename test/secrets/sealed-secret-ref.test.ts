import { SealedSecretRef, secretEnv, secretVolume } from '../../src/secrets/sealed-secret-ref';

const ref: SealedSecretRef = { secretName: 'elasticsearch-users', namespace: 'logging', keys: ['elastic-password', 'fluentd-password'] };

describe('secretVolume', () => {
  test('a key alone is the file of the same name; a key and path renames it', () => {
    expect(secretVolume(ref, 'credentials', ['elastic-password', { key: 'fluentd-password', path: 'password' }])).toEqual({
      name: 'credentials',
      secret: {
        secretName: 'elasticsearch-users',
        defaultMode: 0o440,
        items: [{ key: 'elastic-password', path: 'elastic-password' }, { key: 'fluentd-password', path: 'password' }],
      },
    });
  });

  test('without files, every key of the Secret (no items)', () => {
    expect(secretVolume(ref, 'all', undefined, 0o400)).toEqual({ name: 'all', secret: { secretName: 'elasticsearch-users', defaultMode: 0o400 } });
  });

  test.each([
    ['a file', () => secretVolume(ref, 'credentials', ['kibana-password'])],
    ['an env variable', () => secretEnv(ref, 'kibana-password')],
  ])('%s from a key the secret does not hold fails, naming the key and the fix', (_what, build) => {
    expect(build).toThrow('secret logging/elasticsearch-users has no key "kibana-password" (it has elastic-password, fluentd-password); add the key to its requirement and re-seal it');
  });
});
