/**
 * The GraphQL IDE at the gateway's `GET /`: GraphiQL 3, bundled by gateway/ide/build.ts into one
 * HTML file with its script and styles inline (fonts as data: URLs), so it loads nothing from the
 * internet. It talks to this origin's /graphql only, with the headers typed in GraphiQL's headers
 * editor (kept in memory only: a token is never written to the browser's storage).
 *
 * Type-checked by gateway/ide/tsconfig.json (`npm run typecheck`), compiled by esbuild only.
 */
import { ToolbarMenu, useEditorContext, useSchemaContext } from '@graphiql/react';
import { GraphiQL, GraphiQLInterface, GraphiQLProvider, type GraphiQLProps } from 'graphiql';
import 'graphiql/graphiql.css';
import { useEffect, useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { EXAMPLES } from '../ide';
import './app.css';

/** Where operations go: this origin only (the page's Content-Security-Policy allows nothing else). */
const ENDPOINT = '/graphql';

const fetcher: GraphiQLProps['fetcher'] = async (params, opts) => {
  const res = await fetch(ENDPOINT, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...(opts?.headers ?? {}) },
    body: JSON.stringify(params),
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page or an empty body: show it rather than a JSON parse error.
    return { errors: [{ message: `HTTP ${res.status} ${res.statusText}: ${text.slice(0, 500) || '(empty body)'}` }] };
  }
};

/**
 * GraphiQL's storage (localStorage, its `graphiql:` keys) without headers: its history and
 * favourites would otherwise keep every run's headers, tokens included, whatever
 * `shouldPersistHeaders` says.
 */
const NAMESPACE = 'graphiql:';
const ownKeys = () => Object.keys(localStorage).filter(k => k.startsWith(NAMESPACE));
const storage: GraphiQLProps['storage'] = {
  getItem: key => localStorage.getItem(key),
  setItem: (key, value) => {
    if (key === `${NAMESPACE}headers`) {
      return;
    }
    localStorage.setItem(key, key === `${NAMESPACE}queries` || key === `${NAMESPACE}favorites` ? withoutHeaders(value) : value);
  },
  removeItem: key => localStorage.removeItem(key),
  clear: () => ownKeys().forEach(k => localStorage.removeItem(k)),
  get length() {
    return ownKeys().length;
  },
};

function withoutHeaders(value: string): string {
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    for (const list of Object.values(parsed)) {
      for (const item of Array.isArray(list) ? list : []) {
        if (item && typeof item === 'object') {
          delete (item as { headers?: unknown }).headers;
        }
      }
    }
    return JSON.stringify(parsed);
  } catch {
    return value;
  }
}

const defaultTabs = EXAMPLES.map(e => ({ query: e.query, variables: e.variables }));

function ListIcon() {
  return (
    <svg className="graphiql-toolbar-icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" aria-hidden="true">
      <path d="M8 6h12M8 12h12M8 18h12" />
      <circle cx="4" cy="6" r="1" fill="currentColor" />
      <circle cx="4" cy="12" r="1" fill="currentColor" />
      <circle cx="4" cy="18" r="1" fill="currentColor" />
    </svg>
  );
}

/** A toolbar menu that opens any example in a new tab (the tabs of a first visit may be closed). */
function ExamplesMenu() {
  const { addTab, queryEditor, variableEditor } = useEditorContext({ nonNull: true });
  const open = (i: number) => {
    addTab();
    // addTab() resets the editors for the new tab when React commits; fill them afterwards.
    setTimeout(() => {
      queryEditor?.setValue(EXAMPLES[i].query);
      variableEditor?.setValue(EXAMPLES[i].variables);
    }, 0);
  };
  return (
    <ToolbarMenu label="Open an example in a new tab" button={<ListIcon />}>
      {EXAMPLES.map((e, i) => (
        <ToolbarMenu.Item key={e.name} onSelect={() => open(i)}>
          {e.name}
        </ToolbarMenu.Item>
      ))}
    </ToolbarMenu>
  );
}

