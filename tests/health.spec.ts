import { test, expect } from '../fixtures/test.ts';

test.describe('health (contract §2)', () => {
  test('GET /health answers 200 with the service status', async ({ api }) => {
    const r = await api.health();
    expect(r.status()).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok', service: 'botserver' });
  });

  test('GET /api/health answers 200 healthy with the database up', async ({ api }) => {
    const r = await api.apiHealth();
    expect(r.status()).toBe(200);
    const body = await r.json();
    expect(body).toMatchObject({ status: 'healthy', service: 'botserver', database: true });
    expect(typeof body.version).toBe('string');
  });
});
