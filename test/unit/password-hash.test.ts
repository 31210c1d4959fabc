/** Staff password hashing (scrypt): format, verification, parameters read from each hash, hostile input. */
import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { hashPassword, verifyNothing, verifyPassword } from '../../src/admin/password-hash.js';

describe('password hashing', () => {
  it('hashes with scrypt N=2^16, r=8, p=1, a 16-byte salt, in a string naming its parameters', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const m = /^\$scrypt\$ln=16,r=8,p=1\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/.exec(stored);
    assert.ok(m, stored);
    assert.equal(Buffer.from(m[1] ?? '', 'base64url').length, 16);
    assert.equal(Buffer.from(m[2] ?? '', 'base64url').length, 32);
    // It is scrypt with those parameters (computed independently here).
    const key = scryptSync('correct horse battery staple', Buffer.from(m[1] ?? '', 'base64url'), 32, {
      N: 2 ** 16,
      r: 8,
      p: 1,
      maxmem: 128 * 2 ** 16 * 8 * 2,
    });
    assert.equal(key.toString('base64url'), m[2]);
    assert.notEqual(await hashPassword('correct horse battery staple'), stored, 'a new salt each time');
  });

  it('verifies the right password only', async () => {
    const stored = await hashPassword('correct horse battery staple');
    assert.equal(await verifyPassword('correct horse battery staple', stored), true);
    for (const wrong of ['correct horse battery stapl', 'Correct horse battery staple', '', stored]) {
      assert.equal(await verifyPassword(wrong, stored), false, wrong);
    }
  });

  it('verifies a hash made with other (older, cheaper) parameters by its own parameters', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('an older password', salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const older = `$scrypt$ln=14,r=8,p=1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    assert.equal(await verifyPassword('an older password', older), true);
    assert.equal(await verifyPassword('another password', older), false);
  });

  it('answers false, without throwing or working for minutes, for malformed or hostile hashes', async () => {
    const salt = randomBytes(16).toString('base64url');
    const key = randomBytes(32).toString('base64url');
    for (const bad of [
      '',
      'plain text',
      `$scrypt$ln=16,r=8,p=1$${salt}`,
      `$argon2id$v=19$m=65536,t=3,p=4$${salt}$${key}`,
      `$scrypt$ln=40,r=8,p=1$${salt}$${key}`,
      `$scrypt$ln=16,r=99,p=1$${salt}$${key}`,
      `$scrypt$ln=0,r=8,p=1$${salt}$${key}`,
    ]) {
      assert.equal(await verifyPassword('whatever password', bad), false, bad);
    }
  });

  it('verifyNothing costs a verification and is always false', async () => {
    assert.equal(await verifyNothing('any password at all'), false);
  });
});
