import { IConstruct } from 'constructs';
import { requireThat } from './errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Checks a name that Kubernetes requires to be an RFC 1123 label (namespaces, Services, container
 * and port names): at most 63 lowercase alphanumerics or '-', starting and ending alphanumeric.
 */
export function validateDnsLabel(scope: IConstruct, value: string, what: string): string {
  requireThat(
    scope,
    value.length <= 63 && DNS_LABEL.test(value),
    value,
    `is not a valid ${what} (an RFC 1123 label: at most 63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit)`,
    `rename it, e.g. ${JSON.stringify(suggestDnsLabel(value))}`,
  );
  return value;
}

/** Checks an object name that Kubernetes requires to be an RFC 1123 subdomain (most object names). */
export function validateObjectName(scope: IConstruct, value: string, what = 'Kubernetes object name'): string {
  requireThat(
    scope,
    value.length <= 253 && DNS_SUBDOMAIN.test(value),
    value,
    `is not a valid ${what} (an RFC 1123 subdomain: at most 253 characters of a-z, 0-9, '-' and '.', each part starting and ending with a letter or digit)`,
    `rename it, e.g. ${JSON.stringify(suggestDnsLabel(value))}`,
  );
  return value;
}

function suggestDnsLabel(value: string): string {
  const cleaned = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return cleaned || 'my-name';
}
