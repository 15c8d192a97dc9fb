/**
 * Real Syncthing daemons (Debian's `syncthing`) for integration tests: each with its own home,
 * GUI/API port and sync port on 127.0.0.1, configured only through its REST API (the API key
 * from the config.xml that `syncthing generate` wrote), with global and local discovery,
 * relays, NAT traversal, usage and crash reporting and upgrades off — nothing leaves the
 * machine. Stopped by PID.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface Daemon {
  readonly name: string;
  readonly home: string;
  readonly proc: ChildProcess;
  readonly apiKey: string;
  readonly guiPort: number;
  readonly syncPort: number;
  readonly deviceId: string;
  api<T = unknown>(method: string, route: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined> | T | null | undefined, what: string, timeoutMs: number, everyMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v !== null && v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function exited(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => proc.once('exit', () => resolve()));
}

/** Stops a process by its PID: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopByPid(proc: ChildProcess, graceMs = 10_000): Promise<void> {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = exited(proc);
  try {
    process.kill(proc.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = new Promise<'late'>((r) => setTimeout(() => r('late'), graceMs));
  if ((await Promise.race([gone.then(() => 'done' as const), timer])) === 'late') {
    try {
      process.kill(proc.pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
    await gone;
  }
}

export async function startDaemon(name: string, home: string): Promise<Daemon> {
  fs.mkdirSync(home, { recursive: true });
  execFileSync('syncthing', ['generate', `--home=${home}`, '--no-default-folder'], { stdio: 'pipe' });
  const config = fs.readFileSync(path.join(home, 'config.xml'), 'utf8');
  const apiKey = /<apikey>([^<]+)<\/apikey>/.exec(config)?.[1];
  if (!apiKey) throw new Error(`No API key in ${home}/config.xml`);
  const guiPort = await freePort();
  const syncPort = await freePort();
  const log = fs.openSync(path.join(home, 'syncthing.log'), 'a');
  const proc = spawn('syncthing', [
    'serve', `--home=${home}`, '--no-browser', '--no-restart', '--no-upgrade', '--no-default-folder',
    `--gui-address=http://127.0.0.1:${guiPort}`,
  ], {
    env: { ...process.env, HOME: home, STNODEFAULTFOLDER: '1', STNOUPGRADE: '1', STNORESTART: '1' },
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const api = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`http://127.0.0.1:${guiPort}${route}`, {
      method, headers: { 'X-API-Key': apiKey, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`${name}: ${method} ${route} → ${res.status} ${await res.text()}`);
    const text = await res.text();
    return (text ? JSON.parse(text) : null) as T;
  };
  const daemon = { name, home, proc, apiKey, guiPort, syncPort, api, deviceId: '', stop: () => stopByPid(proc) };
  try {
    await waitFor(async () => (await api<{ ping: string }>('GET', '/rest/system/ping')).ping === 'pong', `${name}'s REST API`, 60_000);
    const status = await api<{ myID: string }>('GET', '/rest/system/status');
    daemon.deviceId = status.myID;
    await api('PATCH', '/rest/config/options', {
      listenAddresses: [`tcp://127.0.0.1:${syncPort}`],
      globalAnnounceEnabled: false, localAnnounceEnabled: false, relaysEnabled: false, natEnabled: false,
      urAccepted: -1, crashReportingEnabled: false, autoUpgradeIntervalH: 0, startBrowser: false,
      reconnectionIntervalS: 1, progressUpdateIntervalS: 1,
    });
  } catch (e) {
    await stopByPid(proc);
    throw e;
  }
  return daemon;
}

/** Each daemon knows the others by device id and 127.0.0.1 address. */
export async function introduce(daemons: readonly Daemon[]): Promise<void> {
  for (const d of daemons) {
    for (const other of daemons) {
      if (other === d) continue;
      await d.api('POST', '/rest/config/devices', {
        deviceID: other.deviceId, name: other.name, addresses: [`tcp://127.0.0.1:${other.syncPort}`],
        autoAcceptFolders: false, introducer: false,
      });
    }
  }
}

/**
 * One direction of a mailbox: `from`'s folder (send only) delivered to `to`'s (receive only),
 * watched for changes with a one-second delay and rescanned every five seconds as a fallback.
 * Our own temporary files (`.NAME.RANDOM.part`) are never sent.
 */
export async function shareOneWay(id: string, from: Daemon, fromPath: string, to: Daemon, toPath: string): Promise<void> {
  const folder = (type: string, p: string, peer: Daemon) => ({
    id, label: id, path: p, type, devices: [{ deviceID: peer.deviceId }],
    fsWatcherEnabled: true, fsWatcherDelayS: 1, rescanIntervalS: 5,
  });
  fs.mkdirSync(fromPath, { recursive: true });
  fs.mkdirSync(toPath, { recursive: true });
  await from.api('POST', '/rest/config/folders', folder('sendonly', fromPath, to));
  await to.api('POST', '/rest/config/folders', folder('receiveonly', toPath, from));
  await from.api('POST', `/rest/db/ignores?folder=${encodeURIComponent(id)}`, { ignore: ['(?d).*.part'] });
}
