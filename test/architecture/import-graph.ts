/**
 * The import graph of the source tree, read with the TypeScript parser: every relative import
 * and re-export of electron/, shared/ and renderer/src, with type-only imports left out (they
 * vanish at compile time and cannot make a runtime cycle).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCES = ['electron', 'shared', 'renderer/src'];

function walk(dir: string, out: string[]): void {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|cts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
}

function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(js|cjs|mjs)$/, '');
  for (const c of [`${stem}.ts`, `${stem}.tsx`, `${stem}.cts`, path.join(base, 'index.ts')]) if (fs.existsSync(c)) return c;
  return null;
}

/** Whether a declaration brings in a value at run time (not `import type`, not only `type` names). */
function isRuntime(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return true; // side-effect import
    if (clause.isTypeOnly) return false;
    if (clause.name) return true;
    const bindings = clause.namedBindings;
    if (!bindings) return true;
    if (ts.isNamespaceImport(bindings)) return true;
    return bindings.elements.length === 0 || bindings.elements.some((e) => !e.isTypeOnly);
  }
  if (node.isTypeOnly) return false;
  const clause = node.exportClause;
  return !clause || !ts.isNamedExports(clause) || clause.elements.some((e) => !e.isTypeOnly);
}

export type Graph = Map<string, Set<string>>;

/** Module (path relative to the repo root) → the modules it imports at run time. */
export function importGraph(): Graph {
  const files: string[] = [];
  for (const s of SOURCES) walk(path.join(ROOT, s), files);
  const graph: Graph = new Map();
  for (const file of files) {
    const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
    const deps = new Set<string>();
    for (const st of src.statements) {
      if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) && isRuntime(st)) {
        const to = resolve(file, st.moduleSpecifier.text);
        if (to) deps.add(path.relative(ROOT, to));
      }
    }
    graph.set(path.relative(ROOT, file), deps);
  }
  return graph;
}

/** Strongly connected components with more than one member (or a self-import): the cycles. */
export function cycles(graph: Graph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || graph.get(v)?.has(v)) out.push(comp.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** The graph folded onto folders (`electron/services`, `electron/sync`, …). */
export function folderGraph(graph: Graph, depth = 2): Graph {
  const folder = (f: string) => f.split('/').slice(0, depth).join('/');
  const g: Graph = new Map();
  for (const [from, deps] of graph) {
    const a = folder(from);
    if (!g.has(a)) g.set(a, new Set());
    for (const d of deps) if (folder(d) !== a) g.get(a)!.add(folder(d));
  }
  return g;
}
