// Builds the production server: apps/server/src/main.ts and everything it imports, minified into
// apps/server/dist/ (ADR 0008). `npm start` runs the result; tests and `npm run dev` run the
// TypeScript sources directly.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'rolldown';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const SERVER_ENTRY = join(repoRoot, 'apps/server/src/main.ts');
export const SERVER_DIST = join(repoRoot, 'apps/server/dist');

/**
 * Code that finds files next to itself (migrations, the web build, worker scripts, packages'
 * assets) keeps finding them at their original place: `import.meta.url`, `__dirname` and
 * `__filename` become the path of the file they were written in, not of the bundle chunk. The
 * bundle therefore runs from the checkout it was built in, next to its node_modules.
 */
const keepSourceLocations: Plugin = {
  name: 'keep-source-locations',
  transform(code, id) {
    if (!/import\.meta\.(url|dirname|filename)|__dirname|__filename/.test(code)) return null;
    return {
      code: code
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(id).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(id)))
        .replaceAll('import.meta.filename', JSON.stringify(id))
        .replace(/\b__dirname\b/g, JSON.stringify(dirname(id)))
        .replace(/\b__filename\b/g, JSON.stringify(id)),
    };
  },
};

export async function buildServer(outDir: string = SERVER_DIST): Promise<{ outDir: string; files: number; bytes: number }> {
  rmSync(outDir, { recursive: true, force: true });
  const result = await build({
    input: SERVER_ENTRY,
    platform: 'node',
    plugins: [keepSourceLocations],
    onLog: (level, log, defaultHandler) => {
      // pglite's Emscripten glue uses direct eval; it is only loaded on the embedded backend.
      if (log.code === 'EVAL') return;
      // The source-location rewrite keeps every line where it was (it only lengthens a few
      // expressions), so the maps still point at the right source lines.
      if (log.code === 'SOURCEMAP_BROKEN' && log.plugin === 'keep-source-locations') return;
      defaultHandler(level, log);
    },
    output: {
      dir: outDir,
      format: 'esm',
      minify: true,
      // ASCII-only output: V8 keeps every loaded script's source, and one non-Latin-1 character
      // makes it store the whole chunk as two bytes per character.
      charset: 'ascii',
      comments: false,
      sourcemap: true,
      entryFileNames: 'main.js',
    },
  });
  const chunks = result.output.filter((o) => o.type === 'chunk');
  return { outDir, files: chunks.length, bytes: chunks.reduce((n, c) => n + c.code.length, 0) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const out = await buildServer(process.argv[2] ?? SERVER_DIST);
  process.stdout.write(
    `server built: ${out.files} chunks, ${(out.bytes / 1024).toFixed(0)} KiB in ${out.outDir} (${Math.round(performance.now() - started)} ms)\n`,
  );
}
