-- Hand-written (drizzle-kit generate --custom): monthly partitions for the history tables, and row-level security
-- on every table as the second wall behind the code's own organization_id filters (docs/postgres.md).

-- Monthly partitions: vg_ensure_month_partitions('check_ins', '2026-01-01', 3) makes check_ins_202601 … _202603
-- (those missing), each holding [first of the month, first of the next) in UTC. Run ahead of time: a month whose
-- rows already sit in the DEFAULT partition cannot get its own partition until they are moved out.
CREATE OR REPLACE FUNCTION vg_ensure_month_partitions(parent text, first_month date, months integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  month date;
  partition text;
  made integer := 0;
BEGIN
  FOR i IN 0 .. months - 1 LOOP
    month := (date_trunc('month', first_month) + make_interval(months => i))::date;
    partition := parent || '_' || to_char(month, 'YYYYMM');
    IF to_regclass(quote_ident(partition)) IS NULL THEN
      EXECUTE format(
        'CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
        partition, parent,
        to_char(month, 'YYYY-MM-DD') || ' 00:00:00+00',
        to_char((month + interval '1 month')::date, 'YYYY-MM-DD') || ' 00:00:00+00'
      );
      made := made + 1;
    END IF;
  END LOOP;
  RETURN made;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
  parent text;
BEGIN
  FOREACH parent IN ARRAY ARRAY['audit_entries', 'check_ins', 'journal_entries', 'journal_lines'] LOOP
    -- A year back and a year ahead; anything outside lands in the DEFAULT partition instead of failing.
    PERFORM vg_ensure_month_partitions(parent, (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '12 months')::date, 25);
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I DEFAULT', parent || '_default', parent);
  END LOOP;
END
$$;
--> statement-breakpoint
-- The role the Worker's transactions run as (src/db/postgres-client.ts sets it per transaction): never a
-- superuser, never the tables' owner, so the policies below always apply to it. Roles belong to the server, not
-- the database: made once, found by every later database on the same server.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'voelgoed_app') THEN
    CREATE ROLE voelgoed_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
  -- Whoever runs the migrations (and, in production, the Hyperdrive user: docs/postgres.md) must be able to SET ROLE.
  IF NOT pg_has_role(current_user, 'voelgoed_app', 'MEMBER') THEN
    EXECUTE format('GRANT voelgoed_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO voelgoed_app;
--> statement-breakpoint
-- Every table: RLS enabled and forced (the owner too), one policy: a row is visible and writable only inside a
-- transaction whose app.organization_id is the row's organization. Without the setting nothing matches. Grants go
-- to the parent tables only: a partition reached directly would skip the parent's policy, so the role gets none.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'orders', 'order_lines', 'tickets', 'payments', 'refunds',
    'journal_entries', 'journal_lines', 'check_ins', 'audit_entries'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (organization_id = current_setting(''app.organization_id'', true)) '
        'WITH CHECK (organization_id = current_setting(''app.organization_id'', true))',
      t
    );
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO voelgoed_app', t);
  END LOOP;
END
$$;
