-- Who accepted a conflict override: the operator this installation records under (audit.ts's
-- currentActor), not only the site. The conflict lists showed «DMS · unit · site 3f2a…», which
-- names no one a coordinator could ask. Older overrides keep an empty operator and read as before.
ALTER TABLE conflict_overrides ADD COLUMN operator TEXT NOT NULL DEFAULT '';
