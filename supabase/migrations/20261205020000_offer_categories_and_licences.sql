-- Product categories on offers, what each disclosure market bans or restricts for influencer promotion, and
-- the advertising licences a creator holds (UAE Advertiser Permit, Saudi Mawthooq licence).
--
-- The categories a market bans are data from services/offers/disclosure_rules/<market>.json, copied here so the
-- database can refuse to accept an offer in a banned category for one of the creator's markets whichever
-- client asks (tests/offers/test_offer_categories.py checks that the two agree). Restricted categories are not
-- refused: the checklist shows their conditions.

-- Offers carry an optional product category (public.offers.product_category, in the offers migration).

-- What each market bans, restricts or allows -------------------------------------------------------------

create table public.market_category_rules (
  market text not null check (market in ('US', 'UK', 'DE', 'FR', 'ES', 'AE', 'SA')),
  category text not null check (category in ('cosmetics', 'cosmetic_surgery', 'alcohol', 'gambling', 'nicotine_vaping', 'financial_crypto', 'health_supplements', 'medicines', 'food_children', 'weight_loss')),
  status text not null check (status in ('banned', 'restricted', 'allowed')),
  source_url text not null check (source_url ~ '^https?://'),
  primary key (market, category)
);
comment on table public.market_category_rules is 'Per disclosure market and product category: banned, restricted or allowed for influencer promotion, with its source (copied from the rule files).';
alter table public.market_category_rules enable row level security;
create index market_category_rules_category_idx on public.market_category_rules (category, status);

create policy "Signed-in people can view the markets' category rules" on public.market_category_rules
  for select to authenticated using (true);
revoke insert, update, delete, truncate on public.market_category_rules from anon, authenticated;

