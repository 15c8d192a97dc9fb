/** The export log (migration 0005): who produced which file, for whom, when, with what hash. */
import type { Db } from '../connection.js';
import { stmt } from '../statements.js';

export interface ExportLogRow {
  id: string;
  operationId: string;
  kind: 'briefing' | 'ics' | 'vcard' | 'pack' | 'geojson' | 'kml' | 'tak';
  recipientAgencyId: string | null;
  scope: string;
  lang: string;
  siteId: string;
  siteAgencyId: string;
  siteUnitName: string;
  createdAt: string;
  sha256: string;
  byteSize: number;
  encryptedTo: number;
}

export function insertExportLog(db: Db, row: ExportLogRow): void {
  stmt(db, `INSERT INTO export_log (id, operation_id, kind, recipient_agency_id, scope, lang, site_id,
              site_agency_id, site_unit_name, created_at, sha256, byte_size, encrypted_to)
            VALUES (@id, @operationId, @kind, @recipientAgencyId, @scope, @lang, @siteId,
              @siteAgencyId, @siteUnitName, @createdAt, @sha256, @byteSize, @encryptedTo)`).run(row);
}

export function exportLogExists(db: Db, id: string): boolean {
  return stmt(db, 'SELECT 1 FROM export_log WHERE id = @id').get({ id }) !== undefined;
}

export function listExportLog(db: Db, operationId: string | null, limit: number): ExportLogRow[] {
  return stmt(db, `SELECT id, operation_id AS operationId, kind, recipient_agency_id AS recipientAgencyId,
                          scope, lang, site_id AS siteId, site_agency_id AS siteAgencyId,
                          site_unit_name AS siteUnitName, created_at AS createdAt, sha256,
                          byte_size AS byteSize, encrypted_to AS encryptedTo
                     FROM export_log
                    WHERE @operationId IS NULL OR operation_id = @operationId
                    ORDER BY created_at DESC, id
                    LIMIT @limit`).all({ operationId, limit }) as ExportLogRow[];
}
