import { readFileSync } from 'node:fs';
import { sharedFile } from '../test/helpers/shared-data';
import { EXAMPLES, FLAGSHIP_QUERY } from './ide';
import { idePage, scriptHashes } from './ide/page';

describe('the IDE page', () => {
  it("offers the contract's flagship request verbatim, first, with its variables", () => {
    const contract = readFileSync(sharedFile('..', 'CONTRACT.md'), 'utf8');
    const block = /## The flagship request[\s\S]*?```graphql\n([\s\S]*?)```/.exec(contract);
    expect(block?.[1].trim()).toBe(FLAGSHIP_QUERY);
    expect(EXAMPLES[0].query).toBe(FLAGSHIP_QUERY);
    expect(JSON.parse(EXAMPLES[0].variables)).toEqual({ id: 'ofac-sdn:43377' });
    expect(EXAMPLES.length).toBeGreaterThan(1);
    for (const e of EXAMPLES) {
      expect(() => JSON.parse(e.variables)).not.toThrow();
    }
  });

  describe('as built (GraphiQL in one HTML file)', () => {
    let html: string;
    let csp: string;
    let script: string;
    let style: string;
    beforeAll(async () => {
      // From the sources this bundles in memory, with the same code as `npm run build`.
      ({ html, csp } = await idePage());
      script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
      style = /<style nonce="[^"]+">([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    }, 60000);

    it('is one page: one inline script, one inline style, and no other element that loads anything', () => {
      expect(html.match(/<script\b/gi)).toHaveLength(1);
      expect(html.match(/<style\b/gi)).toHaveLength(1);
      expect(script.length).toBeGreaterThan(100000); // GraphiQL, React and CodeMirror are in it
      expect(html).toContain('graphiql-container'); // GraphiQL's styles
      // The HTML around the script and the styles names no URL at all, and loads nothing.
      const shell = html.replace(script, '').replace(style, '');
      expect(shell).not.toMatch(/https?:|\/\//i);
      expect(shell).not.toMatch(/<(img|iframe|embed|object|base|audio|video|source)\b/i);
      for (const tag of shell.match(/<(script|link)\b[^>]*>/gi) ?? []) {
        expect(tag).toMatch(/^<script>$|^<link rel="icon" href="data:,">$/);
      }
      for (const tag of shell.match(/<style\b[^>]*>/gi) ?? []) {
        expect(tag).toMatch(/^<style nonce="[A-Za-z0-9+/=]{24}">$/);
      }
      expect(html).not.toMatch(/sourceMappingURL/); // no source map to fetch
    });

    it('loads no style, font or image from a URL', () => {
      const urls = [...style.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)].map(m => m[2]);
      expect(urls.length).toBeGreaterThan(0); // the fonts, inline
      expect(urls.filter(u => !u.startsWith('data:'))).toEqual([]);
      expect(style).not.toMatch(/@import/i);
    });

    it('makes no request to a URL of its own from script', () => {
      // The bundle holds harmless absolute URLs as text (SVG/XHTML namespaces, links in error
      // messages and in licence comments, the GraphiQL logo link we replace); what would be
      // fetched is a URL literal handed to an API that loads or navigates.
      expect(urlsLoadedByScript(script)).toEqual([]);
      // The detector itself finds what it is meant to find.
      const bad = ['fetch("https://cdn.example/x")', "import('https://esm.sh/react')", 'e.src="//fonts.example/f.woff2"',
        'createElement("script",{src:`https://x`})', 'new Worker("https://w.example/w.js")', 'location.href="http://x"',
        'x.setAttribute("href","https://cdn.example/a.css")', '{rel:"stylesheet",href:"https://cdn.example/a.css"}'];
      for (const b of bad) {
        expect(urlsLoadedByScript(`var a=1;${b};`)).toHaveLength(1);
      }
      expect(urlsLoadedByScript('createElement("a",{href:"https://github.com/graphql/graphiql"});e="http://www.w3.org/2000/svg"')).toEqual([]);
    });

    it('is served with a policy that allows its own script (by hash), its styles (by a nonce of each response) and this origin only', async () => {
      expect(scriptHashes(html)).toHaveLength(1);
      expect(csp).toContain(`script-src ${scriptHashes(html)[0]};`);
      const nonce = /<style nonce="([^"]+)">/.exec(html)?.[1];
      expect(csp).toContain(`style-src 'nonce-${nonce}';`);
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
      // Every response has a nonce of its own.
      const again = await idePage();
      expect(again.csp).not.toBe(csp);
      expect(again.html.replace(/nonce="[^"]+"/, '')).toBe(html.replace(/nonce="[^"]+"/, ''));
    });
  });
});

/** Snippets of `js` where a URL literal is handed to something that loads or navigates. */
function urlsLoadedByScript(js: string): string[] {
  const literal = String.raw`\s*["'\x60](?:https?:|wss?:|\/\/)`;
  const loaders = [
    String.raw`\bfetch\(`,
    String.raw`\bimport\(`,
    String.raw`\bimportScripts\(`,
    String.raw`\bnew\s+(?:Worker|SharedWorker|WebSocket|EventSource|Request)\(`,
    String.raw`\bsendBeacon\(`,
    String.raw`\.open\(\s*["'][A-Z]+["']\s*,`, // XMLHttpRequest
    String.raw`\b(?:src|srcset|poster|data|action|formAction)\s*[:=]`, // elements' props and setters
    String.raw`\bsetAttribute\(\s*["'](?:src|href|srcset)["']\s*,`,
    String.raw`\blocation(?:\.href)?\s*=`,
    String.raw`\blocation\.(?:assign|replace)\(`,
    String.raw`\bwindow\.open\(`,
    // A stylesheet or preload link made in script: its rel next to an URL.
    String.raw`\brel\s*[:=]\s*["'](?:stylesheet|preload|prefetch|modulepreload)["'][^;{}]{0,200}?\bhref\s*[:=]`,
  ];
  return loaders.flatMap(l => [...js.matchAll(new RegExp(l + literal, 'g'))].map(m => js.slice(m.index, m.index + 120)));
}
