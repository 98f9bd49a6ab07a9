-- Kinds of data whose derived answers an app server keeps in memory (decision 0030): the
-- network map's measures, the followed tenancies, the outcome reports, pages of units and
-- offers. As with 'directory' (0021), every write of a table of a kind raises the kind's
-- number, whichever server or tool makes it; an answer names the kinds it reads and is kept
-- only while their numbers hold.
--   network:       agencies (their names and locations), relationships, meetings and
--                  who sat at them, outreach marks, contacts and follow-ups;
--   housing:       landlords, properties and units;
--   availability:  the units open by month, neighbourhood and size;
--   tenancies:     tenancies, their contacts and the follow-up cadence;
--   persons:       referrals and persons (names, households, returns);
--   offers:        offers;
--   list_flows:    the by-name list's inflows and outflows.
INSERT INTO data_version (name, n) VALUES ('network', 0), ('housing', 0), ('availability', 0), ('tenancies', 0), ('persons', 0), ('offers', 0), ('list_flows', 0);
CREATE TRIGGER organization_network_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON organization
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('network');
CREATE TRIGGER location_network_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON location
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('network');
CREATE TRIGGER relationship_network_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON relationship
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('network');
CREATE TRIGGER meeting_network_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meeting
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('network');
CREATE TRIGGER meeting_agency_network_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meeting_agency
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('network');
CREATE TRIGGER outreach_mark_network_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON outreach_mark
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('network');
CREATE TRIGGER outreach_contact_network_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON outreach_contact
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('network');
CREATE TRIGGER follow_up_network_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON follow_up
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('network');
CREATE TRIGGER landlord_housing_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON landlord
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('housing');
CREATE TRIGGER property_housing_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON property
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('housing');
CREATE TRIGGER unit_housing_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON unit
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('housing');
CREATE TRIGGER availability_count_availability_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON availability_count
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('availability');
CREATE TRIGGER tenancy_tenancies_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenancy
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('tenancies');
CREATE TRIGGER tenancy_contact_tenancies_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenancy_contact
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('tenancies');
CREATE TRIGGER follow_up_settings_tenancies_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON follow_up_settings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('tenancies');
CREATE TRIGGER referral_persons_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON referral
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('persons');
CREATE TRIGGER person_persons_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON person
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('persons');
CREATE TRIGGER offer_offers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offer
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('offers');
CREATE TRIGGER person_status_event_list_flows_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON person_status_event
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('list_flows');
-- The referrals list opens newest first: with this index a page is read in order instead
-- of sorting every referral (29 ms for 15,000 on SQLite before).
CREATE INDEX referral_listing ON referral (referred_on, seq);
