-- The directory's search index. One document per service (its organization's words and its
-- own, so a search may find some words in each) and one per organization (its own words, so
-- an agency without services is found by name). The store rewrites an organization's
-- documents whenever it writes the organization or one of its services.
CREATE TABLE search_document (
    id INTEGER PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    service_id TEXT UNIQUE REFERENCES service(id) ON DELETE CASCADE,
    -- What ranking and the results page need, so that a search reads no other table.
    organization_key TEXT NOT NULL,
    service_name TEXT,
    -- Folded (accents and case removed) as the search words are.
    body TEXT NOT NULL
);
CREATE INDEX search_document_organization ON search_document(organization_id);

-- Trigrams find any part of a word (« armee » in « l'Armée du Salut », « shelt » in
-- « shelters »), as LIKE '%word%' does, through an index. The documents stay in
-- search_document; the triggers keep the index in step with them.
CREATE VIRTUAL TABLE search_fts USING fts5(
    body, content = 'search_document', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER search_document_inserted AFTER INSERT ON search_document BEGIN
    INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER search_document_deleted AFTER DELETE ON search_document BEGIN
    INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER search_document_updated AFTER UPDATE ON search_document BEGIN
    INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO search_fts (rowid, body) VALUES (new.id, new.body);
END;

INSERT INTO search_document (organization_id, service_id, organization_key, service_name, body)
    SELECT id, NULL, name_key, NULL, search_text FROM organization;
INSERT INTO search_document (organization_id, service_id, organization_key, service_name, body)
    SELECT o.id, s.id, o.name_key, s.name, o.search_text || ' ' || s.search_text
    FROM service s JOIN organization o ON o.id = s.organization_id;

-- A number per kind of data that changes with every write of it, by any app server: a
-- server's in-memory copy (search results, the vocabularies) is good while it holds.
CREATE TABLE data_version (
    name TEXT PRIMARY KEY,
    n INTEGER NOT NULL
);
INSERT INTO data_version (name, n) VALUES ('directory', 0), ('vocabulary', 0);
CREATE TRIGGER search_document_insert_version AFTER INSERT ON search_document BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'directory';
END;
CREATE TRIGGER search_document_update_version AFTER UPDATE ON search_document BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'directory';
END;
CREATE TRIGGER search_document_delete_version AFTER DELETE ON search_document BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'directory';
END;
CREATE TRIGGER attribute_insert_version AFTER INSERT ON attribute BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'directory';
END;
CREATE TRIGGER attribute_update_version AFTER UPDATE ON attribute BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'directory';
END;
CREATE TRIGGER attribute_delete_version AFTER DELETE ON attribute BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'directory';
END;
CREATE TRIGGER service_area_insert_version AFTER INSERT ON service_area BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'directory';
END;
CREATE TRIGGER service_area_update_version AFTER UPDATE ON service_area BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'directory';
END;
CREATE TRIGGER service_area_delete_version AFTER DELETE ON service_area BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'directory';
END;
CREATE TRIGGER taxonomy_term_insert_version AFTER INSERT ON taxonomy_term BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'vocabulary';
END;
CREATE TRIGGER taxonomy_term_update_version AFTER UPDATE ON taxonomy_term BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'vocabulary';
END;
CREATE TRIGGER taxonomy_term_delete_version AFTER DELETE ON taxonomy_term BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'vocabulary';
END;
CREATE TRIGGER area_insert_version AFTER INSERT ON area BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'vocabulary';
END;
CREATE TRIGGER area_update_version AFTER UPDATE ON area BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'vocabulary';
END;
CREATE TRIGGER area_delete_version AFTER DELETE ON area BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'vocabulary';
END;
