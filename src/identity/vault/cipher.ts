import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { KeyRing } from './keyring.js';

/**
 * Field encryption for identity numbers: AES-256-GCM with a fresh 96-bit nonce per value (randomised,
 * so equal numbers give unequal ciphertexts), and a keyed blind index (HMAC-SHA-256) for look-up.
 * The ciphertext is bound to its index entry through the additional authenticated data, so rows
 * cannot be swapped undetected.
 *
 * Layout of a sealed value: nonce (12) ‖ ciphertext ‖ tag (16).
 */

export type Role = 'patient' | 'prescriber';

const NONCE = 12;
const TAG = 16;

export function blindIndex(ring: KeyRing, role: Role, value: string, version = ring.currentVersion): Buffer {
  return createHmac('sha256', ring.purposeKey('identity-blind-index', version)).update(`${role}:${value}`).digest();
}

/**
 * Fresh random nonces, drawn from the CSPRNG in blocks: one `randomBytes` call per 4,096 nonces instead
 * of one per value. Every nonce is used once.
 */
class NoncePool {
  private block = Buffer.alloc(0);
  private offset = 0;
  next(): Buffer {
    if (this.offset + NONCE > this.block.length) {
      this.block = randomBytes(NONCE * 4096);
      this.offset = 0;
    }
    const nonce = this.block.subarray(this.offset, this.offset + NONCE);
    this.offset += NONCE;
    return nonce;
  }
}
const nonces = new NoncePool();

export function seal(ring: KeyRing, aad: Buffer, plaintext: string, version = ring.currentVersion): Buffer {
  const nonce = nonces.next();
  const cipher = createCipheriv('aes-256-gcm', ring.purposeKey('identity-encryption', version), nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

export function open(ring: KeyRing, aad: Buffer, sealed: Uint8Array, version: number): string {
  const buf = Buffer.from(sealed);
  const nonce = buf.subarray(0, NONCE);
  const tag = buf.subarray(buf.length - TAG);
  const body = buf.subarray(NONCE, buf.length - TAG);
  const decipher = createDecipheriv('aes-256-gcm', ring.purposeKey('identity-encryption', version), nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
}
