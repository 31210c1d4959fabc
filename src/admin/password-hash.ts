/**
 * Staff passwords, hashed with scrypt (memory-hard, built into Node: no native add-on to install). A hash is
 * kept as a PHC-style string naming its parameters, `$scrypt$ln=16,r=8,p=1$<salt>$<hash>` (base64url), so
 * the cost can be raised later without breaking the hashes already stored: each is verified with its own.
 *
 * Parameters: N = 2^16 (64 MiB per hash), r = 8, p = 1, a 16-byte random salt, a 32-byte key: above the
 * N = 2^15 floor we set ourselves, at the memory of OWASP's N = 2^16, p = 2 line with half its time. About
 * 0.1-0.25 s per hash on the 2-core test machine. scrypt runs on libuv's thread pool (4 threads by default), so
 * concurrent sign-ins hold at most ~256 MiB; the sign-in limit bounds how many a stranger can ask for.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase or password manager; bounds the work one request can ask for. */
export const MAX_PASSWORD_LENGTH = 1024;

interface ScryptParams {
  /** log2 of N, the CPU/memory cost. */
  ln: number;
  r: number;
  p: number;
}

const CURRENT: ScryptParams = { ln: 16, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Refuse stored parameters past these (a corrupt or hostile row must not make one sign-in take minutes). */
const MAX_LN = 20;
const MAX_R = 32;
const MAX_P = 16;

const HASH_RE = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{16,})$/;

function derive(password: string, salt: Buffer, params: ScryptParams, bytes: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  // Node refuses (ERR_CRYPTO_INVALID_SCRYPT_PARAMS) when 128 * N * r exceeds maxmem: leave room above it.
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 128 * N * params.r + 16 * 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, bytes, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, CURRENT, KEY_BYTES);
  const { ln, r, p } = CURRENT;
  return `$scrypt$ln=${ln},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Whether `password` is the one `stored` was made from; false (never a throw) for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = HASH_RE.exec(stored);
  if (!m) return false;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 1 || params.ln > MAX_LN || params.r < 1 || params.r > MAX_R || params.p < 1 || params.p > MAX_P)
    return false;
  const salt = Buffer.from(m[4] ?? '', 'base64url');
  const expected = Buffer.from(m[5] ?? '', 'base64url');
  const key = await derive(password, salt, params, expected.length);
  return timingSafeEqual(key, expected);
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification and answers false: for a sign-in with an unknown email, so that it
 * takes as long as a wrong password for a known one (nobody learns which emails have accounts).
 */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(password, await dummy);
  return false;
}
