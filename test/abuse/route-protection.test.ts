/**
 * Protection by construction: every registered route outside the contract's public list answers 401 to a
 * caller without credentials, so a route added later cannot be public by accident (it is protected by the
 * router it is added to, and this walk proves it for each one).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { useServer } from '../helpers/fixture.js';
import { samplePath, walkRoutes, type WalkedRoute } from '../helpers/route-walk.js';

/** The contract's public routes, and the admin page's ways in (they work without a session by design). */
const PUBLIC = new Set([
  'GET /health',
  'GET /health/live',
  'GET /health/ready',
  'POST /gemini/train',
  'POST /gemini/reset',
  'POST /gemini/save-info',
  'POST /saba/book-meeting',
  // The visitor's meeting page (the contract's PUBLIC_URL/meetings/<token>): the token is the credential.
  'GET /meetings/:token',
  'POST /meetings/:token/cancel',
  'GET /meetings/:token/reschedule',
  'POST /meetings/:token/reschedule',
  'GET /widget.js',
  'GET /',
  // The icon browsers ask for by themselves (no data in it).
  'GET /favicon.ico',
  // The API document and its viewer: the contract lists every route anyway.
  'GET /openapi.json',
  'GET /docs',
  'GET /docs/assets/:file',
  'GET /oauth2callback',
  'POST /admin/login',
  'POST /admin/logout',
]);

/** Admin routes of the contract the walk must find, so a walker that finds nothing cannot pass. */
const EXPECTED_ADMIN = [
  'GET /leads',
  'POST /leads',
  'GET /leads/:id',
  'PATCH /leads/:id',
  'DELETE /leads/:id',
  'GET /leads/followups',
  'POST /leads/reports/generate',
  'GET /leads/reports',
  'GET /leads/reports/download/:filename',
  'GET /leads/export.xlsx',
  'GET /system-instruction',
  'POST /system-instruction',
  'GET /logs',
  'GET /logs/:filename',
  'POST /logs/clear',
  'GET /authorize',
  'POST /admin/calendar/disconnect',
  'GET /admin/leads/:id',
  'POST /admin/reports/generate',
  'GET /metrics',
  'GET /leads/meetings',
  'POST /leads/:id/meeting/confirm',
  'POST /leads/:id/meeting/reschedule',
  'POST /leads/:id/meeting/cancel',
  'GET /admin/meetings',
  'POST /admin/meetings/:id/confirm',
  'GET /admin/dashboard',
  'GET /webhooks/endpoints',
  'POST /webhooks/endpoints',
  'DELETE /webhooks/endpoints/:id',
  'GET /webhooks/deliveries',
  'GET /webhooks/deliveries/:id',
  'POST /webhooks/deliveries/:id/replay',
  'GET /accounts',
  'POST /accounts',
  'GET /accounts/:id',
  'PATCH /accounts/:id',
  'DELETE /accounts/:id',
  'GET /accounts/me',
  'POST /accounts/me/password',
  'GET /admin/accounts',
  'POST /admin/accounts/:id/delete',
  'GET /admin/account',
  'POST /admin/account/password',
];

describe('every route outside the public list needs credentials', () => {
  let routes: WalkedRoute[];

  const { h } = useServer({ env: { CORS_ORIGINS: '*' } });
  before(() => {
    routes = walkRoutes(h.app);
  });

  it('finds every public route and every admin route of the contract', () => {
    const found = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const route of [...PUBLIC, ...EXPECTED_ADMIN]) assert.ok(found.has(route), `${route} is registered`);
  });

  it('answers 401 without credentials on each of the others', async () => {
    const protectedRoutes = routes.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`));
    assert.ok(protectedRoutes.length >= EXPECTED_ADMIN.length);
    for (const route of protectedRoutes) {
      const method = route.method === 'ALL' ? 'POST' : route.method;
      const res = await fetch(`${h.url}${samplePath(route.path)}`, {
        method,
        redirect: 'manual',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        ...(method === 'GET' ? {} : { body: '{}' }),
      });
      await res.arrayBuffer();
      assert.equal(res.status, 401, `${route.method} ${route.path} answered ${res.status}`);
    }
  });
});
