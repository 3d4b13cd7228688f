// Compiles apps/, libs/ and tools/ TypeScript to dist/ with swc (decorator
// metadata on, so Nest dependency injection and code-first GraphQL work) and
// rewrites the @platform/* path aliases to relative requires. Type checking
// is `npm run lint` (tsc --noEmit); this build only transpiles, so it is fast.
import { transformFile } from '@swc/core';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import swcOptions from './swc-options.cjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'dist');
const roots = ['apps', 'libs', 'tools'];
const skip = /(\.spec|\.integration-spec|\.e2e-spec|\.kafka-spec|\.d)\.ts$/;
const copied = /\.(graphql|json)$/;

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

async function build() {
  const started = Date.now();
  await rm(out, { recursive: true, force: true });
  const options = swcOptions();
  const jobs = [];
  for (const top of roots) {
    for await (const file of walk(join(root, top))) {
      const target = join(out, relative(root, file));
      if (file.endsWith('.ts') && !skip.test(file)) {
        jobs.push(
          (async () => {
            const { code, map } = await transformFile(file, { ...options, filename: file, sourceFileName: relative(dirname(target), file) });
            const js = target.replace(/\.ts$/, '.js');
            await mkdir(dirname(js), { recursive: true });
            await writeFile(js, `${code}\n//# sourceMappingURL=${js.split('/').pop()}.map`);
            if (map) await writeFile(`${js}.map`, map);
          })(),
        );
      } else if (copied.test(file) && !file.endsWith('project.json')) {
        jobs.push(mkdir(dirname(target), { recursive: true }).then(() => copyFile(file, target)));
      }
    }
  }
  await Promise.all(jobs);
  console.log(`build: ${jobs.length} files to dist/ in ${Date.now() - started} ms`);
}

build().catch((err) => {
  console.error(`build failed: ${err.message ?? err}`);
  process.exit(1);
});
