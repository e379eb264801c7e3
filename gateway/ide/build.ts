/**
 * Builds the GraphQL IDE (gateway/ide/app.tsx: GraphiQL and React) into ONE self-contained HTML
 * file: the script and the styles inline, fonts as data: URLs, no source map, nothing fetched from
 * anywhere. `npm run build` runs this after tsc (`node dist/gateway/ide/build.js`) and writes
 * dist/gateway/ide/index.html, which the gateway serves at `GET /` (gateway/ide/page.ts).
 *
 * esbuild is a development dependency: it is loaded only when a build is asked for, so a
 * production install (`npm prune --omit=dev`) serves the prebuilt file without it.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest folder above this module with a package.json. */
export function repositoryRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'gateway', 'ide', 'app.tsx'))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      throw new Error(`cannot find the repository root (package.json and gateway/ide/app.tsx) above ${from}`);
    }
  }
}

/** Where `npm run build` puts the page. */
export function builtIdePath(root = repositoryRoot()): string {
  return path.join(root, 'dist', 'gateway', 'ide', 'index.html');
}

const TITLE = 'Compliance graph — GraphQL IDE';

/**
 * The page's `<style nonce="…">` holds this placeholder; the server puts a fresh nonce there for
 * each response (gateway/ide/page.ts), and the script hands it to the styles that GraphiQL's
 * dialogs and menus insert at run time (Radix's scroll lock), so `style-src` needs no
 * 'unsafe-inline'.
 */
export const STYLE_NONCE_PLACEHOLDER = 'IDE-STYLE-NONCE';

let buildsInFlight = 0;

/** Bundles the IDE and returns the page (about a second). */
export async function buildIdeHtml(root = repositoryRoot()): Promise<string> {
  let esbuild: typeof import('esbuild');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    esbuild = require('esbuild');
  } catch {
    throw new Error('The IDE page is not built and esbuild (a development dependency) is missing: run `npm run build` with the development dependencies installed.');
  }
  buildsInFlight++;
  try {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: [path.join(root, 'gateway', 'ide', 'app.tsx')],
      tsconfig: path.join(root, 'gateway', 'ide', 'tsconfig.json'),
      bundle: true,
      write: false,
      outfile: 'ide.js', // with write: false, only names the outputs (ide.js and ide.css)
      format: 'iife',
      platform: 'browser',
      target: ['chrome109', 'firefox115', 'safari16'],
      jsx: 'automatic',
      minify: true,
      sourcemap: false,
      // Licence comments stay (at the end of each output); they are comments, never fetched.
      legalComments: 'eof',
      define: { 'process.env.NODE_ENV': '"production"' },
      // Anything not inline (a font or image file) would be a request: make it a data: URL.
      loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
      logLevel: 'silent',
    });
    const js = result.outputFiles.find(f => f.path.endsWith('.js'))?.text;
    const css = result.outputFiles.find(f => f.path.endsWith('.css'))?.text ?? '';
    if (!js) {
      throw new Error('esbuild produced no script for the IDE');
    }
    return page(js, css);
  } finally {
    if (--buildsInFlight === 0) {
      // esbuild keeps a service process for further builds; none is coming.
      await esbuild.stop();
    }
  }
}

/** Inlines the script and the styles into the page, refusing text that would end them early. */
function page(js: string, css: string): string {
  // Inside <script>, an HTML parser ends the element at `</script` and, after `<!--`, is thrown off
  // by `<script`. They occur only in string and regular-expression literals of the bundle (React,
  // markdown-it), where `\x3C` means the same `<`; esbuild already writes `<\/script`.
  const script = js.replace(/(?<!\\)<(?=!--|\/?script)/gi, '\\x3C');
  if (/<!--|<\/?script/i.test(script)) {
    throw new Error('the IDE script still contains "<!--" or "<script", which would break its inline <script>');
  }
  if (/<\/style/i.test(css)) {
    throw new Error('the IDE styles contain "</style", which would break their inline <style>');
  }
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${TITLE}</title>`,
    // No favicon request: an empty icon inline.
    '<link rel="icon" href="data:,">',
    `<style nonce="${STYLE_NONCE_PLACEHOLDER}">${css}</style>`,
    '</head><body>',
    '<div id="ide-root"><noscript>The GraphQL IDE needs JavaScript. GraphQL itself is served at /graphql (POST, content-type: application/json).</noscript></div>',
    `<script>${script}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

/** Writes the page atomically (a temporary file, then a rename), so readers never see half a file. */
export function writeIdeHtml(html: string, file: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, html);
  renameSync(tmp, file);
}

async function main(): Promise<void> {
  const started = Date.now();
  const root = repositoryRoot();
  const file = builtIdePath(root);
  const html = await buildIdeHtml(root);
  writeIdeHtml(html, file);
  const kib = (Buffer.byteLength(html) / 1024).toFixed(0);
  process.stdout.write(`IDE: ${path.relative(root, file)} (${kib} KiB, ${Date.now() - started} ms)\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`IDE build failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
