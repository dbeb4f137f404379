// Fails when the committed API types (src/api/schema.d.ts) differ from what openapi-typescript
// generates from ../openapi/openapi.json. Fix with `npm run gen:api` and commit the result.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(root, '../openapi/openapi.json');
const committed = resolve(root, 'src/api/schema.d.ts');

if (!existsSync(spec)) {
  console.error(`check:api: ${spec} does not exist`);
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), 'jiyuan-api-'));
const out = join(dir, 'schema.d.ts');
try {
  const bin = resolve(root, 'node_modules/openapi-typescript/bin/cli.js');
  const r = spawnSync(process.execPath, [bin, spec, '-o', out], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    console.error('check:api: openapi-typescript failed');
    process.exit(1);
  }
  const fresh = readFileSync(out, 'utf8');
  const current = existsSync(committed) ? readFileSync(committed, 'utf8') : '';
  if (fresh !== current) {
    const a = current.split('\n');
    const b = fresh.split('\n');
    const n = Math.max(a.length, b.length);
    let shown = 0;
    for (let i = 0; i < n && shown < 20; i++) {
      if (a[i] !== b[i]) {
        console.error(`  line ${i + 1}:\n    committed: ${a[i] ?? '<none>'}\n    generated: ${b[i] ?? '<none>'}`);
        shown++;
      }
    }
    console.error('check:api: src/api/schema.d.ts is out of date with openapi/openapi.json — run `npm run gen:api` and commit it.');
    process.exit(1);
  }
  console.log('check:api: src/api/schema.d.ts matches openapi/openapi.json');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
