"""Arabic for the Accounts page (connecting platforms, syncing, disconnecting), keyed by the English text."""

CATALOG: dict[str, str] = {
    "Accounts": "الحسابات",
    "Connected accounts": "الحسابات المرتبطة",
    "Connect an account and the portal keeps its numbers up to date from the platform. Where an API cannot give a number, import the files the platform lets you download.":
        "اربط حسابًا لتُحدِّث البوابة أرقامه من المنصة تلقائيًا. وحين لا تتيح واجهة البرمجة رقمًا ما، استورد الملفات التي تتيح لك المنصة تنزيلها.",
    "Connected": "مرتبط",
    "Needs re-authorisation": "يحتاج إلى إعادة التفويض",
    "Syncing": "تجري المزامنة",
    "Error": "خطأ",
    "Imported": "مستورد",
    "Disconnected": "مفصول",
    "Connect {platform}": "اربط {platform}",
    "Reconnect {platform}": "أعد ربط {platform}",
    "Taking you to {platform} to allow access…": "ننقلك إلى {platform} لتسمح بالوصول…",
    "Continue to {platform}": "تابع إلى {platform}",
    "Finishing the connection…": "نُكمل الربط…",
    "The account was not connected: {reason}": "لم يُربط الحساب: {reason}",
    "{platform} account {handle} is connected. Sync it now to bring in its numbers.":
        "تم ربط حساب {platform} ‏{handle}. زامنه الآن لجلب أرقامه.",
    "Last synced {when}": "آخر مزامنة {when}",
    "Not synced yet": "لم تتم مزامنته بعد",
    "not synced yet": "لم تتم مزامنته بعد",
    "access token expires {when} (renewed automatically)": "ينتهي رمز الوصول {when} (ويُجدَّد تلقائيًا)",
    "sign-in valid until {when}": "تسجيل الدخول صالح حتى {when}",
    "{platform} no longer accepts this connection: connect it again.": "لم تعد {platform} تقبل هذا الربط: اربطه من جديد.",
    "The last sync failed: {reason}": "فشلت آخر مزامنة: {reason}",
    "synced with this account, last {when}": "يُزامَن مع هذا الحساب، آخر مرة {when}",
    "Sync now": "زامن الآن",
    "Disconnect": "افصل",
    "Disconnect {handle}": "افصل {handle}",
    "The portal deletes the tokens (and asks {platform} to revoke them where it can). The numbers already synced stay.":
        "تحذف البوابة الرموز (وتطلب من {platform} إلغاءها حيثما أمكن). وتبقى الأرقام التي تمت مزامنتها.",
    "{handle} is disconnected and its tokens are deleted.": "تم فصل {handle} وحُذفت رموزه.",
    "{platform} revoked the access too.": "وألغت {platform} الوصول أيضًا.",
    "Starting the sync": "تبدأ المزامنة",
    "Checking the connection": "نتحقق من الربط",
    "Fetching the profile": "نجلب الملف الشخصي",
    "Fetching posts": "نجلب المنشورات",
    "Fetching communities": "نجلب المجتمعات",
    "Fetching post insights": "نجلب إحصاءات المنشورات",
    "Fetching daily numbers": "نجلب الأرقام اليومية",
    "Fetching the audience": "نجلب بيانات الجمهور",
    "Saving everything in one go": "نحفظ كل شيء دفعة واحدة",
    "Done": "تم",
    "Synced {handle}: {posts} posts, {days} days, {shares} audience shares.":
        "تمت مزامنة {handle}: {posts} منشورًا، و{days} يومًا، و{shares} حصة من الجمهور.",
    "{count} communities.": "{count} مجتمعًا.",
    "Not available from the platform: {what}.": "غير متاح من المنصة: {what}.",
    "{handle} needs to be connected again: {reason}": "يجب ربط {handle} من جديد: {reason}",
    "Nothing to sync: {reason}": "لا شيء للمزامنة: {reason}",
    "The sync of {handle} failed and saved nothing: {reason}": "فشلت مزامنة {handle} ولم يُحفظ شيء: {reason}",
    "{platform} is not set up on this portal yet.": "لم تُعدّ {platform} على هذه البوابة بعد.",
    "How to connect {platform}": "كيف تربط {platform}",
    "The portal's operator registers an app with {platform} once:": "يسجّل مشغّل البوابة تطبيقًا لدى {platform} مرة واحدة:",
    "Redirect URI to register, exactly:": "عنوان إعادة التوجيه الذي يجب تسجيله، كما هو تمامًا:",
    "Developer console: {url}": "لوحة المطورين: {url}",
    "Until then, download your numbers from {platform} and bring them in on the Import page.":
        "وإلى ذلك الحين، نزّل أرقامك من {platform} واستوردها من صفحة الاستيراد.",
    "Go to the Import page": "اذهب إلى صفحة الاستيراد",
    "Open Import in the menu.": "افتح «استيراد» من القائمة.",
    "For the operator: redirect URI and settings": "للمشغّل: عنوان إعادة التوجيه والإعدادات",
    "Register this redirect URI, exactly, with every platform:": "سجّل عنوان إعادة التوجيه هذا، كما هو تمامًا، لدى كل منصة:",
    "Each platform's app goes into `.streamlit/secrets.toml` as `[platforms.<name>]` with `client_id` and `client_secret`; tokens are encrypted with `[portal] token_encryption_key`. Every setting is described in `.streamlit/secrets.toml.example`.":
        "يُضاف تطبيق كل منصة إلى `.streamlit/secrets.toml` باسم `[platforms.<name>]` مع `client_id` و`client_secret`؛ وتُشفَّر الرموز بالمفتاح `[portal] token_encryption_key`. وكل إعداد موصوف في `.streamlit/secrets.toml.example`.",
    "`[portal] token_encryption_key` is not set, so no account can be connected yet.":
        "لم يُضبط `[portal] token_encryption_key`، لذا لا يمكن ربط أي حساب بعد.",
    "A scheduler syncs every connected account with `python -m services.sync --all`.":
        "يزامن المُجدوِل كل الحسابات المرتبطة بالأمر `python -m services.sync --all`.",
    # how to register each platform's app
    "In the Meta App Dashboard, create an app of type Business and add the Instagram product.":
        "في لوحة تطبيقات Meta، أنشئ تطبيقًا من نوع Business وأضف إليه منتج Instagram.",
    "Under Instagram → API setup with Instagram login → Set up Instagram business login, add the redirect URI below to the OAuth redirect URIs.":
        "من Instagram ← API setup with Instagram login ← Set up Instagram business login، أضف عنوان إعادة التوجيه أدناه إلى OAuth redirect URIs.",
    "Ask for the permissions instagram_business_basic and instagram_business_manage_insights (App Review grants Advanced Access for accounts you do not manage yourself).":
        "اطلب الصلاحيتين instagram_business_basic وinstagram_business_manage_insights (وتمنح مراجعة التطبيق وصولًا متقدمًا للحسابات التي لا تديرها بنفسك).",
    "Copy the Instagram App ID and Instagram App Secret into [platforms.instagram] client_id and client_secret.":
        "انسخ Instagram App ID وInstagram App Secret إلى client_id وclient_secret في [platforms.instagram].",
    "On developers.tiktok.com, create an app and add the products Login Kit and Display API.":
        "على developers.tiktok.com، أنشئ تطبيقًا وأضف إليه المنتجين Login Kit وDisplay API.",
    "In Login Kit, choose Web and add the redirect URI below.": "في Login Kit، اختر Web وأضف عنوان إعادة التوجيه أدناه.",
    "Add the scopes user.info.basic, user.info.profile, user.info.stats and video.list, then submit the app for review.":
        "أضف النطاقات user.info.basic وuser.info.profile وuser.info.stats وvideo.list، ثم أرسل التطبيق للمراجعة.",
    "Copy the Client key and Client secret into [platforms.tiktok] client_id and client_secret.":
        "انسخ Client key وClient secret إلى client_id وclient_secret في [platforms.tiktok].",
    "In the Google Cloud console, create a project and enable the YouTube Data API v3 and the YouTube Analytics API.":
        "في وحدة تحكم Google Cloud، أنشئ مشروعًا وفعّل YouTube Data API v3 وYouTube Analytics API.",
    "Set up the OAuth consent screen with the scopes youtube.readonly and yt-analytics.readonly.":
        "اضبط شاشة موافقة OAuth بالنطاقين youtube.readonly وyt-analytics.readonly.",
    "Create an OAuth client ID of type Web application and add the redirect URI below to its Authorized redirect URIs.":
        "أنشئ معرّف عميل OAuth من نوع Web application وأضف عنوان إعادة التوجيه أدناه إلى Authorized redirect URIs.",
    "Copy the client ID and client secret into [platforms.youtube] client_id and client_secret.":
        "انسخ client ID وclient secret إلى client_id وclient_secret في [platforms.youtube].",
    "In the Twitch developer console, register an application with client type Confidential.":
        "في لوحة مطوري Twitch، سجّل تطبيقًا بنوع العميل Confidential.",
    "Add the redirect URI below to its OAuth Redirect URLs.": "أضف عنوان إعادة التوجيه أدناه إلى OAuth Redirect URLs.",
    "Copy the Client ID, create a New Secret, and put both into [platforms.twitch] client_id and client_secret.":
        "انسخ Client ID، وأنشئ New Secret، وضع الاثنين في client_id وclient_secret في [platforms.twitch].",
    "On reddit.com/prefs/apps, create an app of type web app.": "على reddit.com/prefs/apps، أنشئ تطبيقًا من نوع web app.",
    "Put the redirect URI below in its redirect uri field.": "ضع عنوان إعادة التوجيه أدناه في حقل redirect uri.",
    "Copy the client ID (under the app's name) and the secret into [platforms.reddit] client_id and client_secret, and set user_agent to something that names you, like web:creator-portal:v1 (by /u/yourname).":
        "انسخ معرّف العميل (تحت اسم التطبيق) والسر إلى client_id وclient_secret في [platforms.reddit]، واضبط user_agent على قيمة تعرّف بك، مثل web:creator-portal:v1 (by /u/yourname).",
    "In the Discord developer portal, create a New Application.": "في بوابة مطوري Discord، أنشئ New Application.",
    "Under OAuth2, add the redirect URI below to Redirects.": "من OAuth2، أضف عنوان إعادة التوجيه أدناه إلى Redirects.",
    "Copy the Client ID and the Client Secret (Reset Secret shows it once) into [platforms.discord] client_id and client_secret.":
        "انسخ Client ID وClient Secret (يعرضه Reset Secret مرة واحدة) إلى client_id وclient_secret في [platforms.discord].",
}
