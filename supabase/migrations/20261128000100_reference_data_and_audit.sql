-- Reference data every other table validates against, the private schema for permission helpers,
-- and the append-only audit log.

create schema if not exists app;
comment on schema app is 'Private helpers for policies and functions; not exposed through the API.';
grant usage on schema app to authenticated, service_role;

-- ISO 4217 currencies with their minor units, so money can be validated and rounded exactly.
create table public.currencies (
  code char(3) primary key check (code ~ '^[A-Z]{3}$'),
  name text not null,
  minor_units smallint not null check (minor_units between 0 and 4)
);
comment on table public.currencies is 'ISO 4217 currency codes with their minor units (JPY 0, USD 2, KWD 3).';
alter table public.currencies enable row level security;
create policy "Anyone can view currencies" on public.currencies for select to anon, authenticated using (true);

insert into public.currencies (code, name, minor_units) values
  ('AED', 'UAE dirham', 2), ('ARS', 'Argentine peso', 2), ('AUD', 'Australian dollar', 2),
  ('BGN', 'Bulgarian lev', 2), ('BHD', 'Bahraini dinar', 3), ('BRL', 'Brazilian real', 2),
  ('CAD', 'Canadian dollar', 2), ('CHF', 'Swiss franc', 2), ('CLP', 'Chilean peso', 0),
  ('CNY', 'Chinese yuan', 2), ('COP', 'Colombian peso', 2), ('CZK', 'Czech koruna', 2),
  ('DKK', 'Danish krone', 2), ('EGP', 'Egyptian pound', 2), ('EUR', 'Euro', 2),
  ('GBP', 'Pound sterling', 2), ('HKD', 'Hong Kong dollar', 2), ('HUF', 'Hungarian forint', 2),
  ('IDR', 'Indonesian rupiah', 2), ('ILS', 'Israeli new shekel', 2), ('INR', 'Indian rupee', 2),
  ('ISK', 'Icelandic krona', 0), ('JOD', 'Jordanian dinar', 3), ('JPY', 'Japanese yen', 0),
  ('KRW', 'South Korean won', 0), ('KWD', 'Kuwaiti dinar', 3), ('MAD', 'Moroccan dirham', 2),
  ('MXN', 'Mexican peso', 2), ('MYR', 'Malaysian ringgit', 2), ('NGN', 'Nigerian naira', 2),
  ('NOK', 'Norwegian krone', 2), ('NZD', 'New Zealand dollar', 2), ('OMR', 'Omani rial', 3),
  ('PHP', 'Philippine peso', 2), ('PLN', 'Polish zloty', 2), ('QAR', 'Qatari riyal', 2),
  ('RON', 'Romanian leu', 2), ('SAR', 'Saudi riyal', 2), ('SEK', 'Swedish krona', 2),
  ('SGD', 'Singapore dollar', 2), ('THB', 'Thai baht', 2), ('TND', 'Tunisian dinar', 3),
  ('TRY', 'Turkish lira', 2), ('TWD', 'New Taiwan dollar', 2), ('UAH', 'Ukrainian hryvnia', 2),
  ('USD', 'US dollar', 2), ('VND', 'Vietnamese dong', 0), ('ZAR', 'South African rand', 2);

create function app.is_time_zone(tz text) returns boolean
language sql stable set search_path = '' as $$
  select exists (select 1 from pg_catalog.pg_timezone_names where name = tz)
$$;
comment on function app.is_time_zone(text) is 'True when tz is an IANA time zone name this server knows.';
grant execute on function app.is_time_zone(text) to authenticated, service_role;

-- Append-only record of who changed what. Rows are written only by app.audit(), called from
-- security-definer functions; nobody may update or delete them, not even the table owner.
create table public.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_id uuid,
  action text not null check (length(action) between 1 and 80),
  target_table text,
  target_id text,
  detail jsonb not null default '{}'::jsonb
);
comment on table public.audit_log is 'Append-only log of state changes: who, when, what, on which row.';
alter table public.audit_log enable row level security;
create index audit_log_actor_id_idx on public.audit_log (actor_id);
create policy "People can view their own audit entries" on public.audit_log
  for select to authenticated using (actor_id = (select auth.uid()));

create function app.reject_audit_change() returns trigger
language plpgsql set search_path = '' as $$
begin
  raise exception 'the audit log is append-only: % is not allowed', lower(tg_op);
end
$$;
create trigger audit_log_is_append_only before update or delete on public.audit_log
  for each row execute function app.reject_audit_change();
create trigger audit_log_no_truncate before truncate on public.audit_log
  for each statement execute function app.reject_audit_change();

create function app.audit(p_action text, p_table text, p_target_id text, p_detail jsonb default '{}'::jsonb)
returns void language sql security definer set search_path = '' as $$
  insert into public.audit_log (actor_id, action, target_table, target_id, detail)
  values (auth.uid(), p_action, p_table, p_target_id, coalesce(p_detail, '{}'::jsonb));
$$;
revoke execute on function app.audit(text, text, text, jsonb) from public;
