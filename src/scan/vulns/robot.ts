/**
 * ROBOT, the Return Of Bleichenbacher's Oracle Threat (Böck, Somorovsky, Young, USENIX Security
 * 2018; robotattack.org). Only static-RSA suites are concerned (the premaster secret travels
 * RSA-encrypted). Five connections, one per premaster secret: one correctly formatted (PKCS #1
 * v1.5 type 2, RFC 8017 section 7.2.1) and four malformed in the ways the paper lists (wrong
 * first two bytes, the 0x00 separator misplaced, no separator, a wrong version in the
 * premaster). Each is sent as ClientKeyExchange, ChangeCipherSpec and a Finished we cannot have
 * encrypted correctly; a server without an oracle answers all five the same (RFC 5246 section
 * 7.4.7.1: continue with a random premaster, fail at the Finished). Answers that differ (another
 * alert, a close instead of an alert, silence) are an oracle; the five are then sent again, and
 * only the same difference twice counts as vulnerable.
 */
import { X509Certificate, randomFillSync, randomInt } from 'node:crypto';
import { encodeRsaClientKeyExchange, rsaEncryptRaw, bytesToBigInt, type RsaPublicKey } from '../../wire/client-key-exchange.js';
import { CONTENT_TYPE, encodeChangeCipherSpec, encodeRecord } from '../../wire/record.js';
import { cipherSuiteByCode } from '../../wire/registry/cipher-suites.js';
import { versionCode } from '../../wire/registry/versions.js';
import { toMailtlsError } from '../../errors.js';
import { tlsHello } from '../handshake.js';
import type { VulnResult } from '../types.js';
import { counted, vuln, type LegacyProtocol, type VulnEnv } from './env.js';
import { describeReply, nextReply } from './reply.js';

const ID = 'robot';
const NAME = 'ROBOT (Bleichenbacher oracle)';
/** ROBOT has one CVE per vendor (CVE-2017-6168 F5, CVE-2017-17382 Citrix, CVE-2017-13099 wolfSSL, ...); none stands for all. */
const CVE = null;

/**
 * How long one premaster secret's answer is waited for: silence is an answer of its own (some
 * oracles time out on one kind of padding error), and ten queries must stay bounded.
 */
export const ROBOT_REPLY_WAIT_MS = 5000;

export const ROBOT_VARIANTS = ['correct', 'wrong first bytes', 'misplaced 0x00', 'no 0x00', 'wrong version'] as const;
export type RobotVariant = (typeof ROBOT_VARIANTS)[number];

function nonZeroRandom(n: number): Uint8Array {
  const out = new Uint8Array(n);
  randomFillSync(out);
  for (let i = 0; i < n; i++) if (out[i] === 0) out[i] = randomInt(1, 256);
  return out;
}

/**
 * The plaintext block of one variant, one modulus long: 00 02 | nonzero padding | 00 | version |
 * 46 random bytes for the correct one; the others break exactly one rule of it.
 */
export function robotPlaintext(variant: RobotVariant, size: number, version: number): Uint8Array {
  if (size < 64) throw new Error('RSA modulus too small for a premaster secret');
  const block = new Uint8Array(size);
  const pad = nonZeroRandom(size - 3 - 48);
  // Non-zero, like the padding: a zero byte in the secret would be a separator of its own, and
  // the "no 0x00" and "misplaced 0x00" variants would break another rule than they say.
  const secret = nonZeroRandom(46);
  block[0] = 0x00;
  block[1] = 0x02;
  block.set(pad, 2);
  let at = 2 + pad.length;
  const v = [version >> 8, version & 0xff];
  switch (variant) {
    case 'correct':
      block[at] = 0x00; block.set(v, at + 1); block.set(secret, at + 3);
      break;
    case 'wrong first bytes':
      block[0] = 0x41; block[1] = 0x17;
      block[at] = 0x00; block.set(v, at + 1); block.set(secret, at + 3);
      break;
    case 'misplaced 0x00':
      // the separator two bytes from the end: a "premaster" of 1 byte
      block[at++] = 0x11; block.set(secret, at); at += 46; block[at] = 0x00; block[at + 1] = 0x11;
      break;
    case 'no 0x00':
      block[at] = 0x11; block[at + 1] = 0x11; block[at + 2] = 0x11; block.set(secret, at + 3);
      break;
    case 'wrong version':
      block[at] = 0x00; block[at + 1] = 0x02; block[at + 2] = 0x02; block.set(secret, at + 3);
      break;
  }
  return block;
}

