/**
 * The app with its Google Calendar connected to a fake Google (the real googleapis client, quick retries),
 * for one describe block: the fake is started first, the calendar connected as an admin would, the fake's
 * requests and events forgotten before each test, and the fake closed after the block.
 */
import { after, before, beforeEach } from 'node:test';
import type { Env } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/infra/logger.js';
import { GoogleCalendarGateway } from '../../src/meetings/google-calendar.client.js';
import { calendarEnv, connectCalendar, startFakeGoogle, type FakeGoogle } from './fake-google.js';
import { useServer } from './fixture.js';
import { ADMIN_KEY, makeDataDir, ROOT, testEnv, type Harness } from './harness.js';

export function useConnectedCalendar(
  env: Env,
  now: () => Date,
  maxAttempts = 3,
): { h: Harness; google: () => FakeGoogle } {
  let google: FakeGoogle | undefined;
  const fake = () => {
    if (!google) throw new Error('the fake Google is not started yet');
    return google;
  };
  const fullEnv = () => ({ ...calendarEnv(fake()), ...env });
  const dataDir = makeDataDir();
  before(async () => {
    google = await startFakeGoogle();
  });
  const { h } = useServer({
    env: fullEnv,
    deps: () => ({
      calendar: new GoogleCalendarGateway({
        config: loadConfig(testEnv(fullEnv(), dataDir), { cwd: ROOT }),
        logger: createLogger('silent'),
        dataDir,
        maxAttempts,
        backoffMs: 5,
      }),
      now,
    }),
    dataDir,
  });
  before(() => connectCalendar(h.url, ADMIN_KEY));
  after(() => google?.close());
  beforeEach(() => google?.reset({ events: true }));
  return { h, google: fake };
}
