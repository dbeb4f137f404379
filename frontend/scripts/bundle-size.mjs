// Prints the gzip size of the initial JavaScript (the entry chunk plus everything it imports
// statically, i.e. what the browser must load before the first page renders) and fails above
// the budget from QUALITY.md (500 KB gzip). Lazy route chunks are listed but not counted.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 500 * 1024;
const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
if (entries.length === 0) {
  console.error('bundle-size: no entry chunk in dist/.vite/manifest.json');
  process.exit(1);
}

const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const dep of chunk.imports ?? []) visit(dep);
};
for (const [key] of entries) visit(key);

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

let total = 0;
console.log('Initial JS (entry + static imports):');
for (const file of [...initial].filter((f) => f.endsWith('.js')).sort()) {
  const size = gz(file);
  total += size;
  console.log(`  ${file.padEnd(48)} ${kb(size).padStart(10)} gzip`);
}
const lazy = Object.values(manifest)
  .map((c) => c.file)
  .filter((f) => f.endsWith('.js') && !initial.has(f));
const lazyTotal = lazy.reduce((sum, f) => sum + gz(f), 0);
console.log(`Lazy chunks: ${lazy.length} files, ${kb(lazyTotal)} gzip (loaded per route)`);
console.log(`Initial JS gzip size: ${kb(total)} (budget ${kb(BUDGET_BYTES)})`);
if (total > BUDGET_BYTES) {
  console.error(`bundle-size: initial JS ${kb(total)} gzip exceeds the ${kb(BUDGET_BYTES)} budget`);
  process.exit(1);
}