/** ClientKeyExchange + ChangeCipherSpec + a Finished record of 40 bytes that no key encrypted. */
export function robotFlight(key: RsaPublicKey, variant: RobotVariant, version: number): Uint8Array {
  const cke = encodeRecord({ type: CONTENT_TYPE.handshake, version, fragment: encodeRsaClientKeyExchange(rsaEncryptRaw(key, robotPlaintext(variant, key.size, version)), version) });
  const ccs = encodeChangeCipherSpec(version);
  const finished = encodeRecord({ type: CONTENT_TYPE.handshake, version, fragment: new Uint8Array(40).fill(0xaa) });
  const out = new Uint8Array(cke.length + ccs.length + finished.length);
  out.set(cke);
  out.set(ccs, cke.length);
  out.set(finished, cke.length + ccs.length);
  return out;
}

export function rsaKeyOf(der: Uint8Array): RsaPublicKey | null {
  try {
    const jwk = new X509Certificate(der).publicKey.export({ format: 'jwk' });
    if (jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') return null;
    const nBytes = Buffer.from(jwk.n, 'base64url');
    return { n: bytesToBigInt(nBytes), e: bytesToBigInt(Buffer.from(jwk.e, 'base64url')), size: nBytes.length };
  } catch {
    return null;
  }
}

/** The verdict on two rounds of answers (the second only when the first differed). */
export function judgeRobot(first: readonly string[], second: readonly string[] | null): { status: VulnResult['status']; why: string } {
  const distinct = new Set(first);
  const show = (answers: readonly string[]) => ROBOT_VARIANTS.map((v, i) => `${v}: ${answers[i] ?? '?'}`).join('; ');
  if (distinct.size === 1) return { status: 'not vulnerable', why: `all five premaster secrets got the same answer (${first[0] ?? ''})` };
  if (second === null) return { status: 'unknown', why: `the answers differed once and were not repeated (${show(first)})` };
  if (first.every((a, i) => a === second[i])) return { status: 'vulnerable', why: `the server tells malformed premaster secrets apart, twice the same way (${show(first)})` };
  return { status: 'unknown', why: `the answers differed, but not the same way twice (${show(first)} / ${show(second)})` };
}

export async function probeRobot(base: VulnEnv, rsa: { protocol: LegacyProtocol; suites: readonly number[] } | null): Promise<VulnResult> {
  const { env, count } = counted(base);
  if (!rsa) return vuln(ID, NAME, CVE, 'not applicable', 'no static-RSA key exchange suite is accepted', 0);
  const version = versionCode(rsa.protocol);
  let key: RsaPublicKey | null = null;
  const one = async (variant: RobotVariant): Promise<string> => env.probe(`ROBOT (${variant})`, async (t) => {
    const o = await tlsHello(t, { protocol: rsa.protocol, suites: rsa.suites, ...(env.serverName ? { serverName: env.serverName } : {}) }, env.timeoutMs);
    if (o.kind === 'refused') throw new Error(`the ${rsa.protocol} RSA hello was refused (${o.reason})`);
    if (cipherSuiteByCode(o.hello.cipherSuite)?.kx !== 'RSA') throw new Error('the server chose a suite without RSA key transport');
    const leaf = o.chain?.[0];
    key ??= leaf ? rsaKeyOf(leaf) : null;
    if (!key) throw new Error('no RSA certificate key to encrypt to');
    await t.write(robotFlight(key, variant, version));
    return describeReply(await nextReply(t, Math.min(env.timeoutMs, ROBOT_REPLY_WAIT_MS)));
  });
  try {
    const round = async () => {
      const out: string[] = [];
      // One after another: answers compared across connections should not race each other.
      for (const v of ROBOT_VARIANTS) out.push(await one(v));
      return out;
    };
    const first = await round();
    const second = new Set(first).size > 1 ? await round() : null;
    const v = judgeRobot(first, second);
    return vuln(ID, NAME, CVE, v.status, `${rsa.protocol} ${cipherSuiteByCode(rsa.suites[0] ?? 0)?.openssl ?? ''}: ${v.why}`.replace(' : ', ': '), count());
  } catch (err) {
    const e = toMailtlsError(err, 'ETLS_PROTOCOL');
    return vuln(ID, NAME, CVE, 'unknown', `${e.code}: ${e.message}`, count());
  }
}
