-- The portal speaks English, Arabic, French, German and Spanish (portal/locale/); a profile may choose any of them.
alter table public.profiles drop constraint if exists profiles_locale_check;
alter table public.profiles add constraint profiles_locale_check check (locale in ('en', 'ar', 'fr', 'de', 'es'));
