/**
 * Unit identity and trust. Each installation has an Ed25519 signing key (node:crypto) and an
 * X25519 age identity (age-encryption, readable by the standard `age` tool). Private halves are
 * stored only through a KeyProtector. Peers come from contact cards (public keys, self-signed)
 * and are used only after a person confirmed the fingerprint — compared out of band, read
 * aloud as groups — and until revoked.
 */
import {
  createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject,
} from 'node:crypto';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { DomainError } from '../../shared/api/errors.js';
import { ContactCard, type IdentityInfo, type PeerView } from '../../shared/api/sync.js';
import { getKey, getPeerRow, insertKey, listPeerRows, setPeerStatus, upsertPeer, type PeerRow } from '../db/repos/sync.repo.js';
import { transact, type ServiceContext } from '../services/context.js';
import { envelopeKind, type KeyProtector } from './key-protector.js';

export interface UnlockedIdentity {
  readonly siteId: string;
  readonly keyId: string;
  readonly fingerprint: string;
  readonly signPublicKey: string;
  readonly signPrivate: KeyObject;
  readonly ageIdentity: string;
  readonly ageRecipient: string;
}


export function keyIdOf(signPublicKey: string): string {
  return createHash('sha256').update(Buffer.from(signPublicKey, 'base64url')).digest('hex').slice(0, 16);
}

