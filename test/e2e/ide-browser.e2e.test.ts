/**
 * The IDE at `GET /` in a real headless Chromium (Debian's `chromium`, driven by playwright-core):
 * a user types an analyst's token into GraphiQL's headers editor, runs the flagship request and
 * reads the answer on screen, opens the documentation; the page asks nothing of anyone but the
 * gateway. `.ci/run` installs Chromium; without it this test fails (it is not skipped).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { buildDemoStory } from '../../common/demo/story';
import { expectedFlagship } from '../helpers/flagship';
import { startStack, type Stack } from '../helpers/stack';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const story = buildDemoStory();

let stack: Stack;
let origin: string;
let dir: string;
let context: BrowserContext | undefined;
let page: Page;
let failed = false;
/** Every request the browser made, in order. */
const requests: string[] = [];
/** Content-Security-Policy violations and uncaught errors in the page. */
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: this test drives a real browser. Install Debian's chromium ` +
        '(`apt-get install -y --no-install-recommends chromium`, as .ci/run does) or set CHROMIUM_PATH.',
    );
  }
  dir = mkdtempSync(path.join(tmpdir(), 'ide-browser-'));
  // As in production: every request needs a credential, so the token typed in the IDE is what
  // makes the flagship request work.
  stack = await startStack({ auth: { anonymousRole: null } });
  origin = new URL(stack.url).origin;
  context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Belt and braces: no name but loopback resolves, so nothing could reach the internet.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
    viewport: { width: 1400, height: 900 },
  });
  context.on('request', r => requests.push(r.url()));
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20000);
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));",
  });
  page.on('console', m => {
    if (m.type() === 'error' && /CSP violation|Content Security Policy|Refused to/i.test(m.text())) {
      problems.push(m.text());
    }
  });
  page.on('pageerror', err => problems.push(`uncaught: ${err.message}`));
}, 180000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await stack?.stop();
  if (dir && !failed && !process.env.IDE_SCREENSHOTS) {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs a step; on failure saves a screenshot into the test's temporary folder and says where. */
async function step(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    if (process.env.IDE_SCREENSHOTS) {
      mkdirSync(process.env.IDE_SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(process.env.IDE_SCREENSHOTS, `${name}.png`) });
    }
  } catch (err) {
    failed = true;
    const shot = path.join(dir, `${name}.png`);
    const saved = page ? await page.screenshot({ path: shot }).then(() => true, () => false) : false;
    if (err instanceof Error) {
      err.message += `\n(${saved ? `screenshot: ${shot}` : 'no screenshot'}; requests: ${requests.join(' ')})`;
    }
    throw err;
  }
}

/** The text of a CodeMirror editor (what it holds, including lines scrolled out of view). */
const editorText = (editor: Locator) => editor.evaluate(el => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());

