-- The identity index each app server keeps in memory (the referrals' identifying fields and
-- the linkage model) is good while this number holds: it moves when a referral's identifying
-- fields are erased (consent ended) or a referral deleted, or a model is saved, by any
-- server. New referrals need no number (a server reads those after the latest it knows),
-- and a saved referral's identifying fields are never edited.
INSERT INTO data_version (name, n) VALUES ('identity', 0);
CREATE TRIGGER referral_identity_version AFTER UPDATE OF redacted_at OR DELETE OR TRUNCATE ON referral
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('identity');
CREATE TRIGGER linkage_model_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON linkage_model
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('identity');
