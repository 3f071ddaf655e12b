-- Reference rates for statutory late interest as dated data with their source. services/payouts/tax_rules.json
-- carries the rates known when the portal was released; the operator adds later ones from the central banks' own
-- files (the ECB's main refinancing operations rate, the Bank of England's Bank Rate) with
-- `python -m services.admin reference-rates FILE`. A rate here for the same name and day takes precedence over the
-- rules file's. Everyone signed in reads them (the late interest shown to a creator and to the brand that owes it);
-- nobody writes them through the API: app.import_reference_rates runs on the operator's privileged connection.

create table public.reference_rates (
  name text not null check (name in ('ecb_mro', 'boe_base', 'de_basiszins')),
  effective date not null check (effective >= date '1990-01-01'),
  rate numeric not null check (rate > -10 and rate < 100 and scale(rate) <= 4),
  source text not null check (length(btrim(source)) between 1 and 300),
  imported_at timestamptz not null default now(),
  primary key (name, effective)
);
comment on table public.reference_rates is 'Central-bank reference rates (percent a year) in force from a date, with the file or person they came from; late interest uses them beside tax_rules.json.';
alter table public.reference_rates enable row level security;
revoke insert, update, delete, truncate on public.reference_rates from anon, authenticated;
grant select on public.reference_rates to authenticated, service_role;
revoke select on public.reference_rates from anon;
create policy "Signed-in people can view reference rates" on public.reference_rates
  for select to authenticated using (true);

-- Stores [{"name", "effective", "rate"}] with one source, all or nothing: a bad row raises naming its position, and
-- nothing is written. A rate already stored for the name and day is replaced (the newer file corrects it). Returns
-- how many rows were new, changed and unchanged.
create function app.import_reference_rates(p_rates jsonb, p_source text)
returns table (added integer, changed integer, unchanged integer)
language plpgsql volatile set search_path = '' as $$
declare
  r record;
  old numeric;
  n_added integer := 0;
  n_changed integer := 0;
  n_unchanged integer := 0;
begin
  if jsonb_typeof(p_rates) is distinct from 'array' or jsonb_array_length(p_rates) = 0 then
    raise exception 'reference rates come as a non-empty JSON array' using errcode = '22023';
  end if;
  if length(btrim(coalesce(p_source, ''))) not between 1 and 300 then
    raise exception 'a reference rate needs its source (1 to 300 characters)' using errcode = '22023';
  end if;
  for r in select x.value ->> 'name' as name, x.value ->> 'effective' as effective, x.value ->> 'rate' as rate, x.n
           from jsonb_array_elements(p_rates) with ordinality as x (value, n) loop
    if r.name is null or r.effective is null or r.rate is null or r.rate !~ '^-?[0-9]{1,2}(\.[0-9]{1,4})?$' then
      raise exception 'reference rate %: a name, a day and a rate in percent with at most 4 decimals', r.n
        using errcode = '22023';
    end if;
    select rate into old from public.reference_rates where name = r.name and effective = r.effective::date;
    if not found then
      n_added := n_added + 1;
    elsif old = r.rate::numeric then
      n_unchanged := n_unchanged + 1;
      continue;
    else
      n_changed := n_changed + 1;
    end if;
    insert into public.reference_rates (name, effective, rate, source)
    values (r.name, r.effective::date, r.rate::numeric, btrim(p_source))
    on conflict (name, effective) do update set rate = excluded.rate, source = excluded.source,
                                                imported_at = excluded.imported_at;
  end loop;
  perform app.audit('reference_rates.imported', 'reference_rates', null,
                    jsonb_build_object('added', n_added, 'changed', n_changed, 'unchanged', n_unchanged,
                                       'source', btrim(p_source)));
  return query select n_added, n_changed, n_unchanged;
end
$$;
revoke execute on function app.import_reference_rates(jsonb, text) from public;
