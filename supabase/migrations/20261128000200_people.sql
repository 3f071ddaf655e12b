-- People, brands, sign-in identities and invitations.

create table public.profiles (
  id uuid primary key,
  role text not null default 'creator' check (role in ('creator', 'brand_partner')),
  display_name text not null check (length(btrim(display_name)) between 1 and 80),
  email text check (email is null or email ~ '^[^@\s]+@[^@\s]+$'),
  niche text check (niche is null or length(niche) <= 80),
  home_currency char(3) not null default 'USD' references public.currencies (code),
  time_zone text not null default 'UTC' check (app.is_time_zone(time_zone)),
  -- the languages of portal/locale/
  locale text not null default 'en' check (locale in ('en', 'ar', 'fr', 'de', 'es')),
  disclosure_markets text[] not null default array['US']
    check (disclosure_markets <@ array['US', 'UK', 'DE', 'FR', 'ES', 'AE', 'SA']),
  created_at timestamptz not null default app.now(),
  updated_at timestamptz not null default app.now()
);
comment on table public.profiles is 'One row per person: creator or brand partner, with display and regional settings.';
alter table public.profiles enable row level security;
create index profiles_home_currency_idx on public.profiles (home_currency);

create table public.brands (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 120),
  website text check (website is null or website ~ '^https?://'),
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default app.now()
);
comment on table public.brands is 'Companies whose partners receive offers and shared reports.';
alter table public.brands enable row level security;
create index brands_created_by_idx on public.brands (created_by);

create table public.brand_memberships (
  brand_id uuid not null references public.brands (id) on delete cascade,
  profile_id uuid not null references public.profiles (id) on delete cascade,
  member_role text not null default 'member' check (member_role in ('owner', 'member')),
  created_at timestamptz not null default app.now(),
  primary key (brand_id, profile_id)
);
comment on table public.brand_memberships is 'Which brand partners act for which brand.';
alter table public.brand_memberships enable row level security;
create index brand_memberships_profile_id_idx on public.brand_memberships (profile_id);

create table public.identities (
  id uuid primary key default gen_random_uuid(),
  profile_id uuid not null references public.profiles (id) on delete cascade,
  issuer text not null,
  subject text not null,
  email text,
  created_at timestamptz not null default app.now(),
  last_seen_at timestamptz not null default app.now(),
  unique (issuer, subject)
);
comment on table public.identities is 'OpenID Connect issuer and subject pairs that sign in as a profile.';
alter table public.identities enable row level security;
create index identities_profile_id_idx on public.identities (profile_id);

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid not null references public.profiles (id) on delete cascade,
  email text check (email is null or email ~ '^[^@\s]+@[^@\s]+$'),
  brand_name text not null check (length(btrim(brand_name)) between 1 and 120),
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  expires_at timestamptz not null,
  accepted_by uuid references public.profiles (id) on delete set null,
  accepted_at timestamptz,
  created_at timestamptz not null default app.now(),
  check ((accepted_by is null) = (accepted_at is null)),
  declined_at timestamptz,
  constraint invitations_accepted_or_declined check (declined_at is null or accepted_at is null)
);
comment on table public.invitations is 'Single-use, expiring invitations from a creator to a brand partner; only the token''s SHA-256 is stored.';
comment on column public.invitations.declined_at is 'When the invited person declined; a declined invitation cannot be accepted.';
alter table public.invitations enable row level security;
create index invitations_creator_id_idx on public.invitations (creator_id);

create table public.creator_partners (
  creator_id uuid not null references public.profiles (id) on delete cascade,
  partner_id uuid not null references public.profiles (id) on delete cascade,
  brand_id uuid references public.brands (id) on delete set null,
  invitation_id uuid references public.invitations (id) on delete set null,
  created_at timestamptz not null default app.now(),
  primary key (creator_id, partner_id)
);
comment on table public.creator_partners is 'A creator and a brand partner they invited; the basis for what the partner may see.';
alter table public.creator_partners enable row level security;
create index creator_partners_partner_id_idx on public.creator_partners (partner_id);
create index creator_partners_brand_id_idx on public.creator_partners (brand_id);

