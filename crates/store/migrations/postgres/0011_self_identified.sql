-- Groups a person says they belong to (voluntary, comma-joined codes), for the equity
-- measures of matching (D4). Erased with the other identifying columns when consent ends.
ALTER TABLE referral ADD COLUMN self_identified TEXT;
