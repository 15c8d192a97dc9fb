-- One term per concept (issue 16). Agencies get short names for running text: a Latin code
-- (DMS, OGP) is an identifier, not a word of Ukrainian text. Seeded agencies receive theirs, and
-- the English names the bodies use themselves, only where the seeded value is still unchanged (a
-- user's edit wins). Every site runs the same statements, so no change record is written.
ALTER TABLE agencies ADD COLUMN short_uk TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN short_en TEXT NOT NULL DEFAULT '';

UPDATE agencies SET short_uk = 'ДМС', short_en = 'SCS' WHERE id = 'DMS' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'НПУ', short_en = 'NPU' WHERE id = 'NPU' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'СБУ', short_en = 'SSU' WHERE id = 'SBU' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'ДПСУ', short_en = 'SBGS' WHERE id = 'DPSU' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'прокуратура', short_en = 'prosecutor''s office' WHERE id = 'OGP' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'БЕБ', short_en = 'ESBU' WHERE id = 'BEB' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'НАБУ', short_en = 'NABU' WHERE id = 'NABU' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'ДБР', short_en = 'SBI' WHERE id = 'DBR' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'ВСП', short_en = 'MLES' WHERE id = 'VSP' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'держфінконтроль', short_en = 'financial control' WHERE id = 'DAS' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'рибоохорона', short_en = 'fisheries protection' WHERE id = 'RYB' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'лісова охорона', short_en = 'forest protection' WHERE id = 'LIS' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'ДКВС', short_en = 'penitentiary' WHERE id = 'DKVS' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'Інтерпол', short_en = 'Interpol' WHERE id = 'INTERPOL' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'Європол', short_en = 'Europol' WHERE id = 'EUROPOL' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'ВМО', short_en = 'WCO' WHERE id = 'WCO' AND short_uk = '' AND short_en = '';
UPDATE agencies SET short_uk = 'іноземні органи', short_en = 'foreign bodies' WHERE id = 'FOREIGN' AND short_uk = '' AND short_en = '';

UPDATE agencies SET name_en = 'State Customs Service of Ukraine (customs offices)' WHERE id = 'DMS' AND name_en = 'State Customs Service (customs offices)';
UPDATE agencies SET name_en = 'National Police of Ukraine' WHERE id = 'NPU' AND name_en = 'National Police';
UPDATE agencies SET name_en = 'State Border Guard Service of Ukraine' WHERE id = 'DPSU' AND name_en = 'State Border Guard Service';
UPDATE agencies SET name_en = 'Economic Security Bureau of Ukraine' WHERE id = 'BEB' AND name_en = 'Bureau of Economic Security';
UPDATE agencies SET name_en = 'National Anti-Corruption Bureau of Ukraine' WHERE id = 'NABU' AND name_en = 'National Anti-Corruption Bureau';
UPDATE agencies SET name_en = 'Military Law Enforcement Service of the Armed Forces of Ukraine' WHERE id = 'VSP' AND name_en = 'Military Law Enforcement Service';
UPDATE agencies SET name_en = 'Fisheries protection bodies' WHERE id = 'RYB' AND name_en = 'Fish protection bodies';

-- A clearance (допуск) is form 1, 2 or 3, or none; «ДСК» is a document marking, not a clearance.
-- The old levels become the lowest form that opens them (shared/domain/enums.ts LEGACY_CLEARANCE).
UPDATE people SET clearance = CASE clearance
  WHEN 'dsk' THEN 'none' WHEN 'secret' THEN 'form3' WHEN 'top_secret' THEN 'form2' ELSE clearance END
WHERE clearance IN ('dsk', 'secret', 'top_secret');
