import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../src/app';
import { renderRbacDoc } from '../src/platform/rbac-doc';
import rbacDoc from '../docs/rbac.md?raw';
import openapiJson from '../docs/openapi.json?raw';

describe('generated docs', () => {
  it('docs/rbac.md shows the permission matrix the code enforces (run npm run docs:generate)', () => {
    expect(rbacDoc).toBe(renderRbacDoc(openApiDocument() as never));
  });

  it('docs/openapi.json is the document the API serves (run npm run docs:generate)', () => {
    expect(JSON.parse(openapiJson)).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});
