import { MANAGED_BY, PART_OF } from '../config/namespaces';

/**
 * Who an object belongs to: the application (`app.kubernetes.io/name`) and its role in it
 * (`app.kubernetes.io/component`), e.g. `{ name: 'airflow', component: 'scheduler' }`.
 */
export interface ComponentIdentity {
  readonly name: string;
  readonly component: string;
  /** @default 'pipeline-ops' */
  readonly partOf?: string;
}

export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_COMPONENT = 'app.kubernetes.io/component';
export const LABEL_PART_OF = 'app.kubernetes.io/part-of';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';

/** The four recommended labels every object and pod template carries. */
export const REQUIRED_LABELS = [LABEL_NAME, LABEL_COMPONENT, LABEL_PART_OF, LABEL_MANAGED_BY] as const;

/** Labels that select a component's pods. They never include anything derived from a construct id, so they stay stable. */
export function selectorLabels(identity: ComponentIdentity): Record<string, string> {
  return { [LABEL_NAME]: identity.name, [LABEL_COMPONENT]: identity.component };
}

/** All recommended labels for an object or pod template of `identity`. */
export function recommendedLabels(identity: ComponentIdentity): Record<string, string> {
  return {
    ...selectorLabels(identity),
    [LABEL_PART_OF]: identity.partOf ?? PART_OF,
    [LABEL_MANAGED_BY]: MANAGED_BY,
  };
}
