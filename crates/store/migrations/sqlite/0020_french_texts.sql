-- An agency's texts in French beside the English ones (HSDS keeps one language a field):
-- pages show the reader's language and fall back to the other, marked.
ALTER TABLE organization ADD COLUMN description_fr TEXT;
ALTER TABLE service ADD COLUMN description_fr TEXT;
ALTER TABLE service ADD COLUMN eligibility_description_fr TEXT;
