/** Walks the served OpenAPI document: every operation, its path parameters, and an example body to send. */
import { api } from './api';

export type Operation = {
  method: string;
  path: string;
  /** The path relative to /api/v1, with {param} placeholders. */
  route: string;
  op: Record<string, any>;
  params: string[];
  /**
   * Path parameters that name records (ids); the rest take a fixed set of values (an enum, such as a
   * template name and a language): they are the same in every organization, so they are no one's record.
   */
  recordParams: string[];
  isPublic: boolean;
  permission: string | undefined;
  body: Record<string, any> | undefined;
  bodySchema: Record<string, any> | undefined;
};

export async function fetchDocument(): Promise<Record<string, any>> {
  const res = await api('GET', '/openapi.json');
  if (res.status !== 200) throw new Error(`openapi.json: ${res.status}`);
  return res.body;
}

function resolve(doc: Record<string, any>, schema: Record<string, any> | undefined): Record<string, any> | undefined {
  if (!schema) return undefined;
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  const name = ref.replace('#/components/schemas/', '');
  return doc.components?.schemas?.[name];
}

export function operations(doc: Record<string, any>): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<Record<string, any>>(methods)) {
      const bodySchema = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
      out.push({
        method: method.toUpperCase(),
        path,
        route: path.replace(/^\/api\/v1/, ''),
        op,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        recordParams: [...path.matchAll(/\{(\w+)\}/g)]
          .map((m) => m[1]!)
          .filter((name) => !(op.parameters ?? []).some((p: { name: string; in: string; schema?: { enum?: unknown[] } }) => p.in === 'path' && p.name === name && p.schema?.enum)),
        isPublic: Array.isArray(op.security) && op.security.length === 0,
        permission: op['x-permission'],
        body: bodySchema?.example,
        bodySchema,
      });
    }
  }
  return out;
}

export function fillPath(route: string, values: Record<string, string>): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (!value) throw new Error(`No fixture for path parameter {${name}} in ${route}: add one to test/support/tenant-fixtures.ts`);
    return encodeURIComponent(value);
  });
}

export const label = (o: Operation) => `${o.method} ${o.path}`;
