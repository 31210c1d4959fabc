import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { postJson } from '../helpers/harness.js';
import { useServer } from '../helpers/fixture.js';

describe('bad input gets a clear 4xx in the envelope and changes nothing', () => {
  const { h } = useServer({ env: { MAX_INPUT_LENGTH: '100' } });

  async function raw(pathname: string, body: string | Buffer, headers: Record<string, string>) {
    const res = await fetch(`${h.url}${pathname}`, { method: 'POST', headers, body });
    const json = (await res.json()) as {
      status: string;
      data: { errors?: Array<{ field: string }> } | null;
      message: string;
    };
    return { status: res.status, json };
  }

  async function assertNothingStored() {
    assert.deepEqual(await h.redis.keys('chat:*'), []);
    const logs = await readdir(path.join(h.dataDir, 'conversations')).catch(() => []);
    assert.deepEqual(logs, []);
  }

  it('malformed JSON is 400', async () => {
    const r = await raw('/gemini/train', '{"content": "hi",', { 'content-type': 'application/json' });
    assert.equal(r.status, 400);
    assert.equal(r.json.status, 'error');
    assert.match(r.json.message, /not valid JSON/);
  });

  it('a body over 1 MB is 413', async () => {
    const big = JSON.stringify({ content: 'x'.repeat(1_100_000) });
    const r = await raw('/gemini/train', big, { 'content-type': 'application/json' });
    assert.equal(r.status, 413);
    assert.equal(r.json.status, 'error');
  });

  it('a non-JSON body is 415', async () => {
    const r = await raw('/gemini/train', 'content=hello', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(r.status, 415);
    const t = await raw('/gemini/train', 'hello', { 'content-type': 'text/plain' });
    assert.equal(t.status, 415);
  });

  it('a JSON body that is not an object is 400', async () => {
    const r = await raw('/gemini/train', '["hi"]', { 'content-type': 'application/json' });
    assert.equal(r.status, 400);
  });

  for (const [label, body, field] of [
    ['missing content', { client_id: 'valid-client-1' }, 'content'],
    ['empty content', { client_id: 'valid-client-1', content: '   ' }, 'content'],
    ['content not a string', { client_id: 'valid-client-1', content: 42 }, 'content'],
    ['too long content', { client_id: 'valid-client-1', content: 'x'.repeat(101) }, 'content'],
    ['short client_id', { client_id: 'abc', content: 'hi' }, 'client_id'],
    ['client_id with bad characters', { client_id: '../../etc/passwd', content: 'hi' }, 'client_id'],
    ['client_id too long', { client_id: 'a'.repeat(65), content: 'hi' }, 'client_id'],
  ] as const) {
    it(`${label} is 400 naming the field`, async () => {
      const r = await postJson<{ errors: Array<{ field: string; message: string }> }>(`${h.url}/gemini/train`, body);
      assert.equal(r.status, 400);
      assert.equal(r.body.status, 'error');
      assert.ok(
        r.body.data.errors.some((e) => e.field === field),
        JSON.stringify(r.body.data),
      );
    });
  }

  it('reset without a valid client_id is 400', async () => {
    const r = await postJson(`${h.url}/gemini/reset`, {});
    assert.equal(r.status, 400);
  });

  it('an unknown route is 404 in the envelope', async () => {
    const res = await fetch(`${h.url}/no/such/route`);
    assert.equal(res.status, 404);
    const json = (await res.json()) as { status: string };
    assert.equal(json.status, 'error');
  });

  it('admin routes are 401 without the key, and with a wrong one', async () => {
    for (const [method, p] of [
      ['GET', '/system-instruction'],
      ['POST', '/system-instruction'],
      ['GET', '/logs'],
      ['GET', '/logs/conversation_abcdefgh.txt'],
      ['POST', '/logs/clear'],
    ] as const) {
      const variants: Array<Record<string, string>> = [
        {},
        { 'x-api-key': 'wrong-key-wrong-key' },
        { authorization: 'Bearer nope-nope-nope' },
      ];
      for (const headers of variants) {
        const res = await fetch(`${h.url}${p}`, {
          method,
          headers: { 'content-type': 'application/json', ...headers },
          ...(method === 'POST' ? { body: JSON.stringify({ system_instruction: 'hacked' }) } : {}),
        });
        assert.equal(res.status, 401, `${method} ${p}`);
        assert.equal(((await res.json()) as { status: string }).status, 'error');
        assert.equal(res.headers.get('access-control-allow-origin'), null, 'no CORS on admin routes');
      }
    }
  });

  it('none of the above stored anything', async () => {
    await assertNothingStored();
  });
});
