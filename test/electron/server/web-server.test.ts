import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../electron/core/core.js';
import { resolveStaticPath, startWebServer, type RunningWebServer } from '../../../electron/server/web-server.js';
import { countChanges } from '../../../electron/db/repos/change-log.repo.js';
import { openTempContext, tempDataDir, type TempContext } from '../../helpers/temp-context.js';

let t: TempContext;
let server: RunningWebServer;
let rendererDir: string;

beforeAll(async () => {
  t = openTempContext();
  rendererDir = tempDataDir('spilno-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Spilno</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js.map'), '{"sources":["secret.ts"]}');
  fs.writeFileSync(path.join(path.dirname(rendererDir), 'outside-secret.txt'), 'secret');
  // The core in this thread (the app runs it in a worker; core-worker.test.ts covers that).
  server = await startWebServer({ core: new Core(t.ctx, { watchMs: 0 }), rendererDir, port: 0 });
});
afterAll(async () => {
  await server.close();
  t.cleanup();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

/** Raw HTTP so that Host and paths go out exactly as written (fetch normalises them). */
function request(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, method: opts.method ?? 'GET', path: opts.path,
      headers: { host: `127.0.0.1:${server.port}`, ...opts.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const api = (method: string, body: unknown, headers: Record<string, string> = { 'x-spilno-token': server.token }) =>
  request({ method: 'POST', path: `/api/${method}`, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('browser-mode server', () => {
  it('listens on loopback and prints a URL carrying the token in the fragment', () => {
    expect(server.launchUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/#token=[A-Za-z0-9_-]{43}$`));
  });

  it('refuses API calls without the token or with a wrong one, and calls nothing', async () => {
    const before = countChanges(t.ctx.db);
    const draft = { codeName: 'X', type: 'working_group', leadAgencyId: 'DMS', formality: 'informal', startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T10:00:00Z' };
    expect((await api('operations/create', draft, {})).status).toBe(401);
    expect((await api('operations/create', draft, { 'x-spilno-token': 'wrong' })).status).toBe(401);
    expect(countChanges(t.ctx.db)).toBe(before);
    const ok = await api('operations/create', draft);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, value: { codeName: 'X' } });
  });

  it('answers a typed error for malformed JSON and for invalid input', async () => {
    const bad = await request({ method: 'POST', path: '/api/operations/list', headers: { 'x-spilno-token': server.token }, body: '{oops' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const invalid = JSON.parse((await api('operations/get', { id: 7 })).body);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a foreign Host (DNS rebinding) and a cross-origin call', async () => {
    expect((await request({ path: '/', headers: { host: 'evil.example:80' } })).status).toBe(421);
    const cross = await api('system/info', {}, { 'x-spilno-token': server.token, origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
  });

  it('serves the app with the CSP and never a file outside the renderer folder', async () => {
    const index = await request({ path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await request({ path: '/assets/app.js' })).headers['content-type']).toContain('javascript');
    for (const attack of ['/../outside-secret.txt', '/%2e%2e/outside-secret.txt', '/assets/%2e%2e%2f%2e%2e%2foutside-secret.txt', '/..%5coutside-secret.txt', '/%00index.html']) {
      const r = await request({ path: attack });
      expect(r.body, attack).not.toContain('secret');
    }
  });

  it('streams core events to the token holder only, as server-sent events', async () => {
    expect((await request({ path: '/api/events' })).status).toBe(401);
    expect((await request({ path: '/api/events', headers: { 'x-spilno-token': 'wrong' } })).status).toBe(401);
    expect((await request({ method: 'POST', path: '/api/events', headers: { 'x-spilno-token': server.token } })).status).toBe(405);
    const stream = await new Promise<{ res: http.IncomingMessage; req: http.ClientRequest }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, path: '/api/events',
        headers: { host: `127.0.0.1:${server.port}`, 'x-spilno-token': server.token } }, (res) => resolve({ res, req }));
      req.on('error', reject);
      req.end();
    });
    expect(stream.res.statusCode).toBe(200);
    expect(stream.res.headers['content-type']).toContain('text/event-stream');
    let text = '';
    stream.res.setEncoding('utf8');
    const firstEvent = new Promise<unknown>((resolve) => stream.res.on('data', (c: string) => {
      text += c;
      const m = /^data: (.*)$/m.exec(text);
      if (m) resolve(JSON.parse(m[1]!));
    }));
    const draft = { codeName: 'SSE', type: 'working_group', leadAgencyId: 'DMS', formality: 'informal', startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T10:00:00Z' };
    const created = JSON.parse((await api('operations/create', draft)).body) as { value: { id: string } };
    expect(await firstEvent).toMatchObject({ type: 'changed', source: 'local', entities: expect.arrayContaining(['operation']), operations: [created.value.id], all: false });
    stream.req.destroy();
  });

  it('never serves a source map, even one left in the renderer folder', async () => {
    for (const p of ['/assets/app.js.map', '/assets/app.js%2emap', '/assets/app.js.MAP']) {
      const r = await request({ path: p });
      expect(r.status, p).toBe(404);
      expect(r.body).not.toContain('sources');
    }
  });

  it('resolves static paths only inside the root', () => {
    expect(resolveStaticPath('/srv/app', '/')).toBe('/srv/app/index.html');
    expect(resolveStaticPath('/srv/app', '/a/b.js')).toBe('/srv/app/a/b.js');
    expect(resolveStaticPath('/srv/app', '/../x')).toBeNull();
    expect(resolveStaticPath('/srv/app', '/%2e%2e/x')).toBeNull();
    expect(resolveStaticPath('/srv/app', '/%E0%A4%A')).toBeNull();
    expect(resolveStaticPath('/srv/app', '/a%00')).toBeNull();
  });
});

describe('request limits', () => {
  let limited: RunningWebServer;
  let lt: TempContext;
  beforeAll(async () => {
    lt = openTempContext();
    limited = await startWebServer({
      core: new Core(lt.ctx, { watchMs: 0 }), rendererDir, port: 0,
      limits: { maxBodyBytes: 1024 * 1024, headersTimeoutMs: 600, bodyTimeoutMs: 400 },
    });
  });
  afterAll(async () => {
    await limited.close();
    lt.cleanup();
  });

  /** Sends `head` and then `body` chunks as written; resolves with what came back and when. */
  function raw(port: number, head: string, body: (socket: net.Socket) => void) {
    return new Promise<{ text: string; ms: number }>((resolve) => {
      const t0 = performance.now();
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(head);
        body(socket);
      });
      let text = '';
      socket.on('data', (c) => (text += c.toString('utf8')));
      socket.on('error', () => {});
      socket.on('close', () => resolve({ text, ms: performance.now() - t0 }));
    });
  }
  const apiHead = (port: number, token: string, extra: string) =>
    `POST /api/system/info HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-spilno-token: ${token}\r\n${extra}\r\n`;

  it('answers a body over the 64 MB cap with a typed 413, not a reset connection', async () => {
    const big = Buffer.alloc(64 * 1024 * 1024 + 1, 0x20);
    const r = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/operations/list',
        headers: { host: `127.0.0.1:${server.port}`, 'x-spilno-token': server.token, 'content-length': big.length } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end(big);
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });

  it('refuses a chunked body that grows over the cap while it is read', async () => {
    const r = await raw(limited.port, apiHead(limited.port, limited.token, 'Transfer-Encoding: chunked\r\n'), (socket) => {
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      for (let i = 0; i < 6; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`);
    });
    expect(r.text).toMatch(/^HTTP\/1\.1 413/);
    expect(r.text).toContain('"code":"too_large"');
  });

  it('answers a body that stops arriving with a typed 408 after the body timeout', async () => {
    const r = await raw(limited.port, apiHead(limited.port, limited.token, 'Content-Type: application/json\r\nContent-Length: 100\r\n'), (socket) => {
      socket.write('{"a":');
    });
    expect(r.text).toMatch(/^HTTP\/1\.1 408/);
    expect(r.text).toContain('"code":"timeout"');
    expect(r.ms).toBeLessThan(5000);
  });

  it('closes a connection whose headers never finish', async () => {
    const r = await raw(limited.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${limited.port}\r\nX-Slow: `, () => {});
    expect(r.text).toMatch(/^HTTP\/1\.1 408/);
    expect(r.ms).toBeLessThan(5000);
  });
});

describe('the renderer build', () => {
  it('holds no source map and points to none', () => {
    const dir = path.resolve('dist/renderer');
    expect(fs.existsSync(dir), 'build first').toBe(true);
    const files = fs.readdirSync(dir, { recursive: true }).map(String);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const f of files.filter((x) => x.endsWith('.js') || x.endsWith('.css'))) {
      expect(fs.readFileSync(path.join(dir, f), 'utf8'), f).not.toContain('sourceMappingURL');
    }
  });
});
