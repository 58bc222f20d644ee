import { constants, createDecipheriv, createHash, createPublicKey, generateKeyPairSync, privateDecrypt, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptFile, encryptFile, keyFingerprint, readEnvelopeHeader, sha256File } from './envelope.js';
import { LmrError } from './outcome.js';
import { rejectionRule } from './testing.js';

const pem = (bits = 2048) => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
};
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');


let dir: string;
let plainPath: string;
let plain: Buffer;
let encPath: string;
let enc: Buffer;
let headerBytes: number;
const me = pem();
const other = pem();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-envelope-'));
  // several MB, not a multiple of any chunk size; recognisable text then random bytes
  const text = Buffer.from('row;ATC=N02BE01;packs=1;aup=98.40;municipality=0301\n'.repeat(60_000));
  plain = Buffer.concat([text, randomBytes(3 * 1024 * 1024 + 123)]);
  plainPath = join(dir, 'extract-P123.csv');
  await writeFile(plainPath, plain);
  encPath = join(dir, 'extract-P123.csv.lmrenc');
  await encryptFile(plainPath, encPath, me.publicPem);
  enc = await readFile(encPath);
  headerBytes = (await readEnvelopeHeader(encPath)).headerBytes;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes a copy of the envelope with one byte flipped; returns its path. */
async function flipped(at: number, name: string): Promise<string> {
  const copy = Buffer.from(enc);
  copy[at] = copy[at]! ^ 0x01;
  const path = join(dir, name);
  await writeFile(path, copy);
  return path;
}

/** Expects decryption to fail with the rule and to leave neither dst nor dst.partial. */
async function expectFailure(src: string, rule: string, key = me.privatePem): Promise<void> {
  const dst = join(dir, `out-${rule}-${randomBytes(4).toString('hex')}`);
  expect(await rejectionRule(decryptFile(src, dst, key))).toBe(rule);
  expect(existsSync(dst)).toBe(false);
  expect(existsSync(`${dst}.partial`)).toBe(false);
}