/**
 * GraphiQL 3 keeps headers per tab, so a token typed in one tab would be missing from the others
 * (the examples' tabs, new tabs): here the headers the user types apply to every tab.
 */
function SharedHeaders() {
  const { headerEditor, tabs, activeTabIndex } = useEditorContext({ nonNull: true });
  const shared = useRef<string | null>(null);
  useEffect(() => {
    if (!headerEditor) {
      return undefined;
    }
    // Only the user's edits: GraphiQL's own setValue on a tab switch would overwrite them.
    const onChange = (_cm: unknown, change: { origin?: string }) => {
      if (change.origin !== 'setValue') {
        shared.current = headerEditor.getValue();
      }
    };
    headerEditor.on('change', onChange);
    return () => headerEditor.off('change', onChange);
  }, [headerEditor]);
  const tabId = tabs[activeTabIndex]?.id;
  useEffect(() => {
    if (headerEditor && shared.current !== null && headerEditor.getValue() !== shared.current) {
      const value = shared.current;
      // After GraphiQL has put the tab's own values into the editors.
      setTimeout(() => headerEditor.setValue(value), 0);
    }
  }, [tabId, headerEditor]);
  return null;
}

/**
 * Where every request needs a credential, the schema (and so the documentation) cannot load
 * before the user has typed a token: fetch it again when the headers change after a failure.
 */
function RefetchSchemaOnNewHeaders() {
  const { tabs, activeTabIndex } = useEditorContext({ nonNull: true });
  const { fetchError, isFetching, introspect } = useSchemaContext({ nonNull: true });
  const headers = tabs[activeTabIndex]?.headers?.trim() ?? '';
  const tried = useRef<string | null>(null);
  useEffect(() => {
    if (fetchError && !isFetching && headers && tried.current !== headers) {
      tried.current = headers;
      // After GraphiQL's own effects have taken the new headers in.
      setTimeout(introspect, 0);
    }
  }, [fetchError, isFetching, headers, introspect]);
  return null;
}

function AuthHint() {
  return (
    <div className="ide-hint" role="note">
      <span>
        To authenticate, open <b>Headers</b> under the operation and enter{' '}
        <code>{'{"Authorization": "Bearer <token>"}'}</code> (partners: <code>{'{"x-api-key": "cgk_…"}'}</code>).{' '}
        <code>npm start</code> prints a token per role; <code>npm run cli -- token --role analyst</code> prints another.
        Headers apply to every tab, go to this server only, and are not saved.
      </span>
    </div>
  );
}

function App() {
  return (
    <GraphiQLProvider fetcher={fetcher} storage={storage} defaultTabs={defaultTabs} shouldPersistHeaders={false}>
      <div className="ide">
        <AuthHint />
        <SharedHeaders />
        <RefetchSchemaOnNewHeaders />
        <GraphiQLInterface
          defaultEditorToolsVisibility="variables"
          toolbar={{ additionalContent: <ExamplesMenu /> }}
          isHeadersEditorEnabled
        >
          <GraphiQL.Logo>Compliance graph</GraphiQL.Logo>
        </GraphiQLInterface>
      </div>
    </GraphiQLProvider>
  );
}

// The styles that GraphiQL's dialogs and menus insert (Radix's scroll lock, through get-nonce)
// need the nonce of this response's Content-Security-Policy, which the page's own <style> carries.
const styleNonce = document.querySelector<HTMLStyleElement>('style[nonce]')?.nonce;
if (styleNonce) {
  (window as unknown as { __webpack_nonce__?: string }).__webpack_nonce__ = styleNonce;
}

// GraphiQL 3 fills the first tab's variables editor from its storage, not from defaultTabs: on a
// first visit (no tabs stored yet), store the flagship request's variables where it looks.
try {
  if (localStorage.getItem('graphiql:tabState') === null) {
    localStorage.setItem('graphiql:variables', EXAMPLES[0].variables);
  }
} catch {
  // no storage (a privacy mode): the variables editor starts empty
}

const container = document.getElementById('ide-root');
if (!container) {
  throw new Error('#ide-root is missing from the page');
}
createRoot(container).render(<App />);
