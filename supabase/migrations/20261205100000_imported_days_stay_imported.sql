-- An import over days the sync had already written is marked imported, not self-reported.
--
-- The trigger that keeps verified numbers to the sync turned every person's change to a synced row into
-- source 'manual'. An import sets source 'import' itself, and the trigger overwrote that with 'manual', so a
-- platform's own export laid over synced days was shown as typed in by hand. Only a change that leaves the row
-- marked 'api' (a person editing a synced number) becomes 'manual' now; an import keeps its mark.

-- replaces app.refuse_verified_rows_from_people from the baseline: an import's own 'import' mark is kept
create or replace function app.refuse_verified_rows_from_people() returns trigger
language plpgsql security invoker set search_path = '' as $$
begin
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  if new.source = 'api' and (tg_op = 'INSERT' or old.source is distinct from 'api') then
    raise exception 'only the platform sync writes verified numbers (source api) into %: use source manual',
      tg_table_name using errcode = '42501';
  end if;
  if tg_op = 'UPDATE' and old.source = 'api' and new.source = 'api' and new is distinct from old then
    new.source := 'manual';  -- a person changed what the platform said: it is theirs now
  end if;
  return new;
end
$$;
comment on function app.refuse_verified_rows_from_people() is 'Trigger: a person''s session cannot write source api rows; editing a synced row makes it manual, an import over it makes it import.';
revoke execute on function app.refuse_verified_rows_from_people() from public;
