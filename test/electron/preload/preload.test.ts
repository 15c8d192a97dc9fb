import fs from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { apiContract } from '../../../shared/api/index.js';
import { IPC_CALL_CHANNEL, IPC_CHOOSE_CHANNEL, IPC_EVENT_CHANNEL, IPC_MANIFEST_CHANNEL, apiManifest } from '../../../electron/main/ipc.js';

// The preload runs sandboxed, where `require` knows only 'electron'. It is compiled here as
// CommonJS (as tsc emits preload.cjs) and run in a fresh context whose `require` offers nothing
// but a mocked electron module, so an accidental import of anything else fails the test.
const source = fs.readFileSync(path.resolve(import.meta.dirname, '../../../electron/preload/preload.cts'), 'utf8');
const compiled = ts.transpileModule(source, {
  fileName: 'preload.cts',
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
}).outputText;

function runPreload(manifestAnswer: unknown) {
  const exposed: Record<string, unknown> = {};
  const electron = {
    contextBridge: { exposeInMainWorld: vi.fn((key: string, value: unknown) => (exposed[key] = value)) },
    ipcRenderer: Object.assign(new EventEmitter(), {
      sendSync: vi.fn(() => manifestAnswer),
      invoke: vi.fn(async (...args: unknown[]) => ({ ok: true, value: args })),
    }),
  };
  const module = { exports: {} };
  const require = (id: string) => {
    if (id === 'electron') return electron;
    throw new Error(`sandboxed preload cannot require ${id}`);
  };
  vm.runInNewContext(`(function (exports, require, module) {${compiled}\n})`, {})(module.exports, require, module);
  return { electron, exposed };
}

describe('preload', () => {
  it('asks main for the manifest on the manifest channel and exposes only window.api, the event subscription and the file chooser', () => {
    const { electron, exposed } = runPreload(apiManifest());
    expect(electron.ipcRenderer.sendSync).toHaveBeenCalledWith(IPC_MANIFEST_CHANNEL);
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(3);
    expect(Object.keys(exposed)).toEqual(['api', 'spilnoEvents', 'spilnoFiles']);
    expect(Object.keys(exposed.spilnoEvents as object)).toEqual(['subscribe']);
    expect(Object.keys(exposed.spilnoFiles as object)).toEqual(['choose']);
    expect(Object.isFrozen(exposed.spilnoEvents)).toBe(true);
    expect(Object.isFrozen(exposed.spilnoFiles)).toBe(true);
  });

  it('the file chooser sends main only the request on the choose channel (main shows the dialog)', async () => {
    const { electron, exposed } = runPreload(apiManifest());
    const { choose } = exposed.spilnoFiles as { choose(r: unknown): Promise<unknown> };
    await choose({ mode: 'open', purpose: 'bundle' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHOOSE_CHANNEL, { mode: 'open', purpose: 'bundle' });
  });

  it('hands the page only the data of each event on the event channel, until it unsubscribes', () => {
    const { electron, exposed } = runPreload(apiManifest());
    const { subscribe } = exposed.spilnoEvents as { subscribe(fn: (e: unknown) => void): () => void };
    const got: unknown[][] = [];
    const unsubscribe = subscribe((...args: unknown[]) => got.push(args));
    const sender = { send: () => 'the IPC event object must not reach the page' };
    electron.ipcRenderer.emit(IPC_EVENT_CHANNEL, { sender }, { type: 'changed', all: true });
    expect(got).toEqual([[{ type: 'changed', all: true }]]);
    unsubscribe();
    electron.ipcRenderer.emit(IPC_EVENT_CHANNEL, { sender }, { type: 'changed', all: false });
    expect(got).toHaveLength(1);
    expect(electron.ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
    expect(() => subscribe('not a function' as never)).toThrow('subscribe expects a function');
  });

  it('window.api has exactly the contract domains and methods, all functions', () => {
    const api = runPreload(apiManifest()).exposed.api as Record<string, Record<string, unknown>>;
    expect(Object.keys(api).sort()).toEqual(Object.keys(apiContract).sort());
    for (const [domain, methods] of Object.entries(apiContract)) {
      expect(Object.keys(api[domain]!).sort(), domain).toEqual(Object.keys(methods).sort());
      for (const fn of Object.values(api[domain]!)) expect(typeof fn).toBe('function');
    }
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('each method invokes the call channel with its own domain and method and the input only', async () => {
    const { electron, exposed } = runPreload(apiManifest());
    const api = exposed.api as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
    const answer = await api.operations!.create!({ codeName: 'X' });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CALL_CHANNEL, 'operations', 'create', { codeName: 'X' });
    expect(answer).toEqual({ ok: true, value: [IPC_CALL_CHANNEL, 'operations', 'create', { codeName: 'X' }] });
  });

  it('exposes nothing when main refuses the manifest or answers garbage', () => {
    for (const answer of [null, undefined, 'x', { operations: 'list' }, { 'a.b': ['x'] }, { operations: ['list', 'x-y'] }, { operations: [1] }]) {
      expect(runPreload(answer).electron.contextBridge.exposeInMainWorld, JSON.stringify(answer)).not.toHaveBeenCalled();
    }
  });
});
