/**
 * The GraphQL IDE served at `GET /`: one self-contained page (no script, style or font from the
 * internet) with an editor for the operation, its variables and its headers, the flagship
 * request ready to run, and the schema's documentation browsable from introspection.
 */

export const FLAGSHIP_QUERY = `query Subject($id: ID!) {
  sanctionedEntity(id: $id) {
    id name kind programs listed
    designations { list program listedOn }
    cryptoAddresses {
      chain address
      transfers(first: 5) { totalCount edges { node { txHash timestamp amount asset to { address } } } }
    }
    accounts {
      id exchange status
      transfers(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { amount asset } } }
      cases { id status }
    }
    cases { id title status actions { __typename } }
  }
}`;

const EXAMPLES: { name: string; query: string; variables: string }[] = [
  { name: 'Flagship: a party, its accounts, transfers and cases', query: FLAGSHIP_QUERY, variables: '{ "id": "ofac-sdn:43377" }' },
  {
    name: 'Screen a name',
    query: `query Screen($name: String!) {\n  screen(input: { name: $name, minScore: 80 }) { score matchedName entity { id name programs } }\n}`,
    variables: '{ "name": "Sang Man Kim" }',
  },
  {
    name: 'A party as of a date',
    query: `query AsOf($id: ID!, $asOf: Date) {\n  sanctionedEntity(id: $id, asOf: $asOf) { id name listed programs designations { program listedOn delistedOn } }\n}`,
    variables: '{ "id": "ofac-sdn:43377", "asOf": "2023-05-20" }',
  },
  {
    name: 'Exposure of an address',
    query: `query Exposure($chain: Chain!, $address: String!) {\n  address(chain: $chain, address: $address) {\n    chain address\n    exposure(hops: 3) { truncated entities { hops entity { id name } } }\n    account { id exchange status }\n  }\n}`,
    variables: '{ "chain": "ETHEREUM", "address": "0x97b1043abd9e6fc31681635166d430a458d14f9c" }',
  },
  {
    name: 'Cases, newest first',
    query: `query Cases {\n  cases(first: 10) { totalCount edges { node { id title status actions { __typename ... on Seizure { amount asset amountUsd } } } } }\n}`,
    variables: '{}',
  },
];

/** Renders the IDE page; `endpoint` is where it posts operations (normally `/graphql`). */
export function renderIde(endpoint = '/graphql'): string {
  const examples = JSON.stringify(EXAMPLES).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Compliance graph — GraphQL IDE</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  :root { font-family: system-ui, sans-serif; color: #1d2330; }
  body { margin: 0; display: grid; grid-template-rows: auto 1fr; height: 100vh; }
  header { display: flex; gap: .75rem; align-items: center; padding: .5rem 1rem; background: #14213d; color: #fff; }
  header h1 { font-size: 1rem; margin: 0 1rem 0 0; }
  select, button, input { font: inherit; }
  button { background: #fca311; border: 0; padding: .35rem 1rem; border-radius: 4px; cursor: pointer; font-weight: 600; }
  main { display: grid; grid-template-columns: 1fr 1fr 22rem; gap: .5rem; padding: .5rem; min-height: 0; }
  section { display: flex; flex-direction: column; min-height: 0; }
  label { font-size: .8rem; font-weight: 600; margin: .25rem 0; }
  textarea, pre { flex: 1; font: 13px/1.4 ui-monospace, monospace; border: 1px solid #ccd; border-radius: 4px; padding: .5rem; margin: 0; overflow: auto; }
  #variables, #headers { flex: 0 0 6rem; }
  #docs { overflow: auto; font-size: .85rem; border: 1px solid #ccd; border-radius: 4px; padding: .5rem; }
  #docs h3 { margin: .75rem 0 .25rem; font-size: .9rem; } #docs p { margin: 0 0 .25rem; color: #555; }
  #docs code { font-weight: 600; } .status { font-size: .8rem; }
</style></head>
<body>
<header><h1>Compliance graph</h1>
  <select id="examples" aria-label="Examples"></select>
  <button id="run" title="Run (Ctrl-Enter)">Run ▶</button><span class="status" id="status"></span>
</header>
<main>
  <section><label for="query">Operation</label><textarea id="query" spellcheck="false"></textarea>
    <label for="variables">Variables (JSON)</label><textarea id="variables" spellcheck="false"></textarea>
    <label for="headers">Headers (JSON), e.g. {"authorization": "Bearer …"}</label><textarea id="headers" spellcheck="false">{}</textarea></section>
  <section><label for="result">Result</label><pre id="result" aria-live="polite"></pre></section>
  <section><label for="docs">Documentation</label><div id="docs">Loading the schema…</div></section>
</main>
<script>
const ENDPOINT = ${JSON.stringify(endpoint)};
const EXAMPLES = ${examples};
const $ = id => document.getElementById(id);
EXAMPLES.forEach((e, i) => { const o = document.createElement('option'); o.value = i; o.textContent = e.name; $('examples').append(o); });
const load = i => { $('query').value = EXAMPLES[i].query; $('variables').value = EXAMPLES[i].variables; };
$('examples').onchange = e => load(e.target.value); load(0);
async function post(query, variables) {
  let headers = {};
  try { headers = JSON.parse($('headers').value || '{}'); } catch { throw new Error('Headers are not valid JSON'); }
  const res = await fetch(ENDPOINT, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.json() };
}
async function run() {
  $('status').textContent = 'running…'; const t = performance.now();
  try {
    let variables = {};
    try { variables = JSON.parse($('variables').value || '{}'); } catch { throw new Error('Variables are not valid JSON'); }
    const { status, body } = await post($('query').value, variables);
    $('result').textContent = JSON.stringify(body, null, 2);
    $('status').textContent = 'HTTP ' + status + ' in ' + Math.round(performance.now() - t) + ' ms';
  } catch (e) { $('result').textContent = String(e.message || e); $('status').textContent = 'failed'; }
}
$('run').onclick = run;
document.addEventListener('keydown', e => { if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') run(); });
const esc = s => String(s ?? '').replace(/[&<>]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
const typeName = t => t.kind === 'NON_NULL' ? typeName(t.ofType) + '!' : t.kind === 'LIST' ? '[' + typeName(t.ofType) + ']' : t.name;
(async () => {
  try {
    const { body } = await post('{ __schema { queryType { name } mutationType { name } types { name kind description fields { name description args { name } type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }', {});
    const types = body.data.__schema.types.filter(t => !t.name.startsWith('__') && t.kind === 'OBJECT' && t.fields && !t.name.startsWith('_'));
    const roots = [body.data.__schema.queryType.name, body.data.__schema.mutationType && body.data.__schema.mutationType.name].filter(Boolean);
    types.sort((a, b) => (roots.indexOf(b.name) - roots.indexOf(a.name)) || a.name.localeCompare(b.name));
    $('docs').innerHTML = types.map(t => '<h3>' + esc(t.name) + '</h3><p>' + esc(t.description) + '</p>' +
      t.fields.filter(f => !f.name.startsWith('_')).map(f => '<p><code>' + esc(f.name) + (f.args.length ? '(…)' : '') + ': ' + esc(typeName(f.type)) + '</code> — ' + esc(f.description) + '</p>').join('')).join('');
  } catch (e) { $('docs').textContent = 'Documentation unavailable: ' + (e.message || e); }
})();
</script>
</body></html>`;
}

