import { describe, expect, it } from 'vitest';
import { apiContract } from '../../../shared/api/index.js';
import { hasMessage, tDynamic } from '../../../shared/i18n/index.js';
import { auditActionKey } from '../../../shared/i18n/messages/audit-actions.js';

/** Methods that only read (or move bytes of a file being chosen): nothing of theirs is audited. */
const READS = /^(list|get|info|setup$|scan|taskCounts|forOperation|criticalPath|whatIfSlip|facets|verify|operator$|status|identity$|keyProtection|peers|previewImport|conflicts$|planConflicts|jobProgress|quarantine|bundleLog|watchStatus|touch|log$|map$|place$|tile$|openTiles|beginUpload|uploadChunk|downloadChunk|release|folders|listChanges)/;

describe('audit actions in words', () => {
  it('every API method that writes has its action in both languages', () => {
    const missing: string[] = [];
    for (const [domain, methods] of Object.entries(apiContract as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(methods)) {
        if (domain === 'files' || READS.test(method)) continue;
        const { key } = auditActionKey(`${domain}.${method}`);
        if (!hasMessage(key)) missing.push(`${domain}.${method}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('a command-line entry names the command', () => {
    const { key, params } = auditActionKey('cli.bundle.import');
    expect(tDynamic('uk', key, params)).toBe('Командний рядок: spilno bundle import');
    expect(tDynamic('en', auditActionKey('tasks.update').key)).toBe('Task changed');
    expect(tDynamic('uk', auditActionKey('backup.pre-migration').key)).toBe('Резервна копія перед оновленням схеми');
  });
});
