/**
 * The `app://spilno` protocol: how the desktop shell loads the UI instead of `file://`.
 *
 * Why: `file://` pages share one origin with every file on disk and get extra privileges in
 * Electron; a privileged standard scheme gives the UI its own origin (so the IPC sender check,
 * the CSP's 'self' and navigation guards have something precise to compare with) and lets one
 * handler decide, with the traversal guard of app-path.ts, exactly which bytes the renderer can
 * read. Every response carries the same Content-Security-Policy as browser mode.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { SECURITY_HEADERS } from '../server/security-headers.js';
import { APP_SCHEME, resolveAppAsset } from './app-path.js';

/** Registered before `ready`. No `bypassCSP`, no CORS, no service workers: the least it needs. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

function notFound(status: number): Response {
  return new Response('Not found', {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** The request handler for `protocol.handle`, serving files of `rendererDir` only. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(405);
    let asset = resolveAppAsset(rendererDir, request.url);
    // Client-side routes (no extension) fall back to the app shell, as in browser mode.
    if (asset.kind === 'missing' && path.extname(new URL(request.url).pathname) === '') {
      asset = resolveAppAsset(rendererDir, new URL('/index.html', request.url).href);
    }
    if (asset.kind !== 'file') return notFound(asset.kind === 'refused' ? 403 : 404);
    const body = request.method === 'HEAD' ? null : await fs.readFile(asset.file);
    return new Response(body, {
      status: 200,
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': MIME[path.extname(asset.file).toLowerCase()] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
      },
    });
  };
}

/** Installs the handler; call once the app is ready. */
export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}
