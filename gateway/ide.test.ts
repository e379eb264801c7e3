import { readFileSync } from 'node:fs';
import { sharedFile } from '../test/helpers/shared-data';
import { FLAGSHIP_QUERY, renderIde } from './ide';

describe('the IDE page', () => {
  it("offers the contract's flagship request verbatim", () => {
    const contract = readFileSync(sharedFile('..', 'CONTRACT.md'), 'utf8');
    const block = /## The flagship request[\s\S]*?```graphql\n([\s\S]*?)```/.exec(contract);
    expect(block?.[1].trim()).toBe(FLAGSHIP_QUERY);
  });

  it('is one page that loads no script, style, font or image from anywhere', () => {
    const html = renderIde('/graphql');
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });
});
