/**
 * No import cycles. A module cycle makes load order matter (a value read before its module ran)
 * and hides who depends on whom; `db/connection → migrate → backup → connection` was one.
 * Type-only imports are left out: they vanish when compiled.
 *
 * Folders (electron/services, electron/sync, …) are checked too, and none is in a cycle: the
 * rights rule (electron/rights) sits below services, sync and security sit above them, and a
 * service names their types only (eslint.config.js holds the same layers per import).
 */
import { describe, expect, it } from 'vitest';
import { cycles, folderGraph, importGraph, type Graph } from './import-graph.js';

const KNOWN_FOLDER_CYCLES: string[][] = [];

describe('import graph', () => {
  const graph = importGraph();

  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('electron/main/main.ts')).toContain('electron/core/core-client.ts');
  });

  it('has no cycle between modules', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no cycle between folders but the one listed', () => {
    expect(cycles(folderGraph(graph))).toEqual(KNOWN_FOLDER_CYCLES);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const g: Graph = new Map([['a.ts', new Set(['b.ts'])], ['b.ts', new Set(['c.ts'])], ['c.ts', new Set(['a.ts'])], ['d.ts', new Set(['a.ts'])]]);
    expect(cycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