describe('the IDE at / in a real browser', () => {
  it('shows GraphiQL with the flagship request ready, and the hint on tokens', () =>
    step('1-loaded', async () => {
      const res = await page.goto(`${origin}/`);
      expect(res?.status()).toBe(200);
      expect(res?.headers()['content-security-policy']).toContain("connect-src 'self'");
      const query = page.locator('.graphiql-query-editor .CodeMirror');
      await query.waitFor();
      expect(await editorText(query)).toContain('query Subject($id: ID!)');
      const variables = page.locator('section.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror');
      expect(JSON.parse(await editorText(variables))).toEqual({ id: 'ofac-sdn:43377' });
      // The other examples are tabs of their own.
      await page.locator('.graphiql-tab', { hasText: 'Screen' }).waitFor();
      expect(await page.locator('.graphiql-tab').count()).toBeGreaterThan(1);
      expect(await page.getByRole('note').innerText()).toMatch(/Authorization.*Bearer <token>/);
    }));

  it('runs the flagship request with an analyst token typed into the headers editor, and shows the answer', () =>
    step('2-flagship', async () => {
      const token = stack.token('analyst');
      await page.locator('.graphiql-editor-tools button', { hasText: 'Headers' }).click();
      const headers = page.locator('section.graphiql-editor-tool[aria-label="Headers"] .graphiql-editor:not(.hidden) .CodeMirror');
      await headers.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type(`{"Authorization": "Bearer ${token}"}`);
      expect(JSON.parse(await editorText(headers))).toEqual({ Authorization: `Bearer ${token}` });

      await page.locator('.graphiql-execute-button').click();
      const response = page.locator('.graphiql-response');
      const nameLine = response.locator('.CodeMirror-line', { hasText: '"name": "KIM, Sang Man"' });
      await nameLine.waitFor({ state: 'visible' });
      const expected = expectedFlagship(story);
      await response.locator('.CodeMirror-line', { hasText: `"id": "${expected.id}"` }).first().waitFor({ state: 'visible' });

      // The whole answer in the result editor is the flagship answer for the demo data.
      const body = JSON.parse(await editorText(response.locator('.CodeMirror')));
      expect(body.errors).toBeUndefined();
      expect(body.data.sanctionedEntity).toEqual(expected);

      // And a user scrolling down the result sees the linked account.
      const accountId = expected.accounts[0].id;
      const accountLine = response.locator('.CodeMirror-line', { hasText: `"id": "${accountId}"` }).first();
      const pane = (await response.boundingBox())!;
      await response.hover();
      let onScreen = false;
      for (let i = 0; i < 60 && !onScreen; i++) {
        const box = (await accountLine.count()) > 0 && (await accountLine.isVisible()) ? await accountLine.boundingBox() : null;
        onScreen = !!box && box.y >= pane.y && box.y + box.height <= pane.y + pane.height;
        if (!onScreen) {
          await page.mouse.wheel(0, 250);
          await page.waitForTimeout(50);
        }
      }
      expect(onScreen ? accountId : `account ${accountId} not found scrolling the result`).toBe(accountId);
    }));

  it('opens the documentation explorer at the Query type (the schema loaded once the token was typed)', () =>
    step('3-docs', async () => {
      await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
      const docs = page.locator('.graphiql-doc-explorer');
      await docs.getByText('Root Types').waitFor();
      await docs.locator('a.graphiql-doc-explorer-type-name', { hasText: /^Query$/ }).first().click();
      await docs.locator('.graphiql-doc-explorer-title', { hasText: /^Query$/ }).waitFor();
      await docs.locator('a.graphiql-doc-explorer-field-name', { hasText: /^sanctionedEntity$/ }).waitFor();
      await docs.locator('a.graphiql-doc-explorer-field-name', { hasText: /^screen$/ }).waitFor();
    }));

  it('opens another ready example in a new tab from the toolbar menu, and runs it with the same token', () =>
    step('4-example', async () => {
      const tabs = await page.locator('.graphiql-tab').count();
      await page.getByRole('button', { name: 'Open an example in a new tab' }).click();
      await page.getByRole('menuitem', { name: 'Screen a name' }).click();
      await page.locator('.graphiql-tab').nth(tabs).waitFor();
      const query = page.locator('.graphiql-query-editor .CodeMirror');
      await page.waitForFunction("document.querySelector('.graphiql-query-editor .CodeMirror')?.CodeMirror.getValue().startsWith('query Screen')");
      expect(await editorText(query)).toMatch(/^query Screen\(\$name: String!\)/);
      await page.locator('.graphiql-tab-active', { hasText: 'Screen' }).waitFor();
      // The headers typed in the first tab apply here too.
      await page.locator('.graphiql-editor-tools button', { hasText: 'Headers' }).click();
      const headers = page.locator('section.graphiql-editor-tool[aria-label="Headers"] .graphiql-editor:not(.hidden) .CodeMirror');
      await page.waitForFunction(
        "document.querySelector('section.graphiql-editor-tool[aria-label=\"Headers\"] .graphiql-editor:not(.hidden) .CodeMirror')?.CodeMirror.getValue().includes('Bearer ')",
      );
      expect(JSON.parse(await editorText(headers)).Authorization).toMatch(/^Bearer ey/);
      await page.locator('.graphiql-execute-button').click();
      const response = page.locator('.graphiql-response');
      await response.locator('.CodeMirror-line', { hasText: '"matchedName": ' }).first().waitFor({ state: 'visible' });
      const body = JSON.parse(await editorText(response.locator('.CodeMirror')));
      expect(body.errors).toBeUndefined();
      expect(body.data.screen.map((m: { entity: { id: string } }) => m.entity.id)).toContain('ofac-sdn:43377');
    }));

  it('asked nothing of anyone but the gateway, broke none of its security policy, and saved no token', () =>
    step('5-requests', async () => {
      expect(requests).toContain(`${origin}/`);
      expect(requests).toContain(`${origin}/graphql`);
      // data: URLs (the inline fonts) are not requests to anywhere; everything else is the gateway.
      expect(requests.filter(u => !u.startsWith(`${origin}/`) && !u.startsWith('data:'))).toEqual([]);
      expect(problems).toEqual([]);
      // The token stayed in memory: nothing of it in the browser's storage.
      const stored = String(await page.evaluate('JSON.stringify(localStorage)'));
      expect(stored).toContain('graphiql:tabState');
      expect(stored).toContain('graphiql:queries'); // the history, kept without its headers
      expect(stored).not.toMatch(/Bearer|eyJ/);
    }));
});
