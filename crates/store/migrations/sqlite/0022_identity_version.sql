-- The identity index each app server keeps in memory (the referrals' identifying fields and
-- the linkage model) is good while this number holds: it moves when a referral's identifying
-- fields are erased (consent ended) or a referral deleted, or a model is saved, by any
-- server. New referrals need no number (a server reads those after the latest it knows),
-- and a saved referral's identifying fields are never edited.
INSERT INTO data_version (name, n) VALUES ('identity', 0);
CREATE TRIGGER referral_identity_update_version AFTER UPDATE OF redacted_at ON referral BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'identity';
END;
CREATE TRIGGER referral_identity_delete_version AFTER DELETE ON referral BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'identity';
END;
CREATE TRIGGER linkage_model_insert_version AFTER INSERT ON linkage_model BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'identity';
END;
CREATE TRIGGER linkage_model_update_version AFTER UPDATE ON linkage_model BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'identity';
END;
CREATE TRIGGER linkage_model_delete_version AFTER DELETE ON linkage_model BEGIN
    UPDATE data_version SET n = n + 1 WHERE name = 'identity';
END;
