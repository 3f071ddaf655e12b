-- Bootstrap for plain PostgreSQL: creates only what a Supabase project already has.
-- On Supabase every object below exists, so each step is skipped and the file is a no-op.

do $bootstrap$
declare
  created_roles boolean := false;
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
    created_roles := true;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
    created_roles := true;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
    created_roles := true;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    -- PostgREST logs in as authenticator and switches to the role named in the token.
    create role authenticator login noinherit;
  end if;

  if created_roles then
    execute 'grant anon, authenticated, service_role to authenticator';
    -- The connection that runs the portal's PostgresGateway switches roles per transaction.
    execute format('grant anon, authenticated, service_role to %I', current_user);
  end if;

  -- Roles belong to the whole server, grants and default privileges to one database: check them
  -- separately, so a second database on a server whose roles already exist still gets them.
  if not exists (select 1 from pg_default_acl d, aclexplode(d.defaclacl) a
                 where d.defaclnamespace = 'public'::regnamespace and d.defaclobjtype = 'r'
                   and a.grantee = 'anon'::regrole) then
    -- Supabase grants table privileges in public to its API roles and lets RLS decide;
    -- do the same here so that policies, not missing grants, are what the tests exercise.
    execute 'grant usage on schema public to anon, authenticated, service_role';
    execute 'alter default privileges in schema public grant all on tables to anon, authenticated, service_role';
    execute 'alter default privileges in schema public grant all on sequences to anon, authenticated, service_role';
    execute 'alter default privileges in schema public grant execute on functions to anon, authenticated, service_role';
  end if;
end
$bootstrap$;

create schema if not exists auth;

-- auth.uid(), auth.role() and auth.jwt() read request.jwt.claims exactly as Supabase's versions do.
do $functions$
declare
  reader record;
begin
  -- auth.uid() and auth.role(): one claim each, as its own setting or as a key of the claims, cast to a type.
  for reader in select * from (values ('uid', 'sub', 'uuid'), ('role', 'role', 'text')) as r (name, claim, type) loop
    if not exists (select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                   where n.nspname = 'auth' and p.proname = reader.name) then
      execute format($fn$
      create function auth.%s() returns %s language sql stable as $body$
        select coalesce(
          nullif(current_setting('request.jwt.claim.%s', true), ''),
          (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> %L)
        )::%s
      $body$
    $fn$, reader.name, reader.type, reader.claim, reader.claim, reader.type);
    end if;
  end loop;
  if not exists (select 1 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                 where n.nspname = 'auth' and p.proname = 'jwt') then
    execute $fn$
      create function auth.jwt() returns jsonb language sql stable as $body$
        select coalesce(
          nullif(current_setting('request.jwt.claim', true), ''),
          nullif(current_setting('request.jwt.claims', true), '')
        )::jsonb
      $body$
    $fn$;
    execute 'grant usage on schema auth to anon, authenticated, service_role';
    execute 'grant execute on function auth.uid(), auth.role(), auth.jwt() to anon, authenticated, service_role';
  end if;
end
$functions$;
