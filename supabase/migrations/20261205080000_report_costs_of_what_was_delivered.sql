-- Honest report costs: a brand paying £1,350 for six deliverables, one of them live, saw the whole fee divided by
-- that one post's views. Costs per result now divide the fee share of what was delivered:
--   delivered spend = Σ over the report's offers of fee × posted deliverables / all deliverables of that offer
-- (posted = the report's rows of that offer in state posted or verified), rounded once to the currency's minor
-- units, beside the committed spend (the full fees). Each offer in the payload carries its two counts and every
-- reader gets them, frozen shares included (their rows keep the states as of freezing).
-- Conversions need a post: a brand cannot add conversions to a report that shows no posted deliverable or post.

create function app.report_with_delivered_spend(p_payload jsonb) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  result jsonb := p_payload;
  counted jsonb;
  places smallint;
begin
  if p_payload is null or jsonb_typeof(p_payload) <> 'object' then
    return p_payload;
  end if;
  select coalesce(jsonb_agg(e.x || jsonb_build_object(
           'deliverables', (select count(*) from public.deliverables d where d.offer_id::text = e.x ->> 'id'),
           'delivered', (select count(distinct r.x ->> 'deliverable_id')
                         from jsonb_array_elements(coalesce(p_payload -> 'rows', '[]'::jsonb)) r(x)
                         where r.x ->> 'offer_id' = e.x ->> 'id' and r.x ->> 'status' in ('posted', 'verified')))
           order by e.n), '[]'::jsonb)
    into counted
  from jsonb_array_elements(coalesce(p_payload -> 'offers', '[]'::jsonb)) with ordinality as e(x, n);
  result := jsonb_set(result, '{offers}', counted);
  places := (p_payload #>> '{spend,minor_units}')::smallint;
  if (p_payload #>> '{spend,amount}') is not null and places is not null then
    result := jsonb_set(result, '{spend}', (p_payload -> 'spend') || jsonb_build_object(
      'delivered_amount', round(coalesce((
        select sum((c.x ->> 'fee')::numeric * (c.x ->> 'delivered')::numeric / (c.x ->> 'deliverables')::numeric)
        from jsonb_array_elements(counted) c(x) where (c.x ->> 'deliverables')::integer > 0), 0), places)::text));
  end if;
  return result;
end
$$;
comment on function app.report_with_delivered_spend(jsonb) is 'A report payload with each offer''s deliverable counts and the fee share of what was delivered.';
revoke execute on function app.report_with_delivered_spend(jsonb) from public, anon, authenticated;

-- Conversions only on a report that shows a post: as the brand reads it (its latest active share), else as it is now.
create function app.report_conversion_needs_a_post() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  s public.report_shares;
  payload jsonb;
begin
  select * into s from public.report_shares x
  where x.report_id = new.report_id and x.kind = 'brand' and x.brand_id = new.brand_id and x.revoked_at is null
    and (x.expires_at is null or x.expires_at > app.now())
  order by x.created_at desc limit 1;
  payload := case when found then app.report_envelope(new.report_id, s.id) -> 'payload'
                  else app.report_payload(new.report_id) end;
  if not exists (select 1 from jsonb_array_elements(coalesce(payload -> 'rows', '[]'::jsonb)) r(x)
                 where r.x ->> 'posted_at' is not null) then
    raise exception 'Nothing in this report has been posted yet: conversions can be added once a post is live.'
      using errcode = '22023';
  end if;
  return new;
end
$$;
comment on function app.report_conversion_needs_a_post() is 'Refuses conversions on a report with no posted deliverable or post.';
revoke execute on function app.report_conversion_needs_a_post() from public, anon, authenticated;

create trigger report_conversions_need_a_post before insert on public.report_conversions
  for each row execute function app.report_conversion_needs_a_post();
