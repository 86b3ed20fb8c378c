import { Size } from 'cdk8s';
import { STORAGE_CLASSES } from '../../src/config/storage';
import { createDefaultApp } from '../../src/default-app';
import { bytes } from '../../src/foundation/quantities';
import { synthesizedObjects } from '../../src/foundation/manifests';
import { synthDefaultApp, findManifest } from '../support/default-app';

/** Every volume claim of the default app: standalone PVCs and StatefulSet claim templates. */
function claims(manifests: ReturnType<typeof synthDefaultApp>['manifests']) {
  return manifests.flatMap((m) => {
    if (m.kind === 'PersistentVolumeClaim') {
      return [{ owner: `${m.metadata.namespace}/${m.metadata.name}`, spec: m.spec }];
    }
    if (m.kind === 'StatefulSet') {
      return (m.spec.volumeClaimTemplates ?? []).map((t: any) => ({ owner: `${m.metadata.namespace}/${m.metadata.name}`, spec: t.spec }));
    }
    return [];
  });
}

describe('storage', () => {
  const { manifests } = synthDefaultApp();

  test('two StorageClasses on Kind\'s local-path provisioner, binding on first consumer: the default (Delete) and a retained one', () => {
    const standard = findManifest(manifests, 'StorageClass', STORAGE_CLASSES.kindDefault);
    const retained = findManifest(manifests, 'StorageClass', STORAGE_CLASSES.retained);
    expect(standard).toMatchObject({ provisioner: 'rancher.io/local-path', reclaimPolicy: 'Delete', volumeBindingMode: 'WaitForFirstConsumer' });
    expect(standard.metadata.annotations?.['storageclass.kubernetes.io/is-default-class']).toBe('true');
    expect(retained).toMatchObject({ provisioner: 'rancher.io/local-path', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' });
  });

  test('the seed\'s volumes: Airflow 2Gi, Prometheus 10Gi, Elasticsearch 10Gi (22Gi), plus 5Gi of backups, all retained', () => {
    const sizes = Object.fromEntries(claims(manifests).map((c) => [c.owner, c.spec.resources.requests.storage]));
    expect(sizes).toEqual({
      'airflow/airflow-postgresql': '2Gi',
      'airflow/platform-backups': '5Gi',
      'monitoring/prometheus-data': '10Gi',
      'logging/elasticsearch': '10Gi',
    });
    for (const claim of claims(manifests)) {
      expect(claim.spec.storageClassName).toBe(STORAGE_CLASSES.retained);
      expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
    }
    const seedVolumes = ['airflow/airflow-postgresql', 'monitoring/prometheus-data', 'logging/elasticsearch'];
    expect(seedVolumes.reduce((sum, owner) => sum + bytes(sizes[owner]), 0)).toBe(22 * 2 ** 30);
  });

  test('sizes are props', () => {
    const { app } = createDefaultApp({ backupVolumeSize: Size.gibibytes(8) });
    const backup = synthesizedObjects(app).map((o) => o.manifest).find((m) => m.kind === 'PersistentVolumeClaim' && m.metadata.name === 'platform-backups')!;
    expect(backup.spec.resources.requests.storage).toBe('8Gi');
  });
});
