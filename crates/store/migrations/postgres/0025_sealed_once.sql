-- A child's own identifier is sealed once for its authority, not again in every extract that
-- holds the child (decision 0036): an extract's sealed identifiers are those of its children.
CREATE TABLE sealed_ids (
    authority_code BIGINT NOT NULL,
    child_id TEXT NOT NULL,
    sealed TEXT NOT NULL,
    PRIMARY KEY (authority_code, child_id)
);

INSERT INTO sealed_ids (authority_code, child_id, sealed)
SELECT e.authority_code, s.child_id, MIN(s.sealed)
FROM sealed_child_ids s JOIN extracts e ON e.id = s.extract_id
GROUP BY e.authority_code, s.child_id;

DROP TABLE sealed_child_ids;
