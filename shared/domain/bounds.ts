/**
 * Bounds and the text policy: what any schema of the contract, any importer and any exporter
 * may let through. The renderer is hostile (it shows plans typed by other agencies and brought
 * in by bundles), so every string, list and number that crosses the contract has a declared
 * bound, and text is checked for characters that change what a reader sees or what a file
 * means:
 * - C0 and C1 control characters (NUL, ESC, VT, U+0085 NEL, DEL…) and the Unicode line and
 *   paragraph separators U+2028/U+2029: forbidden raw in iCalendar and vCard (RFC 5545 §3.1,
 *   RFC 6350 §3.3), they break content lines, terminals and CSV rows;
 * - bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): the
 *   "Trojan Source" class (CVE-2021-42574) — a code name or a plate that reads differently from
 *   what it contains;
 * - unpaired UTF-16 surrogates (valid in JSON, not text: they turn into U+FFFD on the way to disk).
 * Single-line fields allow none of them; multi-line fields allow newline and tab only (CR LF
 * and lone CR become LF). Messages are i18n keys (`v.*`), translated by the renderer.
 */
import { z } from 'zod';

/** What a single-line field may not contain. */
const FORBIDDEN_LINE =
  /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** What a multi-line field may not contain: the same minus newline (U+000A) and tab (U+0009). */
const FORBIDDEN_MULTILINE =
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasForbiddenChars(text: string, multiline = false): boolean {
  return (multiline ? FORBIDDEN_MULTILINE : FORBIDDEN_LINE).test(text);
}

/**
 * The text with every forbidden character removed (newlines and tabs kept when multi-line):
 * for exporters writing text that came in before this policy existed, or from an older peer.
 */
export function withoutForbiddenChars(text: string, multiline = false): string {
  const normalised = multiline ? text.replace(/\r\n?/g, '\n') : text;
  const re = new RegExp((multiline ? FORBIDDEN_MULTILINE : FORBIDDEN_LINE).source, 'g');
  return normalised.replace(re, '');
}

/** The policy as two zod checks, shared by every text schema: a schema derived from one
 *  (`.min(1)`, `.refine(…)`) keeps them, so a walk over the contract can tell free text that
 *  follows the policy from free text that escaped it (`textPolicyOf`). */
const lineCheck = z.refine<string>((s) => !FORBIDDEN_LINE.test(s), { error: 'v.controlChars' });
const multilineCheck = z.refine<string>((s) => !FORBIDDEN_MULTILINE.test(s), { error: 'v.controlChars' });
/** Passphrases are registered here instead: any character may be part of one. */
const secrets = z.registry<{ secret: true }>();

export function textPolicyOf(schema: z.ZodType): 'single' | 'multi' | 'secret' | null {
  const checks = (schema as unknown as { _zod: { def: { checks?: unknown[] } } })._zod.def.checks ?? [];
  if (checks.includes(lineCheck)) return 'single';
  if (checks.includes(multilineCheck)) return 'multi';
  return secrets.has(schema) ? 'secret' : null;
}

/** Single-line text, trimmed, up to `max` characters (may be empty). */
export const Text = (max: number) =>
  z.string().trim().max(max, { error: 'v.tooLong' }).check(lineCheck);

/** Single-line text that must not be empty. */
export const RequiredText = (max: number) =>
  z.string().trim().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' }).check(lineCheck);

/** Several lines (a textarea): newline and tab allowed, CR LF and CR read as LF. */
export const MultilineText = (max: number) =>
  z.string().overwrite(normaliseNewlines).trim().max(max, { error: 'v.tooLong' }).check(multilineCheck);

export const RequiredMultilineText = (max: number) =>
  z.string().overwrite(normaliseNewlines).trim().min(1, { error: 'v.required' })
    .max(max, { error: 'v.tooLong' }).check(multilineCheck);

function normaliseNewlines(s: string): string {
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}

/** A passphrase: any characters (it is never shown, exported or stored), 8..1024 of them. */
export const Secret = () =>
  z.string().min(8, { error: 'keys.passphraseTooShort' }).max(1024, { error: 'v.tooLong' })
    .register(secrets, { secret: true });

/**
 * Machine strings that are not prose (HLCs, fingerprints, keys, conflict keys): printable
 * ASCII without spaces, 1..max characters.
 */
export const Token = (max: number) =>
  z.string().min(1, { error: 'v.required' }).max(max, { error: 'v.tooLong' })
    .regex(/^[\x21-\x7E]+$/, { error: 'v.token' });

/** A list of at most `max` items (checked before any item is parsed). */
export const List = <T extends z.ZodType>(item: T, max: number) =>
  z.array(item).max(max, { error: 'v.tooMany' });

/**
 * The declared limits, in one place so the forms, the importers and the tests agree. Sized for
 * the largest real plans with a wide margin (a border-wide joint operation has tens of
 * locations, not thousands) while keeping one save far below what blocks the app.
 */
export const LIMITS = {
  /** Locations, risks, comms entries and subjects of one operation. */
  operationLocations: 200,
  operationRisks: 200,
  operationComms: 200,
  operationSubjects: 1000,
  /** Code words and distribution copies of one operation; characters of one order paragraph. */
  operationCodeWords: 100,
  distributionCopies: 100,
  orderParagraphChars: 2000,
  /** Agencies taking part in one operation. */
  participatingAgencies: 100,
  /** People, resources, dependencies and checklist items of one task. */
  taskPeople: 500,
  taskResources: 500,
  taskDependencies: 200,
  taskChecklist: 200,
  /** Ids in one bulk call or one filter. */
  bulkIds: 5000,
  filterIds: 1000,
  /** Rows of one roster import (CSV) and the longest field of it. */
  rosterRows: 5000,
  csvFieldChars: 10_000,
  /** Bytes of a file read from the user (CSV, contact card). */
  rosterFileBytes: 10 * 1024 * 1024,
  contactCardBytes: 64 * 1024,
  /** Characters of a KML, GPX or GeoJSON file read for its points, and the points looked at
   *  (what is kept is bounded again by `operationLocations`). */
  geoFileChars: 10 * 1024 * 1024,
  geoFilePoints: 10_000,
  /** Bytes of a sync bundle read from a file (the 2-million-change bench bundle is ~500 MB). */
  bundleBytes: 2 * 1024 * 1024 * 1024,
  /** A phase's ordinal, and list offsets. */
  ordinal: 10_000,
  offset: 10_000_000,
} as const;
