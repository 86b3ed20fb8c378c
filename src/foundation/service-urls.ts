import * as kplus from 'cdk8s-plus-28';
import { PlatformConfigError } from './errors';

/** The cluster DNS name of a Service (`name.namespace.svc.cluster.local`). */
export function serviceDnsName(service: kplus.k8s.KubeService): string {
  const namespace = service.metadata.namespace ?? service.chart.namespace;
  if (!namespace) {
    throw new PlatformConfigError(service.node.path, service.name, 'is a Service without a namespace', 'place it in a NamespaceChart');
  }
  return `${service.name}.${namespace}.svc.cluster.local`;
}

/** The in-cluster URL of one port of a Service, read from the Service itself (so name and port cannot drift). */
export function serviceUrl(service: kplus.k8s.KubeService, portName: string, scheme: 'http' | 'https' = 'http'): string {
  const ports: Array<{ name?: string; port: number }> = service.toJson().spec?.ports ?? [];
  const port = ports.find((p) => p.name === portName);
  if (!port) {
    throw new PlatformConfigError(service.node.path, portName, `is not a port of Service "${service.name}"`, `use one of ${ports.map((p) => p.name).join(', ')}`);
  }
  return `${scheme}://${serviceDnsName(service)}:${port.port}`;
}