insert into public.market_category_rules (market, category, status, source_url) values
  ('US', 'alcohol', 'restricted', 'https://www.distilledspirits.org/code-of-responsible-practices/'),
  ('US', 'cosmetic_surgery', 'restricted', 'https://www.ftc.gov/business-guidance/resources/health-products-compliance-guidance'),
  ('US', 'cosmetics', 'allowed', 'https://www.ftc.gov/business-guidance/resources/disclosures-101-social-media-influencers'),
  ('US', 'financial_crypto', 'restricted', 'https://www.sec.gov/oiea/investor-alerts-and-bulletins/ib_celebrityendorse'),
  ('US', 'food_children', 'allowed', 'https://www.ftc.gov/business-guidance/resources/disclosures-101-social-media-influencers'),
  ('US', 'gambling', 'restricted', 'https://www.ftc.gov/business-guidance/resources/disclosures-101-social-media-influencers'),
  ('US', 'health_supplements', 'restricted', 'https://www.ftc.gov/business-guidance/resources/health-products-compliance-guidance'),
  ('US', 'medicines', 'restricted', 'https://www.ftc.gov/business-guidance/resources/health-products-compliance-guidance'),
  ('US', 'nicotine_vaping', 'restricted', 'https://www.ecfr.gov/current/title-21/chapter-I/subchapter-K/part-1143/section-1143.3'),
  ('US', 'weight_loss', 'restricted', 'https://www.ftc.gov/business-guidance/resources/health-products-compliance-guidance'),
  ('UK', 'alcohol', 'restricted', 'https://www.asa.org.uk/codes-and-rulings/advertising-codes/non-broadcast-code.html'),
  ('UK', 'cosmetic_surgery', 'restricted', 'https://www.asa.org.uk/codes-and-rulings/advertising-codes/non-broadcast-code.html'),
  ('UK', 'cosmetics', 'allowed', 'https://www.asa.org.uk/resource/influencers-guide.html'),
  ('UK', 'financial_crypto', 'restricted', 'https://www.fca.org.uk/publications/finalised-guidance/fg24-1-finalised-guidance-financial-promotions-social-media'),
  ('UK', 'food_children', 'restricted', 'https://www.asa.org.uk/codes-and-rulings/advertising-codes/non-broadcast-code.html'),
  ('UK', 'gambling', 'restricted', 'https://www.asa.org.uk/codes-and-rulings/advertising-codes/non-broadcast-code.html'),
  ('UK', 'health_supplements', 'restricted', 'https://www.asa.org.uk/codes-and-rulings/advertising-codes/non-broadcast-code.html'),
  ('UK', 'medicines', 'restricted', 'https://www.asa.org.uk/codes-and-rulings/advertising-codes/non-broadcast-code.html'),
  ('UK', 'nicotine_vaping', 'banned', 'https://www.asa.org.uk/advice-online/electronic-cigarettes-media-prohibitions.html'),
  ('UK', 'weight_loss', 'restricted', 'https://www.asa.org.uk/codes-and-rulings/advertising-codes/non-broadcast-code.html'),
  ('DE', 'alcohol', 'restricted', 'https://www.kjm-online.de/'),
  ('DE', 'cosmetic_surgery', 'restricted', 'https://www.gesetze-im-internet.de/heilmwerbg/'),
  ('DE', 'cosmetics', 'allowed', 'https://www.die-medienanstalten.de/presse/pressemitteilungen/praktisch-und-bewaehrt-medienanstalten-aktualisieren-leitfaden-werbekennzeichung-bei-online-medien/'),
  ('DE', 'financial_crypto', 'restricted', 'https://www.srd-rechtsanwaelte.de/blog/influencer-marketing-recht/'),
  ('DE', 'food_children', 'allowed', 'https://www.die-medienanstalten.de/presse/pressemitteilungen/praktisch-und-bewaehrt-medienanstalten-aktualisieren-leitfaden-werbekennzeichung-bei-online-medien/'),
  ('DE', 'gambling', 'restricted', 'https://www.gluecksspiel-behoerde.de/de/fuer-spielende/gluecksspielstaatsvertrag'),
  ('DE', 'health_supplements', 'restricted', 'https://www.gesetze-im-internet.de/heilmwerbg/'),
  ('DE', 'medicines', 'restricted', 'https://www.gesetze-im-internet.de/heilmwerbg/'),
  ('DE', 'nicotine_vaping', 'banned', 'https://www.gesetze-im-internet.de/tabakerzg/__19.html'),
  ('DE', 'weight_loss', 'restricted', 'https://www.gesetze-im-internet.de/heilmwerbg/'),
  ('FR', 'alcohol', 'restricted', 'https://juriblio.fr/lois/loi-no-2023-451-du-9-juin-2023/181880913/titre-ier/chapitre-ii/section-1'),
  ('FR', 'cosmetic_surgery', 'banned', 'https://senat.fr/leg/tas22-123.html'),
  ('FR', 'cosmetics', 'allowed', 'https://www.economie.gouv.fr/daj/lettre-de-la-daj-la-france-devient-le-premier-pays-europeen-se-doter-dun-cadre-juridique-de'),
  ('FR', 'financial_crypto', 'restricted', 'https://senat.fr/leg/tas22-123.html'),
  ('FR', 'food_children', 'restricted', 'https://juriblio.fr/lois/loi-no-2023-451-du-9-juin-2023/181880913/titre-ier/chapitre-ii/section-1'),
  ('FR', 'gambling', 'restricted', 'https://www.tf1info.fr/politique/video-reseaux-sociaux-le-parlement-adopte-une-loi-pour-mieux-encadrer-les-influenceurs-que-contient-elle-2258955.html'),
  ('FR', 'health_supplements', 'restricted', 'https://juriblio.fr/lois/loi-no-2023-451-du-9-juin-2023/181880913/titre-ier/chapitre-ii/section-1'),
  ('FR', 'medicines', 'restricted', 'https://juriblio.fr/lois/loi-no-2023-451-du-9-juin-2023/181880913/titre-ier/chapitre-ii/section-1'),
  ('FR', 'nicotine_vaping', 'banned', 'https://senat.fr/leg/tas22-123.html'),
  ('FR', 'weight_loss', 'restricted', 'https://senat.fr/leg/tas22-123.html'),
  ('ES', 'alcohol', 'restricted', 'https://www.boe.es/buscar/act.php?id=BOE-A-2022-11311'),
  ('ES', 'cosmetic_surgery', 'restricted', 'https://www.boe.es/buscar/act.php?id=BOE-A-2022-11311'),
  ('ES', 'cosmetics', 'allowed', 'https://www.ecija.com/actualidad-insights/codigo-de-conducta-sobre-publicidad-a-traves-de-influencers-2025'),
  ('ES', 'financial_crypto', 'restricted', 'https://www.boe.es/buscar/doc.php?id=BOE-A-2022-666'),
  ('ES', 'food_children', 'restricted', 'https://www.ecija.com/actualidad-insights/codigo-de-conducta-sobre-publicidad-a-traves-de-influencers-2025'),
  ('ES', 'gambling', 'restricted', 'https://www.boe.es/buscar/act.php?id=BOE-A-2022-11311'),
  ('ES', 'health_supplements', 'restricted', 'https://www.ecija.com/actualidad-insights/codigo-de-conducta-sobre-publicidad-a-traves-de-influencers-2025'),
  ('ES', 'medicines', 'restricted', 'https://www.boe.es/buscar/act.php?id=BOE-A-2022-11311'),
  ('ES', 'nicotine_vaping', 'banned', 'https://www.boe.es/buscar/act.php?id=BOE-A-2005-21261'),
  ('ES', 'weight_loss', 'restricted', 'https://www.ecija.com/actualidad-insights/codigo-de-conducta-sobre-publicidad-a-traves-de-influencers-2025'),
  ('AE', 'alcohol', 'restricted', 'https://uaemc.gov.ae/en/'),
  ('AE', 'cosmetic_surgery', 'restricted', 'https://mohap.gov.ae/en/services/issue-of-a-permit-to-advertise-a-medical-product'),
  ('AE', 'cosmetics', 'allowed', 'https://uaemc.gov.ae/en/%D8%AA%D8%B5%D8%B1%D9%8A%D8%AD-%D9%85%D8%B9%D9%84%D9%86'),
  ('AE', 'financial_crypto', 'restricted', 'https://uaemc.gov.ae/en/'),
  ('AE', 'food_children', 'allowed', 'https://uaemc.gov.ae/en/%D8%AA%D8%B5%D8%B1%D9%8A%D8%AD-%D9%85%D8%B9%D9%84%D9%86'),
  ('AE', 'gambling', 'restricted', 'https://uaemc.gov.ae/en/'),
  ('AE', 'health_supplements', 'restricted', 'https://mohap.gov.ae/en/services/issue-of-a-permit-to-advertise-a-medical-product'),
  ('AE', 'medicines', 'restricted', 'https://mohap.gov.ae/en/services/issue-of-a-permit-to-advertise-a-medical-product'),
  ('AE', 'nicotine_vaping', 'banned', 'https://uaelegislation.gov.ae/en/legislations/1190'),
  ('AE', 'weight_loss', 'restricted', 'https://mohap.gov.ae/en/services/issue-of-a-permit-to-advertise-a-medical-product'),
  ('SA', 'alcohol', 'banned', 'https://laws.boe.gov.sa/'),
  ('SA', 'cosmetic_surgery', 'restricted', 'https://www.sfda.gov.sa/en/regulations'),
  ('SA', 'cosmetics', 'restricted', 'https://www.sfda.gov.sa/en/regulations'),
  ('SA', 'financial_crypto', 'restricted', 'https://gmedia.gov.sa/'),
  ('SA', 'food_children', 'allowed', 'https://saudipedia.com/en/article/1357/economy-and-business/commerce/what-is-the-mawthooq-license'),
  ('SA', 'gambling', 'banned', 'https://laws.boe.gov.sa/'),
  ('SA', 'health_supplements', 'restricted', 'https://www.sfda.gov.sa/en/regulations'),
  ('SA', 'medicines', 'restricted', 'https://www.sfda.gov.sa/en/regulations'),
  ('SA', 'nicotine_vaping', 'banned', 'https://laws.boe.gov.sa/'),
  ('SA', 'weight_loss', 'restricted', 'https://www.sfda.gov.sa/en/regulations');

