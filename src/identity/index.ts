/**
 * The identity context's public surface. Other contexts import from here only: never the key ring,
 * the cipher or the vault's tables (checked in test/architecture.test.ts).
 */
export { Vault, type IdentityInput, type SubjectInput, type RevealedIdentity, type ExportedIdentity, type VaultStats, type Role } from './vault/vault.js';
export {
  checkIdentityNumber,
  checkHpr,
  isMaskedPersonId,
  isMaskedHpr,
  type IdCheck,
  type IdKind,
  type HprCheck,
} from './numbers/identity-number.js';
export { syntheticNumber, syntheticCapacity, syntheticHpr, type GeneratedKind } from './numbers/generate.js';
export { readLinkageKeyFile, writeLinkageKeyFile, KEY_FILE_HEADER, type KeyFileRow } from './linkage.js';
