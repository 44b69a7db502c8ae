/** Small readers over synthesized Terraform JSON, so tests say what they check. */

export type TfResource = Record<string, unknown> & { readonly key: string; readonly type: string };

export interface TfJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
  terraform?: { backend?: Record<string, Record<string, unknown>> };
  [key: string]: unknown;
}

export function allResources(json: TfJson): TfResource[] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byKey]) =>
    Object.entries(byKey).map(([key, attrs]) => ({ ...attrs, key, type })),
  );
}

export function resourcesOfType(json: TfJson, type: string): TfResource[] {
  return allResources(json).filter((r) => r.type === type);
}

export function onlyResourceOfType(json: TfJson, type: string): TfResource {
  const found = resourcesOfType(json, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0] as TfResource;
}

export function resource(json: TfJson, type: string, key: string): TfResource {
  const found = resourcesOfType(json, type).find((r) => r.key === key);
  if (!found) throw new Error(`no ${type}.${key}`);
  return found;
}

/** `{type: count}` of a stack. */
export function resourceCounts(json: TfJson): Record<string, number> {
  return Object.fromEntries(
    Object.entries(json.resource ?? {}).map(([type, byKey]) => [type, Object.keys(byKey).length]),
  );
}

/** Terraform interpolation of another resource's attribute, as synthesized. */
export function ref(type: string, key: string, attribute: string): string {
  return `\${${type}.${key}.${attribute}}`;
}

/** Every IAM grant (`*_iam_member`, `*_iam_binding`, `*_iam_policy`) with its members listed. */
export interface IamGrant {
  readonly type: string;
  readonly key: string;
  readonly role: string | undefined;
  readonly members: readonly string[];
  readonly resource: TfResource;
}

export function iamGrants(json: TfJson): IamGrant[] {
  return allResources(json)
    .filter((r) => /_iam_(member|binding|policy)$/.test(r.type))
    .map((r) => ({
      type: r.type,
      key: r.key,
      role: typeof r.role === "string" ? r.role : undefined,
      members: [
        ...(typeof r.member === "string" ? [r.member] : []),
        ...(Array.isArray(r.members) ? (r.members as string[]) : []),
      ],
      resource: r,
    }));
}

/** The function's `service_config`/`build_config` blocks (synthesized as single objects). */
export function functionBlocks(fn: TfResource) {
  return {
    build: fn.build_config as Record<string, unknown> & {
      source: { storage_source: Record<string, string> };
    },
    service: fn.service_config as Record<string, unknown> & {
      environment_variables: Record<string, string>;
    },
  };
}