-- Creators' advertising licences ---------------------------------------------------------------------------

create table public.creator_licences (
  creator_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  kind text not null check (kind in ('ae_advertiser_permit', 'sa_mawthooq')),
  number text not null check (length(btrim(number)) between 3 and 40 and number ~ '^[A-Za-z0-9][A-Za-z0-9 /-]*$'),
  expires_on date,
  updated_at timestamptz not null default app.now(),
  primary key (creator_id, kind)
);
comment on table public.creator_licences is 'A creator''s advertising licences (UAE Advertiser Permit, Saudi Mawthooq licence): number and expiry.';
alter table public.creator_licences enable row level security;

create policy "Creators and their brand partners can view creators' licences" on public.creator_licences
  for select to authenticated using (creator_id = (select auth.uid()) or app.is_partner_pair(creator_id));
create policy "Creators can record their own licences" on public.creator_licences
  for insert to authenticated with check (creator_id = (select auth.uid()) and app.current_role_is('creator'));
create policy "Creators can update their own licences" on public.creator_licences
  for update to authenticated using (creator_id = (select auth.uid()))
  with check (creator_id = (select auth.uid()));
create policy "Creators can delete their own licences" on public.creator_licences
  for delete to authenticated using (creator_id = (select auth.uid()));
revoke all on public.creator_licences from anon;
revoke truncate on public.creator_licences from authenticated;

