import { Duration, Size } from 'cdk8s';
import { AirflowStack, AirflowStackProps } from '../../src/airflow/airflow-stack';
import { PIPELINE_CONNECTIONS } from '../../src/airflow/connections';
import { PersistentVolume } from '../../src/foundation/persistent-volumes';
import { testApp } from '../support/test-app';

/** Each prop rule of AirflowStack fails at synth with the construct path, the value, the rule and the fix. */
function build(props: AirflowStackProps | ((chart: any) => AirflowStackProps)) {
  const { chart } = testApp('airflow');
  return () => new AirflowStack(chart, 'airflow', typeof props === 'function' ? props(chart) : props);
}

describe('AirflowStack rejects bad props', () => {
  test('the defaults build', () => {
    expect(build({})).not.toThrow();
  });

  test('a DAG repository that is not an SSH URL (host keys could not be verified)', () => {
    expect(build({ dagsRepository: 'https://github.com/acme/dags.git' }))
      .toThrow('airflow/airflow: "https://github.com/acme/dags.git" is not an SSH repository URL (git-sync verifies the host key, which needs SSH); use the form git@github.com:org/repo.git');
  });

  test('a DAG sub-path that leaves the repository', () => {
    expect(build({ dagsSubPath: '../etc' })).toThrow('airflow/airflow: "../etc" leaves the repository; name a folder inside the repository');
  });

  test('a git-sync period under 10 seconds', () => {
    expect(build({ gitSyncPeriod: Duration.seconds(5) })).toThrow('airflow/airflow: "5s" is a git-sync period under 10 seconds');
  });

  test('more api-server workers than its memory limit holds', () => {
    expect(build({ apiServerWorkers: 8 })).toThrow('airflow/airflow: "8 workers" need 3072Mi but the api-server memory limit is 2048Mi; lower apiServerWorkers to 5');
  });

  test('a worker count below one', () => {
    expect(build({ apiServerWorkers: 0 })).toThrow('airflow/airflow: 0 is not a valid api-server worker count');
  });

  test('a monitoring URL that is not http(s)', () => {
    expect(build({ prometheusUrl: 'prometheus:9090' })).toThrow('airflow/airflow: "prometheus:9090" is not an http(s) URL for prometheusUrl');
  });

  test('a connection id given twice', () => {
    expect(build({ connections: [...PIPELINE_CONNECTIONS, PIPELINE_CONNECTIONS[0]] })).toThrow('airflow/airflow: "pipeline_postgres" is a connection id given twice');
  });

  test('a backup retention under one day', () => {
    expect(build((chart) => ({ backupVolume: new PersistentVolume(chart, 'backups', { name: 'b', identity: { name: 'x', component: 'y' }, size: Size.gibibytes(1) }), backupRetentionDays: 0 })))
      .toThrow('airflow/airflow/backup: 0 is not a valid backup retention in days; keep at least one day of dumps');
  });

  test('a cleanup schedule that is not cron', () => {
    expect(build({ cleanupSchedule: 'hourly' })).toThrow('airflow/airflow/cleanup: "hourly" is not a five-field cron schedule');
  });
});
