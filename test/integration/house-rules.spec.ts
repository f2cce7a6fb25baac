import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { NODE_OPTIONS } from '../../src/common/node-options';

const ROOT = join(__dirname, '..', '..');

/**
 * Where SQL may be written, or where the rule does not reach yet: one list, each entry with its reason.
 * Migrations live outside src/ and are not scanned.
 */
const SQL_ALLOWED: ReadonlyArray<{ path: RegExp; why: string }> = [
  { path: /\.repository\.ts$/, why: 'repositories are where SQL lives' },
  { path: /\.spec\.ts$/, why: 'tests arrange and inspect rows' },
  { path: /^src\/database\//, why: 'the SQL runtime itself: the pool, transactions, the migration runner' },
];

/** A connection probe reads no table: the health check and the Postgres queue backend's ping send it. */
const PROBES = new Set(['SELECT 1']);

/** Methods that send their first argument to Postgres (pg's `query`, the Db helpers). */
const SENDS_SQL = new Set(['query', 'one', 'many', 'exec']);

const SQL_WORD = /\b(SELECT|INSERT|UPDATE|DELETE|WITH|ANALYZE|VACUUM|TRUNCATE|BEGIN|COMMIT|ROLLBACK|SET|LOCK|CREATE|ALTER|DROP)\b/;
const SQL_STATEMENT = /^\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|WITH\s+\w+\s+AS\s*\(|ANALYZE\s|TRUNCATE\s|SET\s+TRANSACTION\s)/;

export interface Finding {
  file: string;
  line: number;
  sql: string;
}

/** The text of a string or template literal (a substitution reads as `$x`); undefined for anything else. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => `$x${s.literal.text}`).join('');
  return undefined;
}

/**
 * SQL written in one source file: literals sent to query()/one()/many()/exec(), and literals that are a
 * statement (SQL kept in constants); with `anyLiteral`, every literal with an SQL word (fragments too).
 */
export function sqlIn(file: string, source: string, anyLiteral = false): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found = new Map<number, Finding>();
  const add = (node: ts.Node, sql: string) => {
    if (PROBES.has(sql.trim())) return;
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    found.set(node.getStart(sf), { file, line, sql: sql.replace(/\s+/g, ' ').trim() });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
      const sql = name && SENDS_SQL.has(name) ? literalText(node.arguments[0]) : undefined;
      if (sql !== undefined && SQL_WORD.test(sql)) add(node.arguments[0], sql);
    }
    const text = literalText(node);
    if (text !== undefined && (anyLiteral ? SQL_WORD.test(text) : SQL_STATEMENT.test(text))) add(node, text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return [...found.values()].sort((a, b) => a.line - b.line);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** src/ files by path from the project root, with '/' separators. */
const srcFiles = () => sourceFiles(join(ROOT, 'src')).map((p) => relative(ROOT, p).split(sep).join('/'));

describe('house rule: SQL only in *.repository.ts', () => {
  it('no file under src/ outside the allowed list writes SQL', () => {
    const findings = srcFiles()
      .filter((file) => !SQL_ALLOWED.some((a) => a.path.test(file)))
      .flatMap((file) => sqlIn(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(findings.map((f) => `${f.file}:${f.line} ${f.sql.slice(0, 90)}`)).toEqual([]);
  });

  it("the job outbox is the jobs module's table: no other module names it in SQL", () => {
    const readers = srcFiles()
      .filter((file) => !file.startsWith('src/jobs/') && !file.endsWith('.spec.ts'))
      .flatMap((file) => sqlIn(file, readFileSync(join(ROOT, file), 'utf8'), true).filter((f) => /\bjob_outbox\b/.test(f.sql)))
      .map((f) => `${f.file}:${f.line}`);
    expect(readers).toEqual([]);
  });

  it('the scan finds SQL sent from a service, kept in a constant, or built in a template, and lets probes and regex exec pass', () => {
    const service = [
      "const TABLES = [{ key: 'orders', sql: 'SELECT * FROM orders WHERE business_id = $1' }];",
      'class S {',
      '  async a(c) {',
      "    await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');",
      "    await this.db.exec(`DELETE FROM job_outbox WHERE dispatched_at < now() - interval '1 day'`);",
      '    await this.db.many(`SELECT id FROM ${table} WHERE id = $1`, [1]);',
      "    await this.db.one('SELECT 1');",
      '    const m = /^Bearer (\\S+)$/.exec(header);',
      "    this.logger.warn('select failed: the update did not apply');",
      '  }',
      '}',
    ].join('\n');
    expect(sqlIn('src/x/x.service.ts', service).map((f) => [f.line, f.sql])).toEqual([
      [1, 'SELECT * FROM orders WHERE business_id = $1'],
      [4, 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY'],
      [5, "DELETE FROM job_outbox WHERE dispatched_at < now() - interval '1 day'"],
      [6, 'SELECT id FROM $x WHERE id = $1'],
    ]);
  });
});

describe('house rule: every launcher starts node with the same V8 options', () => {
  it('docker/Dockerfile, npm start and npm run demo carry src/common/node-options.ts (the bench imports it)', () => {
    expect(NODE_OPTIONS).toMatch(/^--max-semi-space-size=\d+$/);
    const dockerfile = readFileSync(join(ROOT, 'docker', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`NODE_OPTIONS="${NODE_OPTIONS}"`);
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(`node ${NODE_OPTIONS} dist/src/main.js`);
    expect(scripts.demo).toContain(`node ${NODE_OPTIONS} dist/scripts/demo.js`);
    const bench = readFileSync(join(ROOT, 'bench', 'common.ts'), 'utf8');
    expect(bench).toContain("import { NODE_OPTIONS } from '../src/common/node-options';");
  });
});
