/**
 * Summarises a .cpuprofile (from cpuProfile in server.mjs): self time by function and by file, largest first.
 * `node bench/lib/profile-summary.mjs bench/results/holds.cpuprofile [top]`
 */
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 40);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfSamples = new Map();
for (const s of profile.samples) selfSamples.set(s, (selfSamples.get(s) ?? 0) + 1);
const total = profile.samples.length;
const byFunction = new Map();
const byFile = new Map();
for (const [nodeId, count] of selfSamples) {
  const { callFrame: f } = byId.get(nodeId);
  const where = (f.url || '(native)').replace(/^.*\/(node_modules|src|durable-objects)\//, '$1/');
  const fn = `${f.functionName || '(anonymous)'}  ${where}:${f.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + count);
  byFile.set(where, (byFile.get(where) ?? 0) + count);
}
const show = (title, map) => {
  console.log(`\n${title} (of ${total} samples)`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * v) / total).toFixed(1).padStart(6)}%  ${k}`);
};
show('self time by file', byFile);
show('self time by function', byFunction);
