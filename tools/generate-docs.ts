/** Writes the generated docs (docs/rbac.md, docs/openapi.json) from the code; tests fail when they are stale. */
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/app';
import { renderRbacDoc } from '../src/platform/rbac-doc';

const doc = openApiDocument();
writeFileSync(new URL('../docs/rbac.md', import.meta.url), renderRbacDoc(doc as never));
writeFileSync(new URL('../docs/openapi.json', import.meta.url), `${JSON.stringify(doc, null, 2)}\n`);
console.log('wrote docs/rbac.md and docs/openapi.json');
