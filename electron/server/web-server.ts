/**
 * Browser mode: the built renderer and the API contract over HTTP, for machines without the
 * Electron runtime and for the end-to-end tests in Chromium. The server only relays: every call
 * goes to the core (a worker, electron/core/) and the core's events stream to the page as
 * server-sent events on `GET /api/events`, so this loop stays free while the core works.
 *
 * Threat: any web page the user opens, and any other local user, can send requests to
 * 127.0.0.1. So the server binds to loopback only, demands a random per-launch token on every
 * API call (401 without it), accepts API calls only as same-origin POSTs with a Host header
 * naming this server (against DNS rebinding), and serves static files only from the renderer
 * build folder. The event stream asks for the same token in the same header (the page reads it
 * with fetch, not EventSource, so the token never goes into a URL or a log).
 *
 * A request cannot hold the server: its headers must arrive within 10 s and its body within
 * 30 s (Node's defaults were 60 s and 300 s, and a slow body was held the whole time), and a
 * body over 64 MB is refused with a typed 413 — before a byte of it is read when its length is
 * declared — instead of a reset connection. Source maps are never served: the build makes
 * none, and a `.map` path answers 404 even if one appears in the folder.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { CoreHandle } from '../core/core-client.js';
import { SECURITY_HEADERS } from './security-headers.js';

export const TOKEN_HEADER = 'x-spilno-token';

export interface RequestLimits {
  maxBodyBytes: number;
  /** From the connection's first byte to the end of the request headers. */
  headersTimeoutMs: number;
  /** From the end of the headers to the end of the body. */
  bodyTimeoutMs: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  maxBodyBytes: 64 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
};

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** A comment line keeps idle event streams open through proxies and tells a dead peer apart. */
const HEARTBEAT_MS = 15_000;

export interface WebServerOptions {
  core: CoreHandle;
  rendererDir: string;
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  /** Tighter limits for tests; DEFAULT_LIMITS otherwise. */
  limits?: Partial<RequestLimits>;
}

export interface RunningWebServer {
  url: string;
  /** URL with the token, the one line printed for the user. */
  launchUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function tokensEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  sendJsonBytes(res, status, Buffer.from(JSON.stringify(body)));
}

/** JSON already written (the core's answers: electron/core/answer-json.ts), sent as it is. */
function sendJsonBytes(res: http.ServerResponse, status: number, data: Uint8Array): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': data.length,
    'Cache-Control': 'no-store',
  });
  res.end(data);
}

/** Why a request was refused before it reached the core: answered with its status and code. */
class RequestRefused extends Error {
  constructor(readonly status: 408 | 413, readonly code: 'timeout' | 'too_large', message: string) {
    super(message);
  }
}

function readBody(req: http.IncomingMessage, limits: RequestLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new RequestRefused(413, 'too_large', `The request body is over ${limits.maxBodyBytes} bytes`);
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > limits.maxBodyBytes) {
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      done();
      reject(new RequestRefused(408, 'timeout', `The request body did not arrive within ${limits.bodyTimeoutMs} ms`));
    }, limits.bodyTimeoutMs);
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limits.maxBodyBytes) {
        done();
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks));
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const done = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * Answers a refused request and ends the connection. The rest of an oversized body is read and
 * dropped meanwhile (closing a socket with unread data makes TCP reset it, and the client would
 * lose the answer), for at most a second.
 */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, refusal: RequestRefused): void {
  res.shouldKeepAlive = false;
  sendJson(res, refusal.status, { ok: false, error: { code: refusal.code, message: refusal.message } });
  req.on('data', () => {});
  req.resume();
  setTimeout(() => req.socket.destroy(), 1000).unref();
}

/** Resolves a URL path inside `root`, or null if it would leave it (../, encoded dots, NUL). */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, rel);
  const rootResolved = path.resolve(root);
  if (full !== rootResolved && !full.startsWith(rootResolved + path.sep)) return null;
  return full;
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const rendererDir = path.resolve(options.rendererDir);
  const limits: RequestLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let port = options.port ?? 0;

  const server = http.createServer({
    headersTimeout: limits.headersTimeoutMs,
    // The whole request; the body's own, typed timer (readBody) fires first.
    requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs + 1000,
    // How often Node looks for expired requests (30 s by default: longer than the limits).
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  }, (req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'Internal error' } });
      else res.destroy();
    });
  });

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      sendJson(res, 421, { ok: false, error: { code: 'forbidden', message: 'Unexpected Host header' } });
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { ok: false, error: { code: 'forbidden', message: 'Method not allowed' } });
      return;
    }
    serveStatic(res, url.pathname);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const given = req.headers[TOKEN_HEADER];
    if (typeof given !== 'string' || !tokensEqual(given, token)) {
      sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong API token' } });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, ''))) {
      sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: 'Cross-origin call refused' } });
      return;
    }
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') {
        sendJson(res, 405, { ok: false, error: { code: 'forbidden', message: 'Use GET' } });
        return;
      }
      streamEvents(req, res);
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { ok: false, error: { code: 'forbidden', message: 'Use POST' } });
      return;
    }
    const [, , domain = '', method = ''] = url.pathname.split('/');
    let body: Buffer;
    try {
      body = await readBody(req, limits);
    } catch (e) {
      if (e instanceof RequestRefused) refuse(req, res, e);
      else res.destroy();
      return;
    }
    let input: unknown;
    try {
      input = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
    } catch {
      sendJson(res, 400, { ok: false, error: { code: 'invalid_input', message: 'Body is not valid JSON' } });
      return;
    }
    sendJsonBytes(res, 200, await options.core.callJson(domain, method, input));
  }

  /** Server-sent events: one `data:` line of JSON per core event, until the page goes away. */
  function streamEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    // A stream is idle between events by design: no socket timeout applies to it.
    req.socket.setTimeout(0);
    res.write(': spilno events\n\n');
    const unsubscribe = options.core.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    req.on('close', end);
    res.on('close', end);
  }

  function serveStatic(res: http.ServerResponse, pathname: string): void {
    let file = resolveStaticPath(rendererDir, pathname);
    // Source maps would hand the whole source to anyone who can reach the page.
    if (file?.toLowerCase().endsWith('.map')) file = null;
    if (file && (!fs.existsSync(file) || fs.statSync(file).isDirectory())) {
      // Client-side routes fall back to the app shell.
      file = path.extname(pathname) === '' ? path.join(rendererDir, 'index.html') : null;
    }
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    const real = fs.realpathSync(file);
    if (!real.startsWith(fs.realpathSync(rendererDir) + path.sep)) {
      res.writeHead(404, SECURITY_HEADERS);
      res.end();
      return;
    }
    const data = fs.readFileSync(real);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': MIME[path.extname(real)] ?? 'application/octet-stream',
      'Content-Length': data.length,
      'Cache-Control': path.basename(real) === 'index.html' ? 'no-store' : 'max-age=3600',
    });
    res.end(data);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    launchUrl: `${url}#token=${token}`,
    token,
    port,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
