import {
  constants,
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { LmrError, issue } from './outcome.js';

/**
 * "lmr-enc-1": a self-contained encrypted file for one recipient (research extracts, linkage key files).
 * Layout (see docs/formats/encrypted-file.md):
 *
 *   `LMRENC01` | uint32 BE header length H | H bytes of UTF-8 JSON header | AES-256-GCM ciphertext | 16-byte tag
 *
 * The AES key is fresh for every file and wrapped with the recipient's RSA key (RSA-OAEP, SHA-256 and
 * MGF1-SHA-256). The whole header (magic, length and JSON) is the GCM additional authenticated data.
 * Everything is streamed: memory use does not grow with the file.
 */

export const FORMAT = 'lmr-enc-1';
const MAGIC = Buffer.from('LMRENC01', 'ascii');
/** Magic plus the header length. */
const PREFIX_BYTES = 12;
const TAG_BYTES = 16;
const IV_BYTES = 12;
const KEY_BYTES = 32;
const MIN_RSA_BITS = 2048;
/** A header is a few hundred bytes; anything larger is not an envelope. */
const MAX_HEADER_BYTES = 64 * 1024;
/** The GCM limit for one key and IV: 2^39 - 256 bits. */
const MAX_PLAIN_BYTES = 2 ** 36 - 32;
const HEADER_KEYS = ['format', 'alg', 'keyAlg', 'recipient', 'wrappedKey', 'iv', 'name'] as const;

export interface EnvelopeHeader {
  format: 'lmr-enc-1';
  alg: 'A256GCM';
  keyAlg: 'RSA-OAEP-256';
  /** `sha256:<hex>` of the recipient key's SPKI DER. */
  recipient: string;
  /** base64 of the RSA-OAEP-256 wrapped 32-byte AES key. */
  wrappedKey: string;
  /** base64 of the 12-byte GCM IV. */
  iv: string;
  /** The original file name (no directory). */
  name: string;
}

export interface EncryptResult {
  /** size and lowercase hex SHA-256 of the written (encrypted) file */
  bytes: number;
  sha256: string;
  /** size and lowercase hex SHA-256 of the plaintext */
  plainBytes: number;
  plainSha256: string;
}

export interface DecryptResult {
  /** size and lowercase hex SHA-256 of the plaintext */
  bytes: number;
  sha256: string;
  /** the original file name from the header */
  name: string;
}

const formatError = (message: string, file: string): LmrError =>
  new LmrError(issue('structure', message, { rule: 'envelope.format', location: { file } }));
const keyError = (message: string, file?: string): LmrError =>
  new LmrError(issue('invalid', message, { rule: 'envelope.key', ...(file === undefined ? {} : { location: { file } }) }));
const tagError = (message: string, file: string): LmrError =>
  new LmrError(issue('invalid', message, { rule: 'envelope.tag', location: { file } }));

function fingerprintOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}

/** `sha256:<hex>` of the SPKI DER of a public key; given a private key, of its public key. */
export function keyFingerprint(publicKeyPem: string): string {
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    throw keyError('the key cannot be read (expected a PEM public or private key)');
  }
  return fingerprintOf(key);
}

function baseName(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return parts[parts.length - 1] ?? path;
}

