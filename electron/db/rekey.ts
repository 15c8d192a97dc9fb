/**
 * Copies a store into a new file under another key (or none): how encryption is turned on and
 * off without a page in clear outside the original file.
 *
 * SQLite's own rekey rewrites the file in place and, to be able to roll back, first writes every
 * original page to a rollback journal: turning encryption on left `spilno.db-journal` with the
 * plans in clear, written then deleted — recoverable from the disk (issue 14, defect 3). Here the
 * encrypted side is always the main database of the copying connection and the other file is
 * attached (`KEY ''` for a plain file, `KEY x'…'` for a keyed one), the target is written with
 * no journal file at all (it is a new file: a failure deletes it), and temporary storage is in
 * memory, so the only plaintext the copy reads is the original file and the only file it writes
 * is the target, encrypted or not as asked. The schema is recreated from the source's own
 * `sqlite_schema` text (tables and indexes first, then the rows, then triggers and views), so the
 * copy has exactly the source's schema; rowids, AUTOINCREMENT counters and `user_version` are
 * kept.
 */
import fs from 'node:fs';
import { CIPHER, cipherDatabaseClass, type Db } from './cipher.js';

export interface StoreFile {
  file: string;
  /** 32-byte key; null for a plain file. */
  key: Buffer | null;
}

function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

interface SchemaRow {
  type: 'table' | 'index' | 'trigger' | 'view';
  name: string;
  sql: string | null;
}

/** Writes `to` (which must not exist) as a copy of `from`, fsynced. */
export function copyStore(from: StoreFile, to: StoreFile, options: { nativeBinding?: string; wal?: boolean } = {}): void {
  if (fs.existsSync(to.file)) throw new Error(`Refusing to overwrite ${to.file}`);
  const Driver = cipherDatabaseClass();
  // An empty file made 0600 first: SQLite keeps the mode of a file it opens.
  fs.closeSync(fs.openSync(to.file, 'wx', 0o600));
  let db: Db | null = null;
  try {
    db = new Driver(to.file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
    db.pragma(`cipher='${CIPHER}'`);
    if (to.key) db.pragma(`hexkey='${to.key.toString('hex')}'`);
    // No journal file: the file is new (a failure deletes it), and the cipher refuses OFF; an
    // in-memory journal holds nothing here, as new pages past the file's end are not journaled.
    db.pragma('journal_mode = MEMORY');
    db.pragma('temp_store = MEMORY');
    db.pragma('synchronous = OFF');
    if (from.key && to.key && !from.key.equals(to.key)) throw new Error('copyStore re-keys only to or from a plain file');
    // Attached without KEY, a database takes the main one's key (same key on both sides).
    const keyClause = !from.key ? " KEY ''" : to.key ? '' : ` KEY x'${from.key.toString('hex')}'`;
    db.prepare(`ATTACH DATABASE ? AS src${keyClause}`).run(from.file);
    const schema = db.prepare(
      "SELECT type, name, sql FROM src.sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY rowid",
    ).all() as SchemaRow[];
    const copy = db.transaction(() => {
      for (const s of schema) if ((s.type === 'table' || s.type === 'index') && s.sql) db!.exec(s.sql);
      for (const s of schema) {
        if (s.type !== 'table') continue;
        const cols = (db!.prepare(`SELECT name, hidden FROM pragma_table_xinfo(?, 'src')`).all(s.name) as { name: string; hidden: number }[])
          .filter((c) => c.hidden === 0).map((c) => quoteId(c.name));
        const rowid = (db!.prepare("SELECT wr FROM pragma_table_list WHERE schema = 'src' AND name = ?").get(s.name) as { wr: number }).wr === 0;
        const list = (rowid ? ['rowid', ...cols] : cols).join(', ');
        db!.exec(`INSERT INTO main.${quoteId(s.name)} (${list}) SELECT ${list} FROM src.${quoteId(s.name)}`);
      }
      if (db!.prepare("SELECT 1 FROM src.sqlite_schema WHERE name = 'sqlite_sequence'").get()) {
        db!.exec('DELETE FROM main.sqlite_sequence; INSERT INTO main.sqlite_sequence (name, seq) SELECT name, seq FROM src.sqlite_sequence');
      }
      for (const s of schema) if ((s.type === 'trigger' || s.type === 'view') && s.sql) db!.exec(s.sql);
      db!.pragma(`user_version = ${Number(db!.pragma('src.user_version', { simple: true }))}`);
    });
    copy();
    db.exec('DETACH DATABASE src');
    // WAL from the start, so the first open does not switch modes through a rollback journal.
    if (options.wal) db.pragma('journal_mode = WAL');
    db.close();
    db = null;
    const fd = fs.openSync(to.file, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if (db?.open) db.close();
    fs.rmSync(to.file, { force: true });
    throw e;
  }
}
