import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, parseBusinessHours } from '../../src/config.js';

describe('config', () => {
  it('applies the contract defaults', () => {
    const c = loadConfig({}, { cwd: '/srv/app' });
    assert.equal(c.port, 3000);
    assert.equal(c.host, '0.0.0.0');
    assert.equal(c.dataDir, '/srv/app/client_data');
    assert.equal(c.redisUrl, undefined);
    assert.equal(c.gemini.apiKey, undefined);
    assert.equal(c.systemInstructionFile, '/srv/app/system_instruction.txt');
    assert.equal(c.google.calendarId, 'primary');
    assert.equal(c.businessTimezone, 'UTC');
    assert.equal(c.defaultCountry, undefined);
    assert.deepEqual(c.businessHours[1], [{ start: 540, end: 1020 }]);
    assert.deepEqual(c.businessHours[6], []);
    assert.equal(c.meetingDurationMinutes, 30);
    assert.equal(c.rateLimitHourly, 500);
    assert.equal(c.rateLimitDaily, 2000);
    assert.equal(c.trustProxy, false);
    assert.equal(c.corsOrigins, '*');
    assert.equal(c.maxHistoryMessages, 20);
    assert.equal(c.sessionTtlSeconds, 86400);
    assert.equal(c.maxInputLength, 5000);
    assert.deepEqual(c.dailyReportTime, { hour: 23, minute: 55, text: '23:55' });
  });

  it('treats an empty GEMINI_API_KEY as unset', () => {
    assert.equal(loadConfig({ GEMINI_API_KEY: '  ' }).gemini.apiKey, undefined);
  });

  it('chooses the LLM provider by the contract rule, an explicit LLM_PROVIDER winning', () => {
    assert.equal(loadConfig({}).llmProvider, 'offline');
    assert.equal(loadConfig({ GEMINI_API_KEY: 'g' }).llmProvider, 'gemini');
    assert.equal(loadConfig({ GEMINI_API_KEY: 'g', OPENAI_API_KEY: 'sk' }).llmProvider, 'gemini');
    assert.equal(loadConfig({ OPENAI_API_KEY: 'sk' }).llmProvider, 'openai');
    assert.equal(loadConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1' }).llmProvider, 'openai');
    assert.equal(
      loadConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1', OPENAI_API_KEY: '' }).openai.apiKey,
      undefined,
    );
    assert.equal(
      loadConfig({ GEMINI_API_KEY: 'g', OPENAI_API_KEY: 'sk', LLM_PROVIDER: 'openai' }).llmProvider,
      'openai',
    );
    assert.equal(loadConfig({ GEMINI_API_KEY: 'g', LLM_PROVIDER: 'offline' }).llmProvider, 'offline');
    const c = loadConfig({ OPENAI_API_KEY: 'sk', LLM_TURN_TIMEOUT_MS: '9000' });
    assert.deepEqual(
      { ...c.openai },
      { baseUrl: undefined, apiKey: 'sk', model: 'gpt-4o-mini', timeoutMs: 20000, maxAttempts: 3, turnTimeoutMs: 9000 },
    );
    assert.equal(
      loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1/' }).openai.baseUrl,
      'http://127.0.0.1:8000/v1',
    );
  });

  it('refuses LLM settings that cannot work, saying what is missing', () => {
    assert.throws(() => loadConfig({ LLM_PROVIDER: 'gemini' }), /LLM_PROVIDER: "gemini" needs GEMINI_API_KEY/);
    assert.throws(
      () => loadConfig({ LLM_PROVIDER: 'openai', GEMINI_API_KEY: 'g' }),
      /LLM_PROVIDER: "openai" needs OPENAI_API_KEY for OpenAI's own endpoint, or OPENAI_BASE_URL/,
    );
    assert.throws(() => loadConfig({ LLM_PROVIDER: 'claude' }), /LLM_PROVIDER: must be one of gemini, openai, offline/);
    assert.throws(
      () => loadConfig({ OPENAI_BASE_URL: 'localhost:11434' }),
      /OPENAI_BASE_URL: must be an http:\/\/ or https:\/\/ URL/,
    );
  });

  it('derives DEFAULT_COUNTRY from a one-country zone only', () => {
    assert.equal(loadConfig({ BUSINESS_TIMEZONE: 'Asia/Karachi' }).defaultCountry, 'PK');
    assert.equal(loadConfig({ BUSINESS_TIMEZONE: 'UTC' }).defaultCountry, undefined);
    assert.equal(loadConfig({ BUSINESS_TIMEZONE: 'Asia/Karachi', DEFAULT_COUNTRY: 'gb' }).defaultCountry, 'GB');
  });

  it('parses lists and trust proxy', () => {
    const c = loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example/', TRUST_PROXY: '1' });
    assert.deepEqual(c.corsOrigins, ['https://a.example', 'https://b.example']);
    assert.equal(c.trustProxy, 1);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'true' }), /TRUST_PROXY: "true" would trust every X-Forwarded-For/);
    assert.equal(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy, 'loopback');
  });

  it('parses business hours with several groups', () => {
    const h = parseBusinessHours('Mon-Fri 09:00-18:00; Sat 10:00-13:00');
    assert.deepEqual(h[5], [{ start: 540, end: 1080 }]);
    assert.deepEqual(h[6], [{ start: 600, end: 780 }]);
    assert.deepEqual(h[7], []);
    assert.deepEqual(parseBusinessHours('Mon,Wed 10:00-12:00')[3], [{ start: 600, end: 720 }]);
  });

  it('fails fast naming every bad variable', () => {
    assert.throws(
      () =>
        loadConfig({
          PORT: 'eighty',
          BUSINESS_TIMEZONE: 'Mars/Olympus',
          RATE_LIMIT_HOURLY: '-1',
          REDIS_URL: 'http://x',
          ADMIN_API_KEY: 'short',
          DEFAULT_COUNTRY: 'Pakistan',
          GEMINI_BASE_URL: 'not a url',
        }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        for (const v of [
          'PORT',
          'BUSINESS_TIMEZONE',
          'RATE_LIMIT_HOURLY',
          'REDIS_URL',
          'ADMIN_API_KEY',
          'DEFAULT_COUNTRY',
          'GEMINI_BASE_URL',
        ]) {
          assert.match(err.message, new RegExp(v));
        }
        return true;
      },
    );
    assert.throws(() => loadConfig({ BUSINESS_HOURS: 'weekdays nine to five' }), /BUSINESS_HOURS/);
    assert.throws(() => loadConfig({ DAILY_REPORT_TIME: '25:00' }), /DAILY_REPORT_TIME/);
  });

  it('reads webhooks, mail and delivery settings, refusing a half-set or malformed one', () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const off = loadConfig({});
    assert.equal(off.webhook, undefined);
    assert.equal(off.mail, undefined);
    assert.deepEqual(off.deliveries, {
      timeoutMs: 10_000,
      retryBaseMs: 10_000,
      retryMaxMs: 3_600_000,
      retryWindowMs: 24 * 3_600_000,
      concurrency: 8,
    });
    const on = loadConfig({
      WEBHOOK_URL: 'https://crm.example.com/hooks',
      WEBHOOK_SECRET: secret,
      SMTP_URL: 'smtp://alerts%40example.com:pw@mail.example.com:587',
      NOTIFY_EMAIL: 'sales@example.com, boss@example.com',
      PUBLIC_URL: 'https://chat.example.com',
    });
    assert.deepEqual(on.webhook, { url: 'https://crm.example.com/hooks', secret });
    assert.deepEqual(on.mail?.to, ['sales@example.com', 'boss@example.com']);
    assert.equal(on.mail?.from, 'alerts@example.com', 'the SMTP login when it is an address');
    const noLogin = { SMTP_URL: 'smtp://mail.example.com', NOTIFY_EMAIL: 'a@example.com' };
    assert.equal(
      loadConfig({ ...noLogin, PUBLIC_URL: 'https://chat.example.com' }).mail?.from,
      'chatbot@chat.example.com',
    );
    assert.equal(
      loadConfig({ ...noLogin, MAIL_FROM: 'Chatbot <bot@example.com>' }).mail?.from,
      'Chatbot <bot@example.com>',
    );

    assert.throws(() => loadConfig({ WEBHOOK_URL: 'https://crm.example.com/hooks' }), /WEBHOOK_SECRET/);
    assert.throws(() => loadConfig({ WEBHOOK_SECRET: secret }), /WEBHOOK_URL/);
    for (const bad of ['whsec_short', Buffer.alloc(32).toString('base64'), 'whsec_!!!!']) {
      assert.throws(() => loadConfig({ WEBHOOK_URL: 'https://x.example.com', WEBHOOK_SECRET: bad }), /WEBHOOK_SECRET/);
    }
    assert.throws(() => loadConfig({ SMTP_URL: 'smtp://mail.example.com' }), /NOTIFY_EMAIL/);
    assert.throws(() => loadConfig({ NOTIFY_EMAIL: 'a@example.com' }), /SMTP_URL/);
    assert.throws(() => loadConfig({ ...noLogin, NOTIFY_EMAIL: 'a@example.com, nobody' }), /NOTIFY_EMAIL/);
    assert.throws(() => loadConfig({ ...noLogin, SMTP_URL: 'http://mail.example.com' }), /SMTP_URL/);
    assert.throws(() => loadConfig({ DELIVERY_RETRY_HOURS: '2' }), /DELIVERY_RETRY_HOURS/);
  });
});
