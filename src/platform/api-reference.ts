/**
 * A self-contained, human-readable API reference rendered from the OpenAPI document. Hosted viewers
 * (Swagger UI, Scalar) load their scripts from a CDN; this page needs nothing but the Worker.
 */
type Schema = Record<string, unknown>;
type Doc = {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Schema>>;
  components?: { schemas?: Record<string, Schema> };
};

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function schemaText(schema: unknown): string {
  return JSON.stringify(schema, null, 2);
}

function operationHtml(method: string, path: string, op: Schema): string {
  const params = (op.parameters as Schema[] | undefined) ?? [];
  const body = (op.requestBody as Schema | undefined)?.content as Record<string, Schema> | undefined;
  const bodySchema = body?.['application/json']?.schema;
  const responses = Object.entries((op.responses as Record<string, Schema>) ?? {});
  const security = (op.security as unknown[] | undefined) ?? [];
  const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-');
  return `<section class="op" id="${esc(id)}">
  <h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
  <p>${esc(op.summary)}${op.description ? `<br><small>${esc(op.description)}</small>` : ''}</p>
  <p class="meta">${security.length === 0 ? 'Public' : security.some((s) => typeof s === 'object' && s !== null && 'device' in s) ? 'Needs a device token' : 'Needs a session or API key'}${op['x-permission'] ? ` · permission <code>${esc(op['x-permission'])}</code>` : ''}</p>
  ${params.length ? `<table><tr><th>Parameter</th><th>In</th><th>Description</th></tr>${params.map((p) => `<tr><td><code>${esc(p.name)}</code>${p.required ? ' *' : ''}</td><td>${esc(p.in)}</td><td>${esc((p.schema as Schema | undefined)?.description ?? p.description ?? '')}</td></tr>`).join('')}</table>` : ''}
  ${bodySchema ? `<details><summary>Request body</summary><pre>${esc(schemaText(bodySchema))}</pre></details>` : ''}
  <details><summary>Responses: ${responses.map(([s]) => esc(s)).join(', ')}</summary><ul>${responses.map(([s, r]) => `<li><b>${esc(s)}</b> ${esc(r.description)}</li>`).join('')}</ul></details>
</section>`;
}

export function renderApiReference(doc: Doc): string {
  const byTag = new Map<string, string[]>();
  const toc: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = ((op.tags as string[] | undefined) ?? ['Other'])[0]!;
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push(operationHtml(method, path, op));
    }
  }
  for (const tag of byTag.keys()) toc.push(`<li><a href="#tag-${esc(tag.replace(/\W+/g, '-'))}">${esc(tag)}</a></li>`);
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(([name, s]) => `<details id="schema-${esc(name)}"><summary>${esc(name)}</summary><pre>${esc(schemaText(s))}</pre></details>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info.title)} — API reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:grid;grid-template-columns:220px 1fr;color:#1b1b1b}
nav{position:sticky;top:0;height:100vh;overflow:auto;background:#f4f1ea;padding:1rem}main{padding:1rem 2rem;max-width:960px}
.op{border-top:1px solid #ddd;padding:.5rem 0}.m{display:inline-block;min-width:4.5em;padding:0 .4em;border-radius:4px;color:#fff;font-size:.8em;text-align:center}
.get{background:#2f6f4f}.post{background:#245a9b}.patch{background:#8a5a00}.put{background:#8a5a00}.delete{background:#a12b2b}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}pre{background:#f7f7f7;padding:.5rem;overflow:auto;font-size:12px}.meta{color:#555;font-size:.9em}
</style></head><body>
<nav><strong>${esc(doc.info.title)}</strong><br><small>v${esc(doc.info.version)} · <a href="openapi.json">openapi.json</a></small><ul>${toc.join('')}<li><a href="#schemas">Schemas</a></li></ul></nav>
<main><h1>${esc(doc.info.title)}</h1><p>${esc(doc.info.description)}</p>
${[...byTag.entries()].map(([tag, ops]) => `<h2 id="tag-${esc(tag.replace(/\W+/g, '-'))}">${esc(tag)}</h2>${ops.join('')}`).join('')}
<h2 id="schemas">Schemas</h2>${schemas}</main></body></html>`;
}
