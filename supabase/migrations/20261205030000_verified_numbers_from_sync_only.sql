-- Verified numbers come only from the platform sync.
--
-- A row with source 'api' is shown to brand partners as "verified", so no person may write one, neither
-- directly (POST /post_metrics {..., "source": "api"}) nor through apply_sync:
--   * a person's session (roles anon and authenticated) can never insert a row with source 'api', nor
--     turn a row into one; a person who edits a synced row makes it theirs ('manual');
--   * rows a person adds without naming a source are 'manual' (self-reported), not 'api';
--   * apply_sync runs as its owner and only the sync identity may call it: the role portal_sync (taken
--     with `set role` by `python -m services.sync` on the database connection) or Supabase's
--     service_role (the service-role key, held by the sync process only);
--   * imports keep writing source 'import' whatever their payload says.
-- Creators ask for a sync with request_sync(); the sync process picks requested accounts up.



-- The guard on every table whose rows carry a source. Only a change that leaves a row marked 'api' (a person
-- editing a synced number) makes it 'manual'; an import sets source 'import' itself and keeps that mark, so a
-- platform's own export laid over synced days shows as imported, not typed in by hand.
create function app.refuse_verified_rows_from_people() returns trigger
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

create trigger account_daily_verified_only_from_sync before insert or update on public.account_daily
  for each row execute function app.refuse_verified_rows_from_people();
create trigger posts_verified_only_from_sync before insert or update on public.posts
  for each row execute function app.refuse_verified_rows_from_people();
create trigger post_metrics_verified_only_from_sync before insert or update on public.post_metrics
  for each row execute function app.refuse_verified_rows_from_people();
create trigger audience_breakdowns_verified_only_from_sync before insert or update on public.audience_breakdowns
  for each row execute function app.refuse_verified_rows_from_people();
create trigger follower_activity_verified_only_from_sync before insert or update on public.follower_activity
  for each row execute function app.refuse_verified_rows_from_people();

-- Sync requests: the Accounts page's "Sync now" where the app does not hold the sync identity.
create index social_accounts_sync_requested_at_idx on public.social_accounts (sync_requested_at)
  where sync_requested_at is not null;

create function public.request_sync(p_account_id uuid) returns public.social_accounts
language plpgsql security invoker set search_path = '' as $$
declare
  acc public.social_accounts;
begin
  update public.social_accounts a set sync_requested_at = app.now()
   where a.id = p_account_id and a.parent_account_id is null and a.access_token_encrypted is not null
  returning * into acc;
  if not found then
    raise exception 'account % is not one of your connected accounts', p_account_id using errcode = 'P0002';
  end if;
  return acc;
end
$$;
comment on function public.request_sync(uuid) is 'Asks the sync process to sync one of the caller''s connected accounts soon.';
revoke execute on function public.request_sync(uuid) from public, anon;
grant execute on function public.request_sync(uuid) to authenticated, service_role;
