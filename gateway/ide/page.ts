/**
 * The IDE page as the gateway serves it at `GET /`, with its Content-Security-Policy.
 *
 * Built (`npm run build`): dist/gateway/ide/index.html beside this module's compiled file, read
 * once. Run from the TypeScript sources (ts-jest, which runs without a build): no such file beside
 * gateway/ide/page.ts, so the page is bundled in memory from the current sources on first use
 * (about a second, once per process), never a stale build.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildIdeHtml, STYLE_NONCE_PLACEHOLDER } from './build';

/** One response: the page and its policy, with a nonce of its own. */
export interface IdePage {
  readonly html: string;
  readonly csp: string;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The hashes of the page's inline `<script>` elements (their exact text). */
export function scriptHashes(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(m => sha256(m[1]));
}

/**
 * Nothing from elsewhere: the page's own inline script only (by hash), styles only with this
 * response's nonce (the page's own, and those GraphiQL's dialogs insert), fonts only inline
 * (data:), requests only to this origin, no frames, no plugins, no form posts.
 */
export function contentSecurityPolicy(html: string, nonce: string, hashes = scriptHashes(html)): string {
  return [
    "default-src 'self'",
    `script-src ${hashes.join(' ')}`,
    `style-src 'nonce-${nonce}'`,
    'font-src data:',
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

interface Template {
  readonly before: string;
  readonly after: string;
  readonly html: string;
  readonly scriptHashes: string[];
}

let cached: Promise<Template> | null = null;

/** The page with a fresh style nonce (the template is read, or built from the sources, once). */
export async function idePage(): Promise<IdePage> {
  cached ??= load().catch((err: unknown) => {
    cached = null; // retried on the next request
    throw err;
  });
  const t = await cached;
  const nonce = randomBytes(18).toString('base64');
  return { html: t.before + nonce + t.after, csp: contentSecurityPolicy(t.html, nonce, t.scriptHashes) };
}

async function load(): Promise<Template> {
  const built = path.join(__dirname, 'index.html');
  const html = existsSync(built) ? readFileSync(built, 'utf8') : await buildIdeHtml();
  const marker = `<style nonce="${STYLE_NONCE_PLACEHOLDER}">`;
  const at = html.indexOf(marker);
  if (at < 0 || html.indexOf(marker, at + 1) >= 0) {
    throw new Error(`the IDE page ${existsSync(built) ? built : '(built from the sources)'} does not have exactly one ${marker}: rebuild it (npm run build)`);
  }
  const cut = at + marker.length - STYLE_NONCE_PLACEHOLDER.length - 2;
  return { before: html.slice(0, cut), after: html.slice(cut + STYLE_NONCE_PLACEHOLDER.length), html, scriptHashes: scriptHashes(html) };
}