-- Permission helpers. Security definer so that policies can consult other tables without recursing
-- into their policies; each one answers only about the calling person.
create function app.is_partner_pair(other uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.creator_partners cp
    where (cp.creator_id = other and cp.partner_id = (select auth.uid()))
       or (cp.partner_id = other and cp.creator_id = (select auth.uid()))
  )
$$;
create function app.is_brand_member(brand uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.brand_memberships bm
                 where bm.brand_id = brand and bm.profile_id = (select auth.uid()))
$$;
create function app.is_brand_owner(brand uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.brand_memberships bm
                 where bm.brand_id = brand and bm.profile_id = (select auth.uid())
                   and bm.member_role = 'owner')
$$;
create function app.works_with_brand(brand uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.creator_partners cp
                 where cp.brand_id = brand and cp.creator_id = (select auth.uid()))
$$;
create function app.current_role_is(wanted text) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.profiles p where p.id = (select auth.uid()) and p.role = wanted)
$$;
revoke execute on function app.is_partner_pair(uuid), app.is_brand_member(uuid), app.is_brand_owner(uuid),
  app.works_with_brand(uuid), app.current_role_is(text) from public;
grant execute on function app.is_partner_pair(uuid), app.is_brand_member(uuid), app.is_brand_owner(uuid),
  app.works_with_brand(uuid), app.current_role_is(text) to authenticated, service_role;

-- The caller's time zone, and an instant in it for messages ("2026-12-05 14:30 Europe/Berlin").
create function app.my_time_zone() returns text
language sql stable security definer set search_path = '' as $$
  select coalesce((select p.time_zone from public.profiles p where p.id = (select auth.uid())), 'UTC')
$$;
create function app.local_time(p_at timestamptz) returns text
language sql stable security definer set search_path = '' as $$
  select to_char(p_at at time zone app.my_time_zone(), 'YYYY-MM-DD HH24:MI') || ' ' || app.my_time_zone()
$$;
revoke execute on function app.my_time_zone(), app.local_time(timestamptz) from public;

-- profiles
create policy "People can view their own profile and their partners' profiles" on public.profiles
  for select to authenticated using (id = (select auth.uid()) or app.is_partner_pair(id));
create policy "People can update their own profile" on public.profiles
  for update to authenticated using (id = (select auth.uid())) with check (id = (select auth.uid()));
-- A person may change their settings but never their id or role.
revoke insert, update, delete, truncate on public.profiles from anon, authenticated;
grant update (display_name, email, niche, home_currency, time_zone, locale, disclosure_markets, updated_at)
  on public.profiles to authenticated;

-- brands
create policy "Members and partnered creators can view brands" on public.brands
  for select to authenticated using (app.is_brand_member(id) or app.works_with_brand(id));
create policy "Brand owners can update their brand" on public.brands
  for update to authenticated using (app.is_brand_owner(id)) with check (app.is_brand_owner(id));

-- brand_memberships
create policy "Members can view the memberships of their brands" on public.brand_memberships
  for select to authenticated using (app.is_brand_member(brand_id));

-- identities
create policy "People can view their own sign-in identities" on public.identities
  for select to authenticated using (profile_id = (select auth.uid()));

-- invitations
create policy "Creators can view the invitations they created" on public.invitations
  for select to authenticated using (creator_id = (select auth.uid()));
create policy "Creators can delete their unused invitations" on public.invitations
  for delete to authenticated using (creator_id = (select auth.uid()) and accepted_at is null);

-- creator_partners
create policy "Creators and partners can view their partnerships" on public.creator_partners
  for select to authenticated using (creator_id = (select auth.uid()) or partner_id = (select auth.uid()));
create policy "Creators can end partnerships they started" on public.creator_partners
  for delete to authenticated using (creator_id = (select auth.uid()));

-- State changes ---------------------------------------------------------------------------------

-- First sign-in: creates the caller's profile (as a creator) and records the identity they used.
-- The caller's id comes from the signed token; issuer and subject from its oidc_iss / oidc_sub claims.
-- The name from the sign-in is stored without bidirectional controls (app.plain_name).
create function public.ensure_profile(p_display_name text, p_email text default null)
returns public.profiles
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  claims jsonb := coalesce(auth.jwt(), '{}'::jsonb);
  created integer;
  result public.profiles;
