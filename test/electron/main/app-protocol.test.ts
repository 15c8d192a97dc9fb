import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, handleAppProtocol } from '../../../electron/main/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../../electron/server/security-headers.js';
import type { Protocol } from 'electron';

let tmp: string;
let root: string;
let handler: (request: Request) => Promise<Response>;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-protocol-'));
  root = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Spilno</title>');
  fs.writeFileSync(path.join(root, 'assets', 'index.js'), 'export const x = 1;');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'SECRET');
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'assets', 'innocent.js'));
  handler = createAppProtocolHandler(root);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('app:// protocol handler', () => {
  it('is registered as a secure standard scheme without CSP bypass', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges?.bypassCSP).toBeUndefined();
    expect(APP_SCHEME_PRIVILEGES.privileges?.corsEnabled).toBeUndefined();
    const protocol = { handle: vi.fn() };
    handleAppProtocol(protocol as unknown as Protocol, root);
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('serves a real file with the CSP and its MIME type', async () => {
    const res = await handler(new Request('app://spilno/assets/index.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('export const x = 1;');
  });

  it('answers client-side routes with the app shell, and unknown assets with 404', async () => {
    const route = await handler(new Request('app://spilno/operations/42'));
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Spilno</title>');
    expect((await handler(new Request('app://spilno/assets/missing.js'))).status).toBe(404);
  });

  it('refuses traversal attempts without ever returning the secret, CSP included', async () => {
    const attacks = [
      'app://spilno/../secret.txt', 'app://spilno/%2e%2e/secret.txt', 'app://spilno/..%2fsecret.txt',
      'app://spilno/..%5csecret.txt', 'app://spilno//etc/passwd', 'app://spilno/C:/Windows/win.ini',
      'app://spilno/index.html%00.js', 'app://spilno/assets/innocent.js', 'app://evil/index.html',
    ];
    for (const url of attacks) {
      const res = await handler(new Request(url));
      expect([403, 404], url).toContain(res.status);
      expect(await res.text(), url).not.toContain('SECRET');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
    expect((await handler(new Request('app://spilno/assets/innocent.js'))).status).toBe(403);
  });

  it('serves reads only', async () => {
    const res = await handler(new Request('app://spilno/index.html', { method: 'POST', body: 'x' }));
    expect(res.status).toBe(405);
    const head = await handler(new Request('app://spilno/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