-- Accepting an offer in a banned category is refused -------------------------------------------------------

-- The markets among the creator's disclosure markets that ban the category, as "FR, UK" (null when none).
create function app.category_banned_in(p_creator uuid, p_category text) returns text
language sql stable security definer set search_path = '' as $$
  select string_agg(r.market, ', ' order by r.market)
  from public.market_category_rules r
  join public.profiles p on p.id = p_creator and r.market = any (p.disclosure_markets)
  where r.category = p_category and r.status = 'banned'
$$;

-- A trigger rather than a change to accept_offer: every path that moves an offer to accepted obeys it.
create function app.refuse_banned_category() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  banned text;
begin
  if new.status = 'accepted' and old.status is distinct from 'accepted' and new.product_category is not null then
    banned := app.category_banned_in(new.creator_id, new.product_category);
    if banned is not null then
      raise exception 'influencers may not promote % (%) in %: this offer cannot be accepted',
        replace(new.product_category, '_', ' '), new.product_category, banned using errcode = '55000';
    end if;
  end if;
  return new;
end
$$;

create trigger offers_refuse_banned_category before update of status on public.offers
  for each row execute function app.refuse_banned_category();

-- The brand (or the creator, for a deal they logged) names what the offer promotes while it is still open.
create function public.set_offer_category(p_offer_id uuid, p_category text) returns public.offers
language plpgsql security definer set search_path = '' as $$
declare
  o public.offers := app.lock_row(null::public.offers, p_offer_id);
  v_category text := nullif(btrim(lower(coalesce(p_category, ''))), '');
begin
  if app.side(o) not in ('brand', 'both') then
    raise exception 'only the brand names the product category of its offer' using errcode = '42501';
  end if;
  if o.status not in ('draft', 'sent', 'countered') then
    perform app.refuse_transition(o, 'given a product category');
  end if;
  if v_category is not null and v_category not in ('cosmetics', 'cosmetic_surgery', 'alcohol', 'gambling', 'nicotine_vaping', 'financial_crypto', 'health_supplements', 'medicines', 'food_children', 'weight_loss') then
    raise exception 'unknown product category "%"', p_category using errcode = '22023';
  end if;
  if v_category is not distinct from o.product_category then
    return o;
  end if;
  update public.offers set product_category = v_category, updated_at = app.now() where id = o.id;
  perform app.offer_event(o.id, 'category_set', o.status, o.status, null,
    jsonb_build_object('product_category', jsonb_build_object('from', o.product_category, 'to', v_category)));
  select * into o from public.offers where id = o.id;
  return o;
end
$$;
comment on function public.set_offer_category(uuid, text) is 'The brand (or the creator, for a logged deal) names what an open offer promotes.';

revoke execute on function app.category_banned_in(uuid, text), app.refuse_banned_category() from public;
revoke execute on function public.set_offer_category(uuid, text) from public, anon;
grant execute on function public.set_offer_category(uuid, text) to authenticated, service_role;