begin
  perform app.require_signed_in();
  insert into public.profiles (id, role, display_name, email)
  values (uid, 'creator', coalesce(app.plain_name(p_display_name, 80), 'New creator'), nullif(btrim(p_email), ''))
  on conflict (id) do nothing;
  get diagnostics created = row_count;
  if claims ? 'oidc_iss' and claims ? 'oidc_sub' then
    insert into public.identities (profile_id, issuer, subject, email)
    values (uid, claims ->> 'oidc_iss', claims ->> 'oidc_sub', nullif(btrim(p_email), ''))
    on conflict (issuer, subject) do update set last_seen_at = app.now()
      where public.identities.profile_id = excluded.profile_id;
  end if;
  select * into result from public.profiles where id = uid;
  if created > 0 then
    perform app.audit('profile.created', 'profiles', uid::text, jsonb_build_object('role', result.role));
  end if;
  return result;
end
$$;
comment on function public.ensure_profile(text, text) is 'Creates the signed-in person''s profile on first sign-in and returns it.';

-- Settings: validated here so every client gets the same messages.
create function public.update_profile(
  p_display_name text, p_niche text, p_home_currency text, p_time_zone text,
  p_locale text, p_disclosure_markets text[]
) returns public.profiles
language plpgsql security invoker set search_path = '' as $$
declare
  result public.profiles;
begin
  if p_display_name is null or length(btrim(p_display_name)) not between 1 and 80 then
    raise exception 'display name must be 1 to 80 characters' using errcode = '22023';
  end if;
  if not exists (select 1 from public.currencies c where c.code = upper(p_home_currency)) then
    raise exception 'unknown currency "%": use an ISO 4217 code such as EUR or USD', p_home_currency using errcode = '22023';
  end if;
  if not app.is_time_zone(p_time_zone) then
    raise exception 'unknown time zone "%": use an IANA name such as Europe/Berlin', p_time_zone using errcode = '22023';
  end if;
  update public.profiles set
    display_name = btrim(p_display_name),
    niche = nullif(btrim(p_niche), ''),
    home_currency = upper(p_home_currency),
    time_zone = p_time_zone,
    locale = p_locale,
    disclosure_markets = coalesce(p_disclosure_markets, array[]::text[]),
    updated_at = app.now()
  where id = (select auth.uid())
  returning * into result;
  if not found then
    raise exception 'no profile to update: sign in first' using errcode = '42501';
  end if;
  return result;
end
$$;

-- A creator invites a brand partner. The token is returned once; only its SHA-256 is kept.
create function public.create_invitation(p_brand_name text, p_email text default null, p_valid_days integer default 7)
returns table (invitation_id uuid, token text, expires_at timestamptz)
language plpgsql security definer set search_path = '' as $$
declare
  new_token text := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
  new_id uuid;
  new_expiry timestamptz := app.now() + make_interval(days => p_valid_days);
begin
  if not app.current_role_is('creator') then
    raise exception 'only creators can invite brand partners' using errcode = '42501';
  end if;
  if p_valid_days is null or p_valid_days not between 1 and 30 then
    raise exception 'an invitation must be valid for 1 to 30 days' using errcode = '22023';
  end if;
  insert into public.invitations (creator_id, email, brand_name, token_hash, expires_at)
  values (auth.uid(), nullif(btrim(p_email), ''), btrim(p_brand_name),
          encode(sha256(convert_to(new_token, 'UTF8')), 'hex'), new_expiry)
  returning id into new_id;
  perform app.audit('invitation.created', 'invitations', new_id::text, jsonb_build_object('brand_name', p_brand_name));
  return query select new_id, new_token, new_expiry;
end
$$;

-- The invitation a link's token names, locked for the rest of the transaction, for the signed-in person who
-- opened the link to accept or decline it; an unknown token is refused.
create function app.locked_invitation(p_token text) returns public.invitations
language plpgsql set search_path = '' as $$
declare
  inv public.invitations;
