-- Availability stretches counted by neighbourhood, size, first and last month, kept in step
-- with availability_period, so the monthly dashboard reads a few thousand rows however many
-- units there are. A missing neighbourhood is '' and a stretch still open ends in month
-- 2147483647, so that the key has no NULL (NULLs are never equal in a unique key).
CREATE TABLE availability_count (
    area_key TEXT NOT NULL,
    bedrooms INTEGER NOT NULL,
    start_month INTEGER NOT NULL,
    end_month INTEGER NOT NULL,
    units INTEGER NOT NULL,
    PRIMARY KEY (area_key, bedrooms, start_month, end_month)
);
INSERT INTO availability_count (area_key, bedrooms, start_month, end_month, units)
SELECT COALESCE(area_id, ''), bedrooms, start_month, COALESCE(end_month, 2147483647), COUNT(*)
FROM availability_period GROUP BY COALESCE(area_id, ''), bedrooms, start_month, COALESCE(end_month, 2147483647);
