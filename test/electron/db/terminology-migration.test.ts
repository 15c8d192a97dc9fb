/**
 * Migration 0006 (one term per concept) from a v5 database as the previous Spilno left it: the
 * seeded agencies gain short names and the English names the bodies use, an agency a user
 * renamed keeps the user's name, and old clearance values become forms (ДСК is no clearance).
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databasePath, openDatabaseFile } from '../../../electron/db/connection.js';
import { loadMigrations, migrate } from '../../../electron/db/migrate.js';
import { listAgencies } from '../../../electron/db/repos/agencies.repo.js';
import { getPerson } from '../../../electron/db/repos/directory.repo.js';
import { agencyShort } from '../../../shared/domain/directory.js';
import { tempDataDir } from '../../helpers/temp-context.js';

const dir = tempDataDir('spilno-mig6-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 0006 (terminology)', () => {
  it('names agencies in Cyrillic, fixes English names, keeps user edits, maps clearances to forms', () => {
    const all = loadMigrations();
    const six = all.find((m) => m.name.startsWith('0006-'))!;
    const file = databasePath(dir);
    const db = openDatabaseFile(file, { skipMigrations: true });
    migrate(db, file, all.slice(0, six.version - 1));
    const agency = db.prepare('INSERT INTO agencies (id, code, name_uk, name_en, kind, color) VALUES (?, ?, ?, ?, ?, ?)');
    agency.run('DMS', 'DMS', 'Державна митна служба України (митниці)', 'State Customs Service (customs offices)', 'customs', '#1f5fbf');
    agency.run('BEB', 'BEB', 'Бюро економічної безпеки України', 'Bureau of Economic Security', 'economic', '#ef6c00');
    agency.run('RYB', 'RYB', 'Органи рибоохорони', 'Fish protection bodies', 'environmental', '#0277bd');
    agency.run('OGP', 'OGP', 'Органи прокуратури', 'Regional prosecutor (edited here)', 'prosecution', '#8d1c1c');
    agency.run('XCUS', 'XCUS', 'Агенція, додана користувачем', 'User-added agency', 'foreign', '#000000');
    const person = db.prepare("INSERT INTO people (id, agency_id, full_name, clearance) VALUES (?, 'DMS', ?, ?)");
    person.run('p1', 'Коваленко', 'dsk');
    person.run('p2', 'Мельник', 'secret');
    person.run('p3', 'Шевчук', 'top_secret');
    person.run('p4', 'Бондар', 'none');

    migrate(db, file, all.slice(0, six.version));
    const byId = new Map(listAgencies(db).map((a) => [a.id, a]));
    expect(agencyShort(byId.get('DMS')!, 'uk')).toBe('ДМС');
    expect(agencyShort(byId.get('OGP')!, 'uk')).toBe('прокуратура');
    expect(byId.get('DMS')!.nameEn).toBe('State Customs Service of Ukraine (customs offices)');
    expect(byId.get('BEB')!.nameEn).toBe('Economic Security Bureau of Ukraine');
    expect(byId.get('RYB')!.nameEn).toBe('Fisheries protection bodies');
    expect(byId.get('OGP')!.nameEn).toBe('Regional prosecutor (edited here)');
    // An agency the seed does not know keeps its code as its short name.
    expect(agencyShort(byId.get('XCUS')!, 'uk')).toBe('XCUS');
    expect(['p1', 'p2', 'p3', 'p4'].map((id) => getPerson(db, id)!.clearance)).toEqual(['none', 'form3', 'form2', 'none']);
    db.close();
  });
});