describe('encryptFile / decryptFile', () => {
  it('round-trips a multi-MB file and reports matching hashes', async () => {
    const src = join(dir, 'rt.csv');
    await writeFile(src, plain);
    const dst = join(dir, 'rt.enc');
    const r = await encryptFile(src, dst, me.publicPem);
    const written = await readFile(dst);
    expect(r).toEqual({ bytes: written.length, sha256: sha256(written), plainBytes: plain.length, plainSha256: sha256(plain) });
    expect(existsSync(`${dst}.partial`)).toBe(false);

    const out = join(dir, 'rt.out');
    const d = await decryptFile(dst, out, me.privatePem);
    expect(d).toEqual({ bytes: plain.length, sha256: sha256(plain), name: 'rt.csv' });
    expect((await readFile(out)).equals(plain)).toBe(true);
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(await sha256File(out)).toEqual({ sha256: sha256(plain), bytes: plain.length });
  });

  it('writes the documented layout, and the ciphertext does not contain the plaintext', () => {
    expect(enc.subarray(0, 8).toString('ascii')).toBe('LMRENC01');
    const h = enc.readUInt32BE(8);
    expect(headerBytes).toBe(12 + h);
    const json = enc.subarray(12, 12 + h).toString('utf8');
    const header = JSON.parse(json) as Record<string, string>;
    expect(Object.keys(header)).toEqual(['format', 'alg', 'keyAlg', 'recipient', 'wrappedKey', 'iv', 'name']);
    expect(header).toMatchObject({ format: 'lmr-enc-1', alg: 'A256GCM', keyAlg: 'RSA-OAEP-256', name: 'extract-P123.csv' });
    expect(header.recipient).toBe(keyFingerprint(me.publicPem));
    expect(Buffer.from(header.iv!, 'base64')).toHaveLength(12);
    expect(enc.length).toBe(12 + h + plain.length + 16);
    const body = enc.subarray(12 + h);
    expect(body.includes('ATC=N02BE01')).toBe(false);
    expect(body.includes(plain.subarray(plain.length - 64))).toBe(false);
  });

  it('can be decrypted independently from the documented layout (RSA-OAEP-256 + AES-256-GCM)', () => {
    const h = enc.readUInt32BE(8);
    const header = JSON.parse(enc.subarray(12, 12 + h).toString('utf8')) as { wrappedKey: string; iv: string };
    const key = privateDecrypt(
      { key: me.privatePem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(header.wrappedKey, 'base64'),
    );
    expect(key).toHaveLength(32);
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'));
    d.setAAD(enc.subarray(0, 12 + h));
    d.setAuthTag(enc.subarray(enc.length - 16));
    const out = Buffer.concat([d.update(enc.subarray(12 + h, enc.length - 16)), d.final()]);
    expect(out.equals(plain)).toBe(true);
  });

  it('uses a fresh key and IV for every file', async () => {
    const again = join(dir, 'again.enc');
    const r = await encryptFile(plainPath, again, me.publicPem);
    const a = await readEnvelopeHeader(encPath);
    const b = await readEnvelopeHeader(again);
    expect(b.header.wrappedKey).not.toBe(a.header.wrappedKey);
    expect(b.header.iv).not.toBe(a.header.iv);
    expect(r.sha256).not.toBe(sha256(enc));
    expect(r.plainSha256).toBe(sha256(plain));
  });

  it('round-trips an empty file', async () => {
    const src = join(dir, 'empty.txt');
    await writeFile(src, '');
    const r = await encryptFile(src, join(dir, 'empty.enc'), me.publicPem);
    expect(r.plainBytes).toBe(0);
    const d = await decryptFile(join(dir, 'empty.enc'), join(dir, 'empty.out'), me.privatePem);
    expect(d).toEqual({ bytes: 0, sha256: sha256(Buffer.alloc(0)), name: 'empty.txt' });
    expect(await readFile(join(dir, 'empty.out'))).toHaveLength(0);
  });

  it('refuses a key of another recipient, naming neither file contents nor keys beyond fingerprints', async () => {
    const dst = join(dir, 'other.out');
    const err = await decryptFile(encPath, dst, other.privatePem).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LmrError);
    const i = (err as LmrError).outcome.issues[0]!;
    expect(i.rule).toBe('envelope.key');
    expect(i.message).toContain('another key');
    expect(i.message).toContain(keyFingerprint(me.publicPem));
    expect(i.message).not.toContain('ATC=');
    expect(existsSync(dst)).toBe(false);
    expect(existsSync(`${dst}.partial`)).toBe(false);
  });

  it('rejects a recipient key that is not RSA of at least 2048 bits', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const ed = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(await rejectionRule(encryptFile(plainPath, join(dir, 'ed.enc'), ed))).toBe('envelope.key');
    expect(await rejectionRule(encryptFile(plainPath, join(dir, 'small.enc'), pem(1024).publicPem))).toBe('envelope.key');
    expect(await rejectionRule(encryptFile(plainPath, join(dir, 'junk.enc'), 'not a key'))).toBe('envelope.key');
    expect(existsSync(join(dir, 'ed.enc'))).toBe(false);
  });

  it('fails on one flipped byte in the header JSON (authenticated data)', async () => {
    // a byte inside the name value: the JSON stays valid, only the GCM check can notice
    const at = enc.indexOf('extract-P123', 12) + 8;
    expect(at).toBeGreaterThan(12);
    await expectFailure(await flipped(at, 'hdr-name.enc'), 'envelope.tag');
    // a byte inside the IV
    const ivAt = enc.indexOf('"iv":"', 12) + 7;
    const path = await flipped(ivAt, 'hdr-iv.enc');
    const dst = join(dir, 'hdr-iv.out');
    const rule = await rejectionRule(decryptFile(path, dst, me.privatePem));
    expect(['envelope.tag', 'envelope.format']).toContain(rule);
    expect(existsSync(dst)).toBe(false);
  });

  it('fails on one flipped byte in the magic or the header length', async () => {
    await expectFailure(await flipped(3, 'magic.enc'), 'envelope.format');
    await expectFailure(await flipped(11, 'length.enc'), 'envelope.format');
  });

  it('fails on one flipped byte in the ciphertext, first, middle or last', async () => {
    for (const at of [headerBytes, headerBytes + 2_000_000, enc.length - 17]) {
      await expectFailure(await flipped(at, `ct-${at}.enc`), 'envelope.tag');
    }
  });

  it('fails on one flipped byte in the tag', async () => {
    await expectFailure(await flipped(enc.length - 1, 'tag-last.enc'), 'envelope.tag');
    await expectFailure(await flipped(enc.length - 16, 'tag-first.enc'), 'envelope.tag');
  });

  it('fails on a truncated file', async () => {
    const cut = join(dir, 'cut.enc');
    await writeFile(cut, enc);
    await truncate(cut, enc.length - 1000);
    await expectFailure(cut, 'envelope.tag');
    await truncate(cut, headerBytes + 10);
    await expectFailure(cut, 'envelope.format');
    await truncate(cut, 100);
    await expectFailure(cut, 'envelope.format');
  });

  it('fails on a file that is not an envelope', async () => {
    await expectFailure(plainPath, 'envelope.format');
    const tiny = join(dir, 'tiny');
    await writeFile(tiny, 'LMRENC');
    await expectFailure(tiny, 'envelope.format');
    expect(await rejectionRule(readEnvelopeHeader(plainPath))).toBe('envelope.format');
    const bad = join(dir, 'bad-json.enc');
    const json = Buffer.from('{"format":"lmr-enc-2"}');
    const prefix = Buffer.alloc(12);
    prefix.write('LMRENC01', 'ascii');
    prefix.writeUInt32BE(json.length, 8);
    await writeFile(bad, Buffer.concat([prefix, json, randomBytes(32)]));
    await expectFailure(bad, 'envelope.format');
  });

  it('does not touch an existing dst when decryption fails', async () => {
    const dst = join(dir, 'existing.out');
    await writeFile(dst, 'before');
    expect(await rejectionRule(decryptFile(await flipped(enc.length - 5, 'keep.enc'), dst, me.privatePem))).toBe('envelope.tag');
    expect(await readFile(dst, 'utf8')).toBe('before');
    expect((await readdir(dir)).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

describe('keyFingerprint', () => {
  it('is the SHA-256 of the SPKI DER, the same for the public and the private key', () => {
    const der = createPublicKey(me.publicPem).export({ type: 'spki', format: 'der' });
    const expected = `sha256:${createHash('sha256').update(der).digest('hex')}`;
    expect(keyFingerprint(me.publicPem)).toBe(expected);
    expect(keyFingerprint(me.privatePem)).toBe(keyFingerprint(me.publicPem));
    expect(keyFingerprint(me.publicPem)).not.toBe(keyFingerprint(other.publicPem));
    expect(() => keyFingerprint('nonsense')).toThrow(LmrError);
  });
});

describe('sha256File', () => {
  it('agrees with an independent hash', async () => {
    expect(await sha256File(plainPath)).toEqual({ sha256: sha256(plain), bytes: plain.length });
    expect(await sha256File(encPath)).toEqual({ sha256: sha256(enc), bytes: enc.length });
  });
});
