-- Systemic issues (A9): the gaps an agency's clients meet, as the agency logged them.
-- Reports to public authorities count distinct agencies per issue and quarter; they never
-- read these rows one by one.
CREATE TABLE systemic_issue (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
    issue TEXT NOT NULL,
    observed_on TEXT NOT NULL,
    note TEXT,
    reported_by TEXT REFERENCES app_user(id)
);
CREATE INDEX systemic_issue_observed ON systemic_issue(observed_on);
CREATE INDEX systemic_issue_org ON systemic_issue(org_id);
