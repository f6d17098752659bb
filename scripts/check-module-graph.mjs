#!/usr/bin/env node
// Module dependency check: no two feature modules (src/modules/<name>) may depend on each other, directly or
// through others. Reads every non-test TypeScript file under src/modules (specs and testing/ folders excluded),
// resolves its relative imports and fails, printing the cycle, when the module graph has one. The graph is the one
// the compiled code has: `import type` (and imports whose every name is a type) are erased by TypeScript and load
// nothing, so they are listed but do not count; an entity may name another module's entity in a relation by its
// class name ('CaseEntity') with a type import. Run by `npm run lint` (and so by `npm test`).
//
//   node scripts/check-module-graph.mjs           check; print cycles on failure
//   node scripts/check-module-graph.mjs --print   also print the graph (module -> imports, with import counts)
//
// Cycles known to be left for another change are listed in scripts/module-graph.allowed.json as single edges
// ("cases -> intake", with the reason): the graph without those edges must be acyclic. An entry that no longer
// exists is reported so that the list only shrinks.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const modulesDir = path.join(root, 'src', 'modules');
const print = process.argv.includes('--print');

const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.d.ts');
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'testing' ? [] : walk(full);
    return isSource(name) ? [full] : [];
  });

const moduleOf = (file) => {
  const rel = path.relative(modulesDir, file);
  return rel.startsWith('..') ? null : rel.split(path.sep)[0];
};

/** Whether an import or export declaration is erased from the compiled code (types only). */
function typeOnly(node) {
  if (ts.isExportDeclaration(node)) return node.isTypeOnly || (!!node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
  const clause = node.importClause;
  if (!clause) return false; // import './x.js' runs the file
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** Every module specifier of a file with whether it is type-only: import/export declarations, import('…'), import types. */
function specifiers(file) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push({ spec: node.moduleSpecifier.text, type: typeOnly(node) });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      out.push({ spec: node.arguments[0].text, type: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push({ spec: node.argument.literal.text, type: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** module -> (imported module -> [file: specifier]); typeGraph: the same for type-only imports. */
const graph = new Map();
const typeGraph = new Map();
const modules = readdirSync(modulesDir).filter((n) => statSync(path.join(modulesDir, n)).isDirectory());
for (const m of modules) {
  graph.set(m, new Map());
  typeGraph.set(m, new Map());
}
for (const file of walk(modulesDir)) {
  const from = moduleOf(file);
  for (const { spec, type } of specifiers(file)) {
    if (!spec.startsWith('.')) continue;
    const to = moduleOf(path.resolve(path.dirname(file), spec));
    if (!to || to === from) continue;
    const edges = (type ? typeGraph : graph).get(from);
    if (!edges.has(to)) edges.set(to, []);
    edges.get(to).push(`${path.relative(root, file)}: ${spec}`);
  }
}

const allowedFile = path.join(root, 'scripts', 'module-graph.allowed.json');
let allowed = [];
try {
  allowed = JSON.parse(readFileSync(allowedFile, 'utf8')).edges ?? [];
} catch (e) {
  if (e.code !== 'ENOENT') throw e;
}
const allowedEdges = new Set(allowed.map((a) => a.edge.replace(/\s+/g, '')));
const isAllowed = (from, to) => allowedEdges.has(`${from}->${to}`);

if (print) {
  console.log('Module graph (module -> imported modules, number of import statements):');
  for (const [m, edges] of [...graph].sort(([a], [b]) => a.localeCompare(b))) {
    const list = [...edges].sort(([a], [b]) => a.localeCompare(b)).map(([to, refs]) => `${to}(${refs.length})${isAllowed(m, to) ? '*' : ''}`);
    console.log(`  ${m} -> ${list.join(' ') || '—'}`);
  }
  if (allowedEdges.size) console.log('  (* an edge of a known cycle listed in scripts/module-graph.allowed.json)');
  console.log('Type-only imports (erased when compiled; not part of the check):');
  for (const [m, edges] of [...typeGraph].sort(([a], [b]) => a.localeCompare(b))) {
    const list = [...edges].filter(([to]) => !graph.get(m).has(to)).map(([to, refs]) => `${to}(${refs.length})`);
    if (list.length) console.log(`  ${m} -> ${list.sort().join(' ')}`);
  }
}

/** Strongly connected components (Tarjan) of the graph without the allowed edges; any with two or more modules is a cycle. */
function cycles(skipAllowed) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (skipAllowed && isAllowed(v, w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

const found = cycles(true);
for (const entry of allowed) {
  const [from, to] = entry.edge.split('->').map((s) => s.trim());
  if (!graph.get(from)?.has(to)) console.log(`note: allowed edge ${entry.edge} no longer exists; remove it from ${path.relative(root, allowedFile)}`);
}
if (found.length === 0) {
  const known = cycles(false);
  if (known.length) console.log(`module graph: no new cycles; the allowed edges still close cycles among: ${known.map((c) => c.join(', ')).join('; ')}`);
  else console.log('module graph: no cycles');
  process.exit(0);
}
console.error('Module dependency cycles (src/modules/<name>): no two modules may depend on each other.');
for (const component of found) {
  console.error(`\ncycle among: ${component.join(', ')}`);
  for (const from of component) {
    for (const [to, refs] of graph.get(from)) {
      if (!component.includes(to) || isAllowed(from, to)) continue;
      console.error(`  ${from} -> ${to}`);
      for (const ref of refs.slice(0, 5)) console.error(`      ${ref}`);
      if (refs.length > 5) console.error(`      … and ${refs.length - 5} more`);
    }
  }
}
process.exit(1);
