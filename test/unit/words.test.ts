// The words of the layers without lit (acme, crypto, dns): English in Node, and the page's catalogue once the page
// hands in its lookup. The lookup here is lit's own runtime (what src/ui/locale.ts hands in) over the built zh-CN
// catalogue, so these are the sentences a Chinese visitor reads.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { runtimeMsg } from '@lit/localize/internal/runtime-msg.js';
import { templates } from '../../src/locales/zh-CN.ts';
import { listNames, seconds } from '../../src/dns/check-common.ts';
import { queryDoh } from '../../src/dns/doh.ts';
import { decodeResponse } from '../../src/dns/wire.ts';
import { msg, str, useCatalogue } from '../../src/words/words.ts';

const chinese = () => useCatalogue((template) => String(runtimeMsg(templates, template as Parameters<typeof runtimeMsg>[1], undefined)));
const thrown = async (fn: () => unknown): Promise<string> => {
  try { await fn(); } catch (err) { return (err as Error).message; }
  throw new Error('did not throw');
};

describe('words from the layers without lit', () => {
  afterEach(() => useCatalogue(undefined));

  test('without a catalogue: English, with the values in place', () => {
    const name = 'example.com';
    assert.equal(msg(str`No TXT record at ${name} yet.`), 'No TXT record at example.com yet.');
    assert.equal(seconds(90), '90 seconds');
    assert.equal(listNames([{ name: 'A', url: '' }, { name: 'B', url: '' }, { name: 'C', url: '' }]), 'A, B and C');
  });

  test('with the zh-CN catalogue: the DNS layer\'s sentences come out in Chinese', async () => {
    chinese();
    const name = 'example.com';
    assert.equal(msg(str`No TXT record at ${name} yet.`), 'example.com 还没有 TXT 记录。');
    assert.equal(seconds(90), '90 秒');
    assert.equal(listNames([{ name: 'A', url: '' }, { name: 'B', url: '' }, { name: 'C', url: '' }]), 'A、B 和 C');
    assert.equal(await thrown(() => decodeResponse(new Uint8Array(5))), 'DNS 应答在消息头中间就结束了。');
    assert.equal(await thrown(() => queryDoh('ftp://resolver.example/dns-query', 'example.com', 'TXT')), '解析器 URL 必须以 https:// 开头（收到的是“ftp://resolver.example/dns-query”）。');
  });

  test('a message the catalogue lacks stays English rather than empty', () => {
    chinese();
    const n = 3;
    assert.equal(msg(str`Nothing like this is in the catalogue ${n}.`), 'Nothing like this is in the catalogue 3.'); // i18n-exempt: a test string
  });
});