/** 20 bytes of SHA-256 over both public keys, as ten groups of four (Crockford base32). */
export function fingerprintOf(signPublicKey: string, ageRecipient: string): string {
  const digest = createHash('sha256')
    .update('spilno-fingerprint-v1\n')
    .update(Buffer.from(signPublicKey, 'base64url'))
    .update(ageRecipient)
    .digest()
    .subarray(0, 20);
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const byte of digest) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(acc >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** What a person types or reads back: case, spaces and dashes do not matter. */
export function normalizeFingerprint(s: string): string {
  return s.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export function publicKeyFromRaw(raw: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' });
}

/**
 * Keys kept in the OS keychain open without a prompt: the OS login guards them, which is the
 * point of using it. A person's explicit lock holds until they unlock again.
 */
function openFromKeychain(ctx: ServiceContext): void {
  const keychain = ctx.osKeychain;
  if (!keychain || ctx.caches.identity !== null || ctx.caches.identityHeldLocked) return;
  const sign = getKey(ctx.db, 'sign');
  if (sign && envelopeKind(sign.protected_private) === keychain.kind) unlockIdentity(ctx, keychain);
}

export function identityInfo(ctx: ServiceContext): IdentityInfo | null {
  try {
    openFromKeychain(ctx);
  } catch {
    // Stays locked; an explicit unlock reports why the keychain refused.
  }
  const sign = getKey(ctx.db, 'sign');
  const age = getKey(ctx.db, 'age');
  if (!sign || !age) return null;
  return {
    siteId: ctx.siteId, unitName: ctx.unitName, agencyId: ctx.agencyId,
    keyId: keyIdOf(sign.public_key), fingerprint: fingerprintOf(sign.public_key, age.public_key),
    signPublicKey: sign.public_key, ageRecipient: age.public_key,
    protectedBy: envelopeKind(sign.protected_private),
    unlocked: ctx.caches.identity !== null,
  };
}

/** Generates both key pairs, stores the private halves protected, and unlocks them. */
export async function createIdentity(ctx: ServiceContext, protector: KeyProtector): Promise<IdentityInfo> {
  if (getKey(ctx.db, 'sign')) throw new DomainError('conflict', 'This unit already has an identity', { messageKey: 'card.identityExists' });
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const signPublic = publicKey.export({ format: 'jwk' }).x!;
  const ageIdentity = await generateX25519Identity();
  const ageRecipient = await identityToRecipient(ageIdentity);
  const at = ctx.now().toISOString();
  transact(ctx, () => {
    insertKey(ctx.db, {
      kind: 'sign', public_key: signPublic, created_at: at,
      protected_private: protector.protect(privateKey.export({ format: 'der', type: 'pkcs8' })),
    });
    insertKey(ctx.db, {
      kind: 'age', public_key: ageRecipient, created_at: at,
      protected_private: protector.protect(Buffer.from(ageIdentity, 'utf8')),
    });
  });
  ctx.caches.identity = {
    siteId: ctx.siteId, keyId: keyIdOf(signPublic), fingerprint: fingerprintOf(signPublic, ageRecipient),
    signPublicKey: signPublic, signPrivate: privateKey, ageIdentity, ageRecipient,
  };
  return identityInfo(ctx)!;
}

export function unlockIdentity(ctx: ServiceContext, protector: KeyProtector): UnlockedIdentity {
  const sign = getKey(ctx.db, 'sign');
  const age = getKey(ctx.db, 'age');
  if (!sign || !age) throw new DomainError('not_found', 'This unit has no identity yet (create one first)', { messageKey: 'card.noIdentity' });
  const signPrivate = createPrivateKey({ key: protector.unprotect(sign.protected_private), format: 'der', type: 'pkcs8' });
  const ageIdentity = protector.unprotect(age.protected_private).toString('utf8');
  const id: UnlockedIdentity = {
    siteId: ctx.siteId, keyId: keyIdOf(sign.public_key), fingerprint: fingerprintOf(sign.public_key, age.public_key),
    signPublicKey: sign.public_key, signPrivate, ageIdentity, ageRecipient: age.public_key,
  };
  ctx.caches.identity = id;
  ctx.caches.identityHeldLocked = false;
  return id;
}

/** Forgets the unlocked keys (they were only ever in this process's memory). */
export function lockIdentity(ctx: ServiceContext): IdentityInfo | null {
  ctx.caches.identity = null;
  ctx.caches.identityHeldLocked = true;
  return identityInfo(ctx);
}

export function requireUnlocked(ctx: ServiceContext): UnlockedIdentity {
  openFromKeychain(ctx);
  const id = ctx.caches.identity;
  if (!id) throw new DomainError('locked', 'Unlock this unit\'s keys first', { messageKey: 'keys.locked' });
  return id;
}

function cardBody(card: Omit<ContactCard, 'signature'>): Buffer {
  const { format, version, siteId, unitName, agencyId, signPublicKey, ageRecipient, keyId, fingerprint, createdAt } = card;
  return Buffer.from(JSON.stringify({ format, version, siteId, unitName, agencyId, signPublicKey, ageRecipient, keyId, fingerprint, createdAt }));
}

export function makeContactCard(ctx: ServiceContext): ContactCard {
  const id = requireUnlocked(ctx);
  const body = {
    format: 'spilno-contact-card' as const, version: 1 as const, siteId: ctx.siteId, unitName: ctx.unitName,
    agencyId: ctx.agencyId, signPublicKey: id.signPublicKey, ageRecipient: id.ageRecipient,
    keyId: id.keyId, fingerprint: id.fingerprint, createdAt: ctx.now().toISOString(),
  };
  return { ...body, signature: sign(null, cardBody(body), id.signPrivate).toString('base64') };
}

export function peerView(r: PeerRow): PeerView {
  return {
    siteId: r.site_id, unitName: r.unit_name, agencyId: r.agency_id, keyId: r.key_id,
    fingerprint: r.fingerprint, ageRecipient: r.age_recipient, status: r.status,
    addedAt: r.added_at, statusAt: r.status_at, lastBundleSeq: r.last_bundle_seq, ackedSeq: r.acked_seq,
  };
}

/** Reads a card; the peer is pending until its fingerprint is confirmed. */
export function addPeerFromCard(ctx: ServiceContext, text: string): PeerView {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new DomainError('invalid_input', 'Not a Spilno contact card (not JSON)', { messageKey: 'card.notCard' });
  }
  const parsed = ContactCard.safeParse(raw);
  if (!parsed.success) throw new DomainError('invalid_input', `Not a Spilno contact card: ${parsed.error.issues[0]?.path.join('.')}`, { messageKey: 'card.notCard' });
  const card = parsed.data;
  if (card.siteId === ctx.siteId) throw new DomainError('invalid_input', 'This is this unit\'s own card', { messageKey: 'card.ownCard' });
  if (keyIdOf(card.signPublicKey) !== card.keyId || fingerprintOf(card.signPublicKey, card.ageRecipient) !== card.fingerprint) {
    throw new DomainError('integrity', 'The card\'s key id or fingerprint does not match its keys', { messageKey: 'card.keysMismatch' });
  }
  if (!verify(null, cardBody(card), publicKeyFromRaw(card.signPublicKey), Buffer.from(card.signature, 'base64'))) {
    throw new DomainError('integrity', 'The card\'s signature is invalid', { messageKey: 'card.badSignature' });
  }
  const at = ctx.now().toISOString();
  const existing = getPeerRow(ctx.db, card.siteId);
  // The same keys again keep their trust; new keys for a known site must be confirmed again.
  const sameKeys = existing && existing.key_id === card.keyId && existing.age_recipient === card.ageRecipient;
  transact(ctx, () => upsertPeer(ctx.db, {
    site_id: card.siteId, unit_name: card.unitName, agency_id: card.agencyId,
    sign_public_key: card.signPublicKey, age_recipient: card.ageRecipient, key_id: card.keyId,
    fingerprint: card.fingerprint, status: sameKeys ? existing.status : 'pending',
    added_at: existing?.added_at ?? at, status_at: sameKeys ? existing.status_at : at,
  }));
  return peerView(getPeerRow(ctx.db, card.siteId)!);
}

export function requirePeer(ctx: ServiceContext, siteId: string): PeerRow {
  const p = getPeerRow(ctx.db, siteId);
  if (!p) throw new DomainError('not_found', `Unknown peer ${siteId}`, { messageKey: 'card.unknownPeer', params: { site: siteId } });
  return p;
}

/** Trust needs the fingerprint as the person read it from the other unit's screen. */
export function trustPeer(ctx: ServiceContext, siteId: string, confirmedFingerprint: string): PeerView {
  const p = requirePeer(ctx, siteId);
  if (normalizeFingerprint(confirmedFingerprint) !== normalizeFingerprint(p.fingerprint)) {
    throw new DomainError('forbidden', 'The fingerprint does not match this peer\'s card; not trusted', { messageKey: 'card.fingerprintMismatch' });
  }
  transact(ctx, () => setPeerStatus(ctx.db, siteId, 'trusted', ctx.now().toISOString()));
  return peerView(requirePeer(ctx, siteId));
}

export function revokePeer(ctx: ServiceContext, siteId: string): PeerView {
  requirePeer(ctx, siteId);
  transact(ctx, () => setPeerStatus(ctx.db, siteId, 'revoked', ctx.now().toISOString()));
  return peerView(requirePeer(ctx, siteId));
}

export function listPeers(ctx: ServiceContext): PeerView[] {
  return listPeerRows(ctx.db).map(peerView);
}
