"""Arabic for the sign-in, Home, partners and settings pages, keyed by the English text."""

CATALOG: dict[str, str] = {
    "Creator Portal": "بوابة صنّاع المحتوى",
    "Your audience, your deals and your payouts, with every number's formula shown.":
        "جمهورك وصفقاتك ومستحقاتك، مع عرض معادلة كل رقم.",
    "Sign in": "تسجيل الدخول",
    "Sign in with {provider}": "تسجيل الدخول عبر {provider}",
    "Sign in as {name}": "الدخول باسم {name}",
    "Sign out": "تسجيل الخروج",
    "Signed in as": "تم تسجيل الدخول باسم",
    "Creator": "صانع محتوى",
    "Creators": "صنّاع المحتوى",
    "Brand partner": "شريك علامة تجارية",
    "Brand partners": "شركاء العلامات التجارية",
    "Home": "الرئيسية",
    "Settings": "الإعدادات",
    "Choose a demo person": "اختر شخصًا من بيئة العرض",
    "This browser remembers the person you choose for {days} days, or until you sign out.":
        "يتذكّر هذا المتصفح الشخص الذي تختاره مدة {days} يومًا، أو حتى تسجّل الخروج.",
    "Welcome back, {name}": "مرحبًا بعودتك يا {name}",
    "Welcome, {name}": "أهلًا {name}",
    "Total followers": "إجمالي المتابعين",
    "{change} in {days} days": "{change} خلال {days} يومًا",
    "Posts in the last {days} days": "المنشورات في آخر {days} يومًا",
    "Engagement rate by reach": "معدل التفاعل حسب الوصول",
    "ER by reach = (likes + comments + shares + saves) / reach":
        "معدل التفاعل حسب الوصول = (الإعجابات + التعليقات + المشاركات + الحفظ) ÷ الوصول",
    "{interactions} interactions / {reach} reach": "{interactions} تفاعلًا ÷ {reach} وصولًا",
    "Follower growth per platform": "نمو المتابعين لكل منصة",
    "Followers": "المتابعون",
    "Download as CSV": "تنزيل بصيغة CSV",
    "Last {days} days of data: {start} to {end}": "آخر {days} يومًا من البيانات: من {start} إلى {end}",
    "No numbers yet. Connect an account or import a platform export to see your audience here.":
        "لا توجد أرقام بعد. اربط حسابًا أو استورد ملف تصدير من المنصة لترى جمهورك هنا.",
    "Display name": "الاسم المعروض",
    "Niche": "المجال",
    "Home currency": "العملة الأساسية",
    "Time zone": "المنطقة الزمنية",
    "Language": "اللغة",
    "Disclosure markets": "أسواق الإفصاح",
    "Save settings": "حفظ الإعدادات",
    "Settings saved.": "تم حفظ الإعدادات.",
    "Nothing was saved: {reason}": "لم يُحفظ شيء: {reason}",
    "Invite a brand partner": "دعوة شريك علامة تجارية",
    "Brand name": "اسم العلامة التجارية",
    "Create invitation link": "إنشاء رابط دعوة",
    "Your partners": "شركاؤك",
    "Invitations sent": "الدعوات المرسلة",
    "Creators you work with": "صنّاع المحتوى الذين تعمل معهم",
    "Reports appear here once a creator shares one with you.": "تظهر التقارير هنا عندما يشاركها معك صانع محتوى.",
    "Local mode: anyone who can open this page can sign in as any demo person. "
    "Configure [auth] in .streamlit/secrets.toml before sharing this server.":
        "الوضع المحلي: يستطيع كل من يفتح هذه الصفحة الدخول باسم أي شخص من بيئة العرض. "
        "اضبط [auth] في ‎.streamlit/secrets.toml قبل مشاركة هذا الخادم.",
    "The database cannot be reached": "تعذّر الوصول إلى قاعدة البيانات",
    "Starting the portal": "جارٍ تشغيل البوابة",
    # Opening an invitation link
    "You are invited": "لديك دعوة",
    "{creator} invites you to see the work they share with the brand **{brand}**.":
        "يدعوك {creator} إلى الاطلاع على ما يشاركه مع العلامة التجارية **{brand}**.",
    "The invitation is valid until {date}. Accepting lets {creator} see your name and send you reports and payouts for this brand.":
        "الدعوة صالحة حتى {date}. بقبولها يرى {creator} اسمك ويرسل إليك التقارير والمستحقات الخاصة بهذه العلامة التجارية.",
    "Accept as": "القبول باسم",
    "A new brand named {brand}": "علامة تجارية جديدة باسم {brand}",
    "Your brand {brand}": "علامتك التجارية {brand}",
    "Accept": "قبول",
    "Decline": "رفض",
    "Invitation declined. The creator cannot use this link again.": "رُفضت الدعوة. لا يمكن استخدام هذا الرابط مرة أخرى.",
    "The invitation could not be opened: {reason}": "تعذّر فتح الدعوة: {reason}",
    "The invitation could not be declined: {reason}": "تعذّر رفض الدعوة: {reason}",
    "This invitation has already been used: ask the creator for a new one.":
        "استُخدمت هذه الدعوة من قبل: اطلب من صانع المحتوى دعوة جديدة.",
    "This invitation has expired: ask the creator for a new one.": "انتهت صلاحية هذه الدعوة: اطلب من صانع المحتوى دعوة جديدة.",
    "This invitation was declined: ask the creator for a new one.": "رُفضت هذه الدعوة: اطلب من صانع المحتوى دعوة جديدة.",
    "This is your own invitation: send the link to the brand partner you invited.":
        "هذه دعوتك أنت: أرسل الرابط إلى شريك العلامة التجارية الذي دعوته.",
    "This invitation is for a brand partner; you are signed in as a creator.":
        "هذه الدعوة موجّهة إلى شريك علامة تجارية، وأنت مسجّل الدخول بصفتك صانع محتوى.",
    "This invitation link is not valid: ask the creator for a new one.": "رابط الدعوة غير صالح: اطلب من صانع المحتوى دعوة جديدة.",

    # Home: Needs you
    "Needs you": "بانتظارك",
    "Nothing needs you right now.": "لا شيء بانتظارك الآن.",
    "Answer {brand}'s offer “{campaign}”: {fee}, expires {when}":
        "ردّ على عرض {brand} «{campaign}»: {fee}، ينتهي في {when}",
    "{what} for {brand} “{campaign}” due {date}": "{what} لـ{brand} «{campaign}» مستحق في {date}",
    "{what} for {brand} “{campaign}” was due {date}: not posted yet":
        "{what} لـ{brand} «{campaign}» كان مستحقًا في {date}: لم يُنشر بعد",
    "Confirm {amount} from {brand}, reported sent on {date}":
        "أكّد استلام {amount} من {brand}، أُبلغ بإرسالها في {date}",
    "{brand} owes {amount} for “{description}”, {n} day overdue":
        "على {brand} مبلغ {amount} مقابل «{description}»، متأخر {n} يومًا",
    "{brand} owes {amount} for “{description}”, {n} days overdue":
        "على {brand} مبلغ {amount} مقابل «{description}»، متأخر {n} يومًا",
    "Last reminder {when}": "آخر تذكير {when}",
    "Send reminder": "إرسال تذكير",
    "Recorded with the payout. Copy this text into your email to {brand}:":
        "سُجّل مع الدفعة. انسخ هذا النص في رسالتك إلى {brand}:",
    "{brands} opened “{title}” {n} time in the last {days} days, last on {when}":
        "فتحت {brands} «{title}» {n} مرة في آخر {days} أيام، آخرها في {when}",
    "{brands} opened “{title}” {n} times in the last {days} days, last on {when}":
        "فتحت {brands} «{title}» {n} مرات في آخر {days} أيام، آخرها في {when}",
    "Answer {creator}'s counter on “{campaign}”: {fee}, expires {when}":
        "ردّ على العرض المقابل من {creator} بشأن «{campaign}»: {fee}، ينتهي في {when}",
    "Review {creator}'s draft: {what} for “{campaign}”, due {date}":
        "راجع مسودة {creator}: {what} لـ«{campaign}»، مستحقة في {date}",
    "Pay {creator} {amount} for “{description}” by {date}": "ادفع لـ{creator} مبلغ {amount} مقابل «{description}» قبل {date}",
    "Pay {creator} {amount} for “{description}”: overdue since {date}":
        "ادفع لـ{creator} مبلغ {amount} مقابل «{description}»: متأخر منذ {date}",
    "New report from {creator}: “{title}”, shared {when}": "تقرير جديد من {creator}: «{title}»، شورك في {when}",
    "{n} more offer to answer": "{n} عرض آخر بانتظار ردّك",
    "{n} more offers to answer": "{n} عروض أخرى بانتظار ردّك",
    "{n} more deliverable due": "{n} تسليم آخر مستحق",
    "{n} more deliverables due": "{n} تسليمات أخرى مستحقة",
    "{n} more payment to confirm": "{n} دفعة أخرى بانتظار تأكيدك",
    "{n} more payments to confirm": "{n} دفعات أخرى بانتظار تأكيدك",
    "{n} more overdue payout": "{n} مستحق آخر متأخر",
    "{n} more overdue payouts": "{n} مستحقات أخرى متأخرة",
    "{n} more report opened": "{n} تقرير آخر فُتح",
    "{n} more reports opened": "{n} تقارير أخرى فُتحت",
    "{n} more counter to answer": "{n} عرض مقابل آخر بانتظار ردّك",
    "{n} more counters to answer": "{n} عروض مقابلة أخرى بانتظار ردّك",
    "{n} more draft to review": "{n} مسودة أخرى للمراجعة",
    "{n} more drafts to review": "{n} مسودات أخرى للمراجعة",
    "{n} more payout to pay": "{n} دفعة أخرى للسداد",
    "{n} more payouts to pay": "{n} دفعات أخرى للسداد",
    "{n} more new report": "{n} تقرير جديد آخر",
    "{n} more new reports": "{n} تقارير جديدة أخرى",
    "The link names nothing you can open here: it may be closed, or not shared with you.":
        "لا يشير الرابط إلى شيء يمكنك فتحه هنا: ربما أُغلق أو لم تتم مشاركته معك.",
    "Opened: {creator}": "مفتوح: {creator}",
    "Close": "إغلاق",
}
