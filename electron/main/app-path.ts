/**
 * Maps `app://spilno/...` URLs to files of the renderer build, and refuses everything else.
 *
 * Threat: a compromised or confused renderer (an injected link, a crafted `fetch`) asks the
 * protocol handler for a file outside the app folder — the plan database, SSH keys, the user's
 * documents. Chromium normalises plain `../` in standard-scheme URLs, but encoded dots
 * (`%2e%2e`), encoded slashes and backslashes, NUL bytes, drive letters, UNC paths and symlinks
 * that point out of the folder reach the handler as written, so each is refused here and the
 * final real path must still lie inside the folder's real path. Refusal is explicit rather than
 * "normalise and hope": a request that needed rewriting is an attack, not a typo.
 *
 * Pure (no Electron import) so the tests can throw the whole attack table at it.
 */
import fs from 'node:fs';
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'spilno';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export type AppAsset =
  | { kind: 'file'; file: string }
  | { kind: 'missing' }
  | { kind: 'refused'; reason: string };

/** True for URLs of this app's own origin (navigation targets, IPC senders). */
export function isAppUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '' && url.port === '';
}

/** Object URLs the app page made itself (`blob:app://spilno/<uuid>`), e.g. an export to save. */
export function isAppBlobUrl(raw: string): boolean {
  return raw.startsWith('blob:') && isAppUrl(raw.slice('blob:'.length));
}

function refuse(reason: string): AppAsset {
  return { kind: 'refused', reason };
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves a request URL to a file under `rootDir`. `missing` means "inside, but no such
 * file" (the caller may fall back to the app shell); `refused` means the request tried to leave.
 */
export function resolveAppAsset(rootDir: string, requestUrl: string): AppAsset {
  if (!isAppUrl(requestUrl)) return refuse('foreign origin');
  return resolveAssetPath(rootDir, new URL(requestUrl).pathname);
}

/**
 * The guard proper, on the raw (still percent-encoded) URL path. Separate from the URL parsing
 * because WHATWG parsing already folds `../` and `%2e%2e`; this must hold even for paths that
 * reach it some other way.
 */
export function resolveAssetPath(rootDir: string, rawPath: string): AppAsset {
  // Encoded separators and NUL have no business in an asset name.
  if (/%(?:00|2f|5c)/i.test(rawPath)) return refuse('encoded separator or NUL');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refuse('malformed percent-encoding');
  }
  if (decoded.includes('\0')) return refuse('NUL byte');
  if (decoded.includes('\\')) return refuse('backslash');
  if (!decoded.startsWith('/')) return refuse('relative path');
  if (decoded.startsWith('//')) return refuse('UNC or protocol-relative path');
  if (decoded.includes(':')) return refuse('drive letter or stream name');
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) return refuse('dot segment');
  if (segments.slice(0, -1).some((s) => s === '')) return refuse('empty segment');

  const rel = segments.join('/') || 'index.html';
  // Source maps are not part of the app (the build makes none); never serve one that appears.
  if (rel.toLowerCase().endsWith('.map')) return refuse('source map');
  const root = path.resolve(rootDir);
  const full = path.resolve(root, rel);
  if (!isInside(root, full)) return refuse('outside the app folder');

  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch {
    return { kind: 'missing' };
  }
  if (!isInside(fs.realpathSync(root), real)) return refuse('symlink leaves the app folder');
  if (!fs.statSync(real).isFile()) return { kind: 'missing' };
  return { kind: 'file', file: real };
}
