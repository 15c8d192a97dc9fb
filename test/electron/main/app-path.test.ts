import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppBlobUrl, isAppUrl, resolveAppAsset, resolveAssetPath } from '../../../electron/main/app-path.js';

// Layout: <tmp>/app is the renderer folder; <tmp>/secret.txt is what an attacker wants.
let tmp: string;
let root: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spilno-app-path-'));
  root = path.join(tmp, 'app');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'assets', 'app.js.map'), '{"sources":["secret.ts"]}');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'SECRET');
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'link-out.txt'));
  fs.symlinkSync(tmp, path.join(root, 'dir-out'));
  fs.symlinkSync(path.join(root, 'index.html'), path.join(root, 'link-in.html'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('app:// path guard', () => {
  it('serves files of the app folder, and index.html for the root', () => {
    expect(resolveAppAsset(root, 'app://spilno/assets/app.js')).toEqual({ kind: 'file', file: fs.realpathSync(path.join(root, 'assets/app.js')) });
    expect(resolveAppAsset(root, 'app://spilno/')).toEqual({ kind: 'file', file: fs.realpathSync(path.join(root, 'index.html')) });
    expect(resolveAppAsset(root, 'app://spilno/nope.js')).toEqual({ kind: 'missing' });
    expect(resolveAppAsset(root, 'app://spilno/assets/')).toEqual({ kind: 'missing' });
  });

  it('never serves a source map, even one left in the folder', () => {
    expect(resolveAppAsset(root, 'app://spilno/assets/app.js.map')).toEqual({ kind: 'refused', reason: 'source map' });
    expect(resolveAppAsset(root, 'app://spilno/assets/app.js.MAP').kind).toBe('refused');
  });

  it('follows symlinks that stay inside the folder', () => {
    expect(resolveAppAsset(root, 'app://spilno/link-in.html')).toMatchObject({ kind: 'file' });
  });

  // Every URL an attacker might hand the protocol handler. WHATWG parsing folds some of them
  // (../, %2e%2e) into a harmless path inside the folder: those answer `missing`, never the secret.
  const attacks: [string, 'refused' | 'missing'][] = [
    ['app://spilno/../secret.txt', 'missing'],
    ['app://spilno/%2e%2e/secret.txt', 'missing'],
    ['app://spilno/%2E%2E/secret.txt', 'missing'],
    ['app://spilno/.%2e/secret.txt', 'missing'],
    ['app://spilno/assets/%2e%2e/%2e%2e/secret.txt', 'missing'],
    ['app://spilno/%252e%252e/secret.txt', 'missing'],
    ['app://spilno/..%2fsecret.txt', 'refused'],
    ['app://spilno/..%2Fsecret.txt', 'refused'],
    ['app://spilno/..%5csecret.txt', 'refused'],
    ['app://spilno/..\\secret.txt', 'refused'],
    ['app://spilno/%2fetc%2fpasswd', 'refused'],
    ['app://spilno//etc/passwd', 'refused'],
    ['app://spilno///server/share/secret.txt', 'refused'],
    ['app://spilno/%5c%5cserver%5cshare', 'refused'],
    ['app://spilno/C:/Windows/win.ini', 'refused'],
    ['app://spilno/C%3a%5cWindows%5cwin.ini', 'refused'],
    ['app://spilno/index.html%00.png', 'refused'],
    ['app://spilno/%E0%A4%A', 'refused'],
    ['app://spilno/link-out.txt', 'refused'],
    ['app://spilno/dir-out/secret.txt', 'refused'],
    ['app:///etc/passwd', 'refused'],
    ['app://evil/index.html', 'refused'],
    ['app://user@spilno/index.html', 'refused'],
    ['app://spilno:8080/index.html', 'refused'],
    ['file:///etc/passwd', 'refused'],
    ['https://spilno/index.html', 'refused'],
  ];
  it.each(attacks)('%s → %s', (url, expected) => {
    const result = resolveAppAsset(root, url);
    expect(result.kind).toBe(expected);
  });

  // The same attacks as raw paths that did not pass through a URL parser.
  const rawAttacks = [
    '/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/.%2E/secret.txt', '/./index.html',
    '/..%2fsecret.txt', '/..\\secret.txt',
    '//server/share', '/C:/x', 'relative.txt', '/a//b', '/index.html\0',
  ];
  it.each(rawAttacks)('raw path %j is refused', (raw) => {
    expect(resolveAssetPath(root, raw).kind).toBe('refused');
  });

  it('an absolute path to the secret as the URL path stays inside the folder', () => {
    // /tmp/.../secret.txt is resolved under the root, where no such file exists.
    expect(resolveAssetPath(root, path.join(tmp, 'secret.txt').split(path.sep).join('/')).kind).toBe('missing');
  });

  it('recognises only the app origin', () => {
    expect(isAppUrl('app://spilno/index.html')).toBe(true);
    expect(isAppUrl('app://spilno')).toBe(true);
    for (const u of ['app://spilno.evil/', 'app://evil/', 'http://spilno/', 'app://a:b@spilno/', 'not a url', '']) {
      expect(isAppUrl(u)).toBe(false);
    }
    expect(isAppBlobUrl('blob:app://spilno/0b7c1f5e-1111-4222-8333-944445555666')).toBe(true);
    expect(isAppBlobUrl('app://spilno/index.html')).toBe(false);
    expect(isAppBlobUrl('blob:https://evil.example/x')).toBe(false);
  });
});