/** Lowercase hex SHA-256 and size of a file, streamed. */
export async function sha256File(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** Encrypts `src` for the holder of the RSA key and writes the envelope to `dst` (via `dst.partial`). */
export async function encryptFile(src: string, dst: string, recipientPublicKeyPem: string): Promise<EncryptResult> {
  const { size } = await stat(src);
  if (size > MAX_PLAIN_BYTES) {
    throw new LmrError(issue('too-large', 'the file is larger than one AES-GCM envelope can hold (64 GiB)', { rule: 'envelope.size', location: { file: src } }));
  }
  return encryptStream(createReadStream(src) as AsyncIterable<Buffer>, dst, recipientPublicKeyPem, baseName(src));
}

/**
 * Encrypts a stream of plaintext chunks (never held whole, never written in plaintext) for the holder
 * of the RSA key, as an envelope at `dst` (via `dst.partial`) whose header names it `name`.
 */
export async function encryptStream(source: AsyncIterable<Buffer>, dst: string, recipientPublicKeyPem: string, name: string): Promise<EncryptResult> {
  let recipient: KeyObject;
  try {
    recipient = createPublicKey(recipientPublicKeyPem);
  } catch {
    throw keyError('the recipient key cannot be read (expected a PEM RSA public key)');
  }
  const bits = recipient.asymmetricKeyDetails?.modulusLength ?? 0;
  if (recipient.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) {
    throw keyError(`the recipient key must be an RSA key of at least ${MIN_RSA_BITS} bits`);
  }

  const aesKey = randomBytes(KEY_BYTES);
  const iv = randomBytes(IV_BYTES);
  const wrappedKey = publicEncrypt({ key: recipient, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aesKey);
  const header: EnvelopeHeader = {
    format: FORMAT,
    alg: 'A256GCM',
    keyAlg: 'RSA-OAEP-256',
    recipient: fingerprintOf(recipient),
    wrappedKey: wrappedKey.toString('base64'),
    iv: iv.toString('base64'),
    name,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32BE(json.length, MAGIC.length);
  const headerBytes = Buffer.concat([prefix, json]);

  const cipher = createCipheriv('aes-256-gcm', aesKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(headerBytes);
  const plainHash = createHash('sha256');
  const outHash = createHash('sha256');
  let plainBytes = 0;
  let bytes = 0;
  const out = (b: Buffer): Buffer => {
    outHash.update(b);
    bytes += b.length;
    return b;
  };

  const partial = `${dst}.partial`;
  try {
    await pipeline(
      source,
      async function* (chunks: AsyncIterable<Buffer>) {
        yield out(headerBytes);
        for await (const chunk of chunks) {
          plainHash.update(chunk);
          plainBytes += chunk.length;
          if (plainBytes > MAX_PLAIN_BYTES) throw new LmrError(issue('too-large', 'the plaintext is larger than one AES-GCM envelope can hold (64 GiB)', { rule: 'envelope.size' }));
          const c = cipher.update(chunk);
          if (c.length > 0) yield out(c);
        }
        const last = cipher.final();
        if (last.length > 0) yield out(last);
        yield out(cipher.getAuthTag());
      },
      createWriteStream(partial, { flush: true }),
    );
    await rename(partial, dst);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return { bytes, sha256: outHash.digest('hex'), plainBytes, plainSha256: plainHash.digest('hex') };
}

async function readExactly(fh: FileHandle, target: Buffer, position: number, file: string): Promise<void> {
  let done = 0;
  while (done < target.length) {
    const { bytesRead } = await fh.read(target, done, target.length - done, position + done);
    if (bytesRead === 0) throw formatError('the file is truncated', file);
    done += bytesRead;
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function parseHeader(json: Buffer, file: string): EnvelopeHeader {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    throw formatError('the envelope header is not valid UTF-8 JSON', file);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw formatError('the envelope header is not a JSON object', file);
  const h = value as Record<string, unknown>;
  const keys = Object.keys(h);
  if (keys.length !== HEADER_KEYS.length || !HEADER_KEYS.every((k) => typeof h[k] === 'string')) {
    throw formatError(`the envelope header must hold exactly the string fields ${HEADER_KEYS.join(', ')}`, file);
  }
  if (h.format !== FORMAT) throw formatError(`unsupported envelope format (expected ${FORMAT})`, file);
  if (h.alg !== 'A256GCM' || h.keyAlg !== 'RSA-OAEP-256') throw formatError('unsupported envelope algorithms (expected A256GCM and RSA-OAEP-256)', file);
  if (!/^sha256:[0-9a-f]{64}$/.test(h.recipient as string)) throw formatError('the envelope recipient is not a sha256 key fingerprint', file);
  const iv = h.iv as string;
  const wrapped = h.wrappedKey as string;
  if (!BASE64.test(iv) || Buffer.from(iv, 'base64').length !== IV_BYTES) throw formatError('the envelope IV is not 12 bytes of base64', file);
  if (wrapped === '' || !BASE64.test(wrapped)) throw formatError('the envelope wrapped key is not base64', file);
  return h as unknown as EnvelopeHeader;
}

async function readHeaderAt(fh: FileHandle, file: string): Promise<{ header: EnvelopeHeader; raw: Buffer; size: number }> {
  const { size } = await fh.stat();
  if (size < PREFIX_BYTES) throw formatError('not an lmr-enc-1 file (too short)', file);
  const prefix = Buffer.alloc(PREFIX_BYTES);
  await readExactly(fh, prefix, 0, file);
  if (!prefix.subarray(0, MAGIC.length).equals(MAGIC)) throw formatError('not an lmr-enc-1 file (no LMRENC01 magic)', file);
  const length = prefix.readUInt32BE(MAGIC.length);
  if (length === 0 || length > MAX_HEADER_BYTES) throw formatError('the envelope header length is out of range', file);
  if (PREFIX_BYTES + length + TAG_BYTES > size) throw formatError('the file is truncated', file);
  const raw = Buffer.alloc(PREFIX_BYTES + length);
  prefix.copy(raw, 0);
  await readExactly(fh, raw.subarray(PREFIX_BYTES), PREFIX_BYTES, file);
  return { header: parseHeader(raw.subarray(PREFIX_BYTES), file), raw, size };
}

/** The header of an envelope, and its size in bytes (magic, length and JSON: where the ciphertext starts). */
export async function readEnvelopeHeader(path: string): Promise<{ header: EnvelopeHeader; headerBytes: number }> {
  const fh = await open(path, 'r');
  try {
    const { header, raw } = await readHeaderAt(fh, path);
    return { header, headerBytes: raw.length };
  } finally {
    await fh.close();
  }
}

/**
 * Opens an envelope for streaming: checks the header and the key, and returns the plaintext as chunks.
 * The chunks are not authenticated until the stream ends: the GCM tag is checked after the last chunk,
 * and a failure is thrown from the iteration. A caller must not act on the plaintext (commit, rename)
 * before the iteration has completed; `done` then holds the plaintext's size and SHA-256.
 */
export async function decryptStream(src: string, privateKeyPem: string): Promise<{ name: string; chunks: AsyncGenerator<Buffer>; done: () => { bytes: number; sha256: string } }> {
  const fh = await open(src, 'r');
  let header: EnvelopeHeader;
  let raw: Buffer;
  let size: number;
  const tag = Buffer.alloc(TAG_BYTES);
  try {
    ({ header, raw, size } = await readHeaderAt(fh, src));
    await readExactly(fh, tag, size - TAG_BYTES, src);
  } finally {
    await fh.close();
  }

  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(privateKeyPem);
  } catch {
    throw keyError('the private key cannot be read (expected a PEM RSA private key)', src);
  }
  if (privateKey.asymmetricKeyType !== 'rsa') throw keyError('the private key is not an RSA key', src);
  const own = fingerprintOf(createPublicKey(privateKey));
  if (own !== header.recipient) {
    throw keyError(`the file is encrypted for another key (${header.recipient}), not for this key (${own})`, src);
  }
  let aesKey: Buffer;
  try {
    aesKey = privateDecrypt(
      { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(header.wrappedKey, 'base64'),
    );
  } catch {
    throw tagError('the wrapped key cannot be unwrapped: the file is damaged or was altered', src);
  }
  if (aesKey.length !== KEY_BYTES) throw tagError('the wrapped key is not a 32-byte AES key: the file is damaged or was altered', src);

  const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(header.iv, 'base64'), { authTagLength: TAG_BYTES });
  decipher.setAAD(raw);
  decipher.setAuthTag(tag);
  const hash = createHash('sha256');
  let bytes = 0;
  const start = raw.length;
  const end = size - TAG_BYTES - 1; // inclusive
  const input = (end >= start ? createReadStream(src, { start, end }) : Readable.from([] as Buffer[])) as AsyncIterable<Buffer>;
  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of input) {
      const p = decipher.update(chunk);
      hash.update(p);
      bytes += p.length;
      if (p.length > 0) yield p;
    }
    let last: Buffer;
    try {
      last = decipher.final();
    } catch {
      throw tagError('the GCM tag does not verify: the file is damaged, truncated or was altered', src);
    }
    hash.update(last);
    bytes += last.length;
    if (last.length > 0) yield last;
  }
  let digest: string | undefined;
  return { name: header.name, chunks: chunks(), done: () => ({ bytes, sha256: (digest ??= hash.digest('hex')) }) };
}

/**
 * Decrypts an envelope to `dst`. The plaintext goes to `dst.partial` and is renamed to `dst` only after
 * the GCM tag verified; on any failure the partial file is removed and `dst` is not touched.
 */
export async function decryptFile(src: string, dst: string, privateKeyPem: string): Promise<DecryptResult> {
  const plain = await decryptStream(src, privateKeyPem);
  const partial = `${dst}.partial`;
  try {
    await rm(partial, { force: true }); // a stale partial file may have a wider mode
    await pipeline(plain.chunks, createWriteStream(partial, { mode: 0o600, flush: true }));
    await rename(partial, dst);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return { ...plain.done(), name: plain.name };
}
