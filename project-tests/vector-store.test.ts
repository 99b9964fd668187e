/**
 * The stack's vector store (stack/qdrant-edge-server.py: Qdrant's own engine, qdrant-edge-py, behind our HTTP server)
 * answers BotServer's REST calls in Qdrant's shapes (docs/contract.md §11.10): a missing collection 404, a collection
 * name Qdrant refuses 422 with Qdrant's validation message, any other name (spaces, accents) taken percent-decoded,
 * a vector of the wrong size refused, `wait=true` upserts searchable at once with their payloads, delete by filter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import getPort from 'get-port';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';
import { QDRANT_EDGE_PYTHON } from '../stack/services/qdrant.ts';
import { httpOk } from '../stack/checks.ts';
import { waitUntilReady } from '../stack/readiness.ts';

test(
  "the vector store answers in Qdrant's shapes: 404, 422 with Qdrant's message, any other name percent-decoded, a wrong size refused, wait=true searchable, delete by filter",
  {
    skip: !existsSync(QDRANT_EDGE_PYTHON) && 'qdrant-edge-py is not installed: run bash scripts/setup.sh',
    timeout: 60_000,
  },
  async () => {
    const port = await getPort({ host: '127.0.0.1' });
    const server = spawn(
      QDRANT_EDGE_PYTHON,
      [join(ROOT, 'stack', 'qdrant-edge-server.py'), '--port', String(port), '--dir', join(tempDir('vstore-'), 'data')],
      { stdio: 'ignore' },
    );
    const base = `http://127.0.0.1:${port}`;
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      return { status: r.status, json: (await r.json().catch(() => ({}))) as Record<string, unknown> };
    };
    try {
      await waitUntilReady(() => httpOk(`${base}/healthz`), {
        service: 'qdrant',
        what: 'GET /healthz',
        deadlineMs: 20_000,
      });
      assert.equal((await call('GET', '/collections/none_here')).status, 404, 'a missing collection');
      const refused = await call('PUT', `/collections/${encodeURIComponent('a:b')}`, {
        vectors: { size: 3, distance: 'Cosine' },
      });
      assert.equal(refused.status, 422, JSON.stringify(refused.json));
      assert.match(
        JSON.stringify(refused.json),
        /Validation error in path parameters: \[name: collection name cannot contain \\"?:\\"? char\]/,
      );
      const name = 'kb_1234abcd_my docs ção';
      const path = `/collections/${encodeURIComponent(name)}`;
      assert.equal((await call('PUT', path, { vectors: { size: 3, distance: 'Cosine' } })).status, 200);
      assert.equal((await call('PUT', path, { vectors: { size: 3, distance: 'Cosine' } })).status, 409, 'made twice');
      const wrong = await call('PUT', `${path}/points?wait=true`, { points: [{ id: 1, vector: [1, 0], payload: {} }] });
      assert.ok(
        wrong.status >= 400 && wrong.status < 500,
        `a vector of 2 in a collection of 3: ${JSON.stringify(wrong)}`,
      );
      const put = await call('PUT', `${path}/points?wait=true`, {
        points: [
          {
            id: 1,
            vector: [1, 0, 0],
            payload: { content: 'quince trees', document_path: 'b.gbai/b.gbkb/faq/q.txt' },
          },
          { id: 2, vector: [0, 1, 0], payload: { content: 'parking', document_path: 'b.gbai/b.gbkb/faq/p.txt' } },
        ],
      });
      assert.equal(put.status, 200, JSON.stringify(put.json));
      const hits = await call('POST', `${path}/points/search`, { vector: [1, 0.1, 0], limit: 1, with_payload: true });
      assert.equal(hits.status, 200);
      assert.deepEqual(
        (hits.json.result as { payload: { content: string } }[]).map((h) => h.payload.content),
        ['quince trees'],
        'the nearest point with its payload, right after a wait=true upsert',
      );
      const gone = await call('POST', `${path}/points/delete?wait=true`, {
        filter: { must: [{ key: 'document_path', match: { value: 'b.gbai/b.gbkb/faq/q.txt' } }] },
      });
      assert.equal(gone.status, 200, JSON.stringify(gone.json));
      const left = await call('POST', `${path}/points/scroll`, { limit: 10, with_payload: true });
      assert.deepEqual(
        (left.json.result as { points: { payload: { content: string } }[] }).points.map((p) => p.payload.content),
        ['parking'],
      );
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  },
);