begin
  perform app.require_signed_in('sign in first, then open the invitation link again');
  select * into inv from public.invitations
   where token_hash = encode(sha256(convert_to(coalesce(p_token, ''), 'UTF8')), 'hex')
   for update;
  if not found then
    raise exception 'this invitation link is not valid: ask the creator for a new one' using errcode = 'P0002';
  end if;
  return inv;
end
$$;
revoke execute on function app.locked_invitation(text) from public;

-- A brand partner redeems an invitation: once, before it expires. Creates their profile as a
-- brand partner on first sign-in and the partnership with the inviting creator, with a new brand named as
-- invited, or a brand the caller already belongs to and picked (p_brand_id): never one whose name the
-- creator merely typed.
create function public.accept_invitation(p_token text, p_display_name text default null, p_brand_id uuid default null)
returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := auth.uid();
  inv public.invitations;
  me public.profiles;
  the_brand uuid;
begin
  inv := app.locked_invitation(p_token);
  if inv.declined_at is not null then
    raise exception 'this invitation was declined: ask the creator for a new one' using errcode = '55000';
  end if;
  if inv.accepted_at is not null then
    raise exception 'this invitation has already been used: ask the creator for a new one' using errcode = '55000';
  end if;
  if inv.expires_at <= app.now() then
    raise exception 'this invitation expired on %: ask the creator for a new one',
      to_char(inv.expires_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') using errcode = '55000';
  end if;
  if inv.creator_id = uid then
    raise exception 'you cannot accept your own invitation' using errcode = '55000';
  end if;
  if p_brand_id is not null and not exists (select 1 from public.brand_memberships bm
                                            where bm.brand_id = p_brand_id and bm.profile_id = uid) then
    raise exception 'you can link only a brand you belong to' using errcode = '42501';
  end if;

  select * into me from public.profiles where id = uid;
  if not found then
    insert into public.profiles (id, role, display_name, email)
    values (uid, 'brand_partner', coalesce(app.plain_name(p_display_name, 80), app.plain_name(inv.brand_name, 80)),
            inv.email)
    returning * into me;
    if (auth.jwt()) ? 'oidc_iss' then
      insert into public.identities (profile_id, issuer, subject, email)
      values (uid, auth.jwt() ->> 'oidc_iss', auth.jwt() ->> 'oidc_sub', inv.email)
      on conflict (issuer, subject) do nothing;
    end if;
  elsif me.role <> 'brand_partner' then
    raise exception 'this invitation is for a brand partner; you are signed in as a creator' using errcode = '55000';
  end if;

  -- The creator's text never picks an existing brand: the invited person linked one of their own, or a new one is made.
  the_brand := p_brand_id;
  if the_brand is null then
    insert into public.brands (name, created_by) values (inv.brand_name, uid) returning id into the_brand;
    insert into public.brand_memberships (brand_id, profile_id, member_role) values (the_brand, uid, 'owner');
  end if;

  update public.invitations set accepted_by = uid, accepted_at = app.now() where id = inv.id;
  insert into public.creator_partners (creator_id, partner_id, brand_id, invitation_id)
  values (inv.creator_id, uid, the_brand, inv.id)
  on conflict (creator_id, partner_id) do update set brand_id = excluded.brand_id, invitation_id = excluded.invitation_id;
  perform app.audit('invitation.accepted', 'invitations', inv.id::text,
                    jsonb_build_object('creator_id', inv.creator_id, 'brand_id', the_brand,
                                       'linked_existing_brand', p_brand_id is not null));
  return inv.creator_id;
end
$$;
comment on function public.accept_invitation(text, text, uuid) is 'Accepts an invitation once: a new brand named as invited, or a brand the caller belongs to and chose.';

revoke execute on function public.ensure_profile(text, text), public.update_profile(text, text, text, text, text, text[]),
  public.create_invitation(text, text, integer), public.accept_invitation(text, text, uuid) from public, anon;
grant execute on function public.ensure_profile(text, text), public.update_profile(text, text, text, text, text, text[]),
  public.create_invitation(text, text, integer), public.accept_invitation(text, text, uuid) to authenticated, service_role;
