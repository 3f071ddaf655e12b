"""Arabic for campaign reports (builder, sharing, the brand partner's view, the page a secret link opens) and the
media kit, keyed by the English text."""

CATALOG: dict[str, str] = {
    # menu and titles
    "Reports": "التقارير",
    "Reports & media kit": "التقارير والملف الإعلامي",
    "Campaign reports": "تقارير الحملات",
    "Media kit": "الملف الإعلامي",
    "Shared reports": "التقارير المشتركة",
    "Shared with you": "مشترك معك",
    "Your reports": "تقاريرك",
    "New report": "تقرير جديد",
    "Share this report": "مشاركة هذا التقرير",
    "Shares and views": "المشاركات والمشاهدات",
    "View log": "سجل المشاهدات",
    "Preview": "معاينة",
    "Reports shared with you": "التقارير المشتركة معك",
    # builder
    "Build a report from a brand's accepted offers or from a date window, then share it with the brand partner's "
    "account or by a secret link, live or frozen. Every number says where it came from.":
        "أنشئ تقريرًا من العروض المقبولة لعلامة تجارية أو من فترة زمنية، ثم شاركه مع حساب الشريك التجاري أو عبر رابط "
        "سري، مباشرًا أو مجمّدًا. كل رقم يبيّن مصدره.",
    "No report yet. Build one above: it stays private until you share it.":
        "لا يوجد تقرير بعد. أنشئ تقريرًا أعلاه: يبقى خاصًا حتى تشاركه.",
    "Title": "العنوان",
    "Spring campaign results": "نتائج حملة الربيع",
    "What the report covers": "ما يغطيه التقرير",
    "A brand's accepted offers": "العروض المقبولة لعلامة تجارية",
    "A date window": "فترة زمنية",
    "No accepted offer yet. Once you accept a brand's offer, build its report here; or cover a date window instead.":
        "لا يوجد عرض مقبول بعد. بعد قبول عرض من علامة تجارية أنشئ تقريره هنا، أو اختر فترة زمنية بدلًا من ذلك.",
    "Accepted offers": "العروض المقبولة",
    "Every post in the window": "كل المنشورات في الفترة",
    "Only the deliverables for {brand}": "مخرجات {brand} فقط",
    "Posts are placed in the window by their date in your time zone ({zone}), exactly as on the Engagement page, so "
    "the numbers match it.":
        "توضع المنشورات في الفترة حسب تاريخها في منطقتك الزمنية ({zone})، تمامًا كما في صفحة التفاعل، فتتطابق الأرقام.",
    "Create report": "إنشاء التقرير",
    "Report created. Check the preview, then share it.": "تم إنشاء التقرير. راجع المعاينة ثم شاركه.",
    "This report no longer exists.": "هذا التقرير لم يعد موجودًا.",
    "Preview: this is what a brand partner sees of a live share today.":
        "معاينة: هذا ما يراه الشريك التجاري اليوم في مشاركة مباشرة.",
    # sharing
    "With a brand partner's account": "مع حساب شريك تجاري",
    "By secret link": "عبر رابط سري",
    "This report can be shared with the brand partner's account once they have joined through your invitation "
    "(Brand partners page). Until then, share it by secret link.":
        "يمكن مشاركة هذا التقرير مع حساب الشريك التجاري بعد انضمامه عبر دعوتك (صفحة الشركاء التجاريين). حتى ذلك "
        "الحين شاركه عبر رابط سري.",
    "{brand} has no account here (a deal you logged yourself): share the report by secret link.":
        "ليس لدى {brand} حساب هنا (صفقة سجّلتها بنفسك): شارك التقرير عبر رابط سري.",
    "Numbers": "الأرقام",
    "Live: follows new syncs": "مباشر: يتبع المزامنات الجديدة",
    "Frozen: keeps today's numbers": "مجمّد: يحتفظ بأرقام اليوم",
    "Its members see the report under Shared reports, and can download it and add conversions.":
        "يرى أعضاؤها التقرير ضمن التقارير المشتركة، ويمكنهم تنزيله وإضافة التحويلات.",
    "Share with {brand}": "مشاركة مع {brand}",
    "Shared with {brand}.": "تمت المشاركة مع {brand}.",
    "Link works for (days)": "مدة صلاحية الرابط (أيام)",
    "Label (only you see it)": "وسم (تراه أنت فقط)",
    "For the agency": "للوكالة",
    "Anyone with the link can open the report without signing in, until it expires or you revoke it.":
        "يمكن لأي شخص لديه الرابط فتح التقرير دون تسجيل الدخول، حتى تنتهي صلاحيته أو تلغيه.",
    "Create link": "إنشاء رابط",
    "Link created. Copy it now: it is shown only once. It works until {date} unless you revoke it.":
        "تم إنشاء الرابط. انسخه الآن: يظهر مرة واحدة فقط. يعمل حتى {date} ما لم تلغه.",
    "Not shared yet.": "لم تتم المشاركة بعد.",
    "Revoked": "ملغى",
    "Live": "مباشر",
    "Frozen on {date}": "مجمّد في {date}",
    "shared {date}": "شورك في {date}",
    "revoked {date}": "أُلغي في {date}",
    "until {date}": "حتى {date}",
    "views: {count}": "المشاهدات: {count}",
    "last opened {date}": "آخر فتح في {date}",
    "Revoke": "إلغاء",
    "Share revoked: it stops working at once.": "أُلغيت المشاركة: تتوقف عن العمل فورًا.",
    "When": "متى",
    "Through": "عبر",
    "Who": "من",
    "Someone with the link (not signed in)": "شخص لديه الرابط (دون تسجيل دخول)",
    "{brand}'s account": "حساب {brand}",
    "A brand": "علامة تجارية",
    "Secret link": "رابط سري",
    "Delete this report": "حذف هذا التقرير",
    "Deleting removes its shares (links stop working), its view log and the brand's conversions.":
        "الحذف يزيل مشاركاته (تتوقف الروابط عن العمل) وسجل مشاهداته وتحويلات العلامة التجارية.",
    "Yes, delete \"{title}\"": "نعم، احذف \"{title}\"",
    "Delete report": "حذف التقرير",
    "Report deleted.": "تم حذف التقرير.",
    # the report
    "By {creator}": "بواسطة {creator}",
    "for {brand}": "لصالح {brand}",
    "Offers: {campaigns}": "العروض: {campaigns}",
    "Posts from {start} to {end}, placed by their date in {zone}":
        "المنشورات من {start} إلى {end}، حسب تاريخها في {zone}",
    "every post in the window": "كل المنشورات في الفترة",
    "Frozen report: these numbers were kept on {date} and do not change with new syncs.":
        "تقرير مجمّد: حُفظت هذه الأرقام في {date} ولا تتغير مع المزامنات الجديدة.",
    "Live report: the numbers follow new syncs (latest numbers from {date}).":
        "تقرير مباشر: الأرقام تتبع المزامنات الجديدة (أحدث الأرقام من {date}).",
    "Live report: the numbers follow new syncs; none of its posts has been synced or imported yet.":
        "تقرير مباشر: الأرقام تتبع المزامنات الجديدة؛ لم تتم مزامنة أي من منشوراته أو استيرادها بعد.",
    "This share works until {date}.": "تعمل هذه المشاركة حتى {date}.",
    "No post was published in this window yet, so the report has no numbers.":
        "لم يُنشر أي منشور في هذه الفترة بعد، لذا لا أرقام في التقرير.",
    "No deliverable of this report has been posted yet. Its numbers appear once the posts are live and synced or "
    "imported.":
        "لم يُنشر أي من مخرجات هذا التقرير بعد. تظهر أرقامه بعد نشر المنشورات ومزامنتها أو استيرادها.",
    "Where the numbers come from:": "مصدر الأرقام:",
    "1 post": "منشور واحد",
    "{count} posts": "المنشورات: {count}",
    "accounts: {count}": "الحسابات: {count}",
    "Mixed sources": "مصادر مختلطة",
    "Imported": "مستورد",
    "Self-reported": "مُدخل ذاتيًا",
    "Entered by the brand": "أدخلته العلامة التجارية",
    "No numbers yet": "لا أرقام بعد",
    "Read from the platform's API by the portal.": "قرأتها البوابة من واجهة برمجة المنصة.",
    "Read from an export file the creator downloaded from the platform.":
        "قُرئت من ملف تصدير نزّله صانع المحتوى من المنصة.",
    "Typed in by the creator.": "أدخلها صانع المحتوى يدويًا.",
    "Entered by the brand partner on this report.": "أدخلها الشريك التجاري في هذا التقرير.",
    "The post has not been synced or imported since it was published.":
        "لم تتم مزامنة المنشور أو استيراده منذ نشره.",
    "Views": "المشاهدات",
    "Reach": "الوصول",
    "Likes": "الإعجابات",
    "Comments": "التعليقات",
    "Saves": "الحفظ",
    "Shares": "المشاركات",
    "Link clicks": "نقرات الروابط",
    "Views = sum of each post's latest views": "المشاهدات = مجموع أحدث مشاهدات كل منشور",
    "Reach = sum of each post's latest reach": "الوصول = مجموع أحدث وصول لكل منشور",
    "Link clicks where the platform reports them (stories, for example).":
        "نقرات الروابط حيث تبلّغ عنها المنصة (القصص مثلًا).",
    "Engagements": "التفاعلات",
    "Engagements = likes + comments + shares + saves, summed over the report's posts":
        "التفاعلات = الإعجابات + التعليقات + المشاركات + الحفظ، مجموعة على منشورات التقرير",
    "The numerator of ER by reach; each post counts once, from its latest snapshot.":
        "بسط معدل التفاعل حسب الوصول؛ يُحتسب كل منشور مرة واحدة من أحدث لقطة له.",
    "Cost per result": "التكلفة لكل نتيجة",
    "Spend": "الإنفاق",
    "Spend = sum of the fees of the offers in the report": "الإنفاق = مجموع أجور العروض في التقرير",
    "Fees as agreed in the offers (after any counter), in the offers' currency.":
        "الأجور كما اتُّفق عليها في العروض (بعد أي عرض مضاد)، بعملة العروض.",
    "CPM": "CPM (تكلفة الألف مشاهدة)",
    "CPM = spend / views × 1,000": "CPM = الإنفاق / المشاهدات × 1,000",
    "Cost per thousand views; views count each time the content was shown, as impressions did.":
        "تكلفة كل ألف مشاهدة؛ تُحتسب المشاهدة في كل مرة يُعرض فيها المحتوى، كما كانت مرات الظهور.",
    "CPV": "CPV (تكلفة المشاهدة)",
    "CPV = spend / views": "CPV = الإنفاق / المشاهدات",
    "Cost per view, to a hundredth of the currency's smallest unit.":
        "تكلفة كل مشاهدة، لأقرب جزء من مئة من أصغر وحدة في العملة.",
    "CPE": "CPE (تكلفة التفاعل)",
    "CPE = spend / engagements": "CPE = الإنفاق / التفاعلات",
    "Cost per engagement (likes, comments, shares and saves), to a hundredth of the currency's smallest unit.":
        "تكلفة كل تفاعل (إعجابات وتعليقات ومشاركات وحفظ)، لأقرب جزء من مئة من أصغر وحدة في العملة.",
    "CPA": "CPA (تكلفة التحويل)",
    "CPA = spend / conversions entered by the brand": "CPA = الإنفاق / التحويلات التي أدخلتها العلامة التجارية",
    "Cost per conversion (promo codes redeemed, sales, sign-ups); shown once the brand has entered conversions.":
        "تكلفة كل تحويل (رموز ترويجية مستخدمة، مبيعات، تسجيلات)؛ تظهر بعد أن تُدخل العلامة التجارية التحويلات.",
    "Conversions": "التحويلات",
    "Conversions = sum of the conversions the brand entered on this report":
        "التحويلات = مجموع التحويلات التي أدخلتها العلامة التجارية في هذا التقرير",
    "The fees are in {currencies}: costs per result are shown only for fees in one currency.":
        "الأجور بعملات {currencies}: تظهر التكلفة لكل نتيجة فقط للأجور بعملة واحدة.",
    "No fee to divide: costs per result need a report built from a brand's offers.":
        "لا أجر للقسمة عليه: التكلفة لكل نتيجة تحتاج تقريرًا مبنيًا على عروض علامة تجارية.",
    "CPA appears once the brand enters conversions.": "تظهر تكلفة التحويل بعد أن تُدخل العلامة التجارية التحويلات.",
    "Conversions and revenue as the brand entered them.": "التحويلات والإيرادات كما أدخلتها العلامة التجارية.",
    "Views and reach per post": "المشاهدات والوصول لكل منشور",
    "Engagement rate by reach per post": "معدل التفاعل حسب الوصول لكل منشور",
    "Deliverables and posts": "المخرجات والمنشورات",
    "Post": "المنشور",
    "Disclosure": "الإفصاح",
    "Not sponsored": "غير ممول",
    "Not posted yet": "لم يُنشر بعد",
    "Post not synced yet": "لم تتم مزامنة المنشور بعد",
    "Not checked": "لم يُفحص",
    "Posts without numbers yet: {count}. Their numbers appear after the next sync or import of the post.":
        "منشورات بلا أرقام بعد: {count}. تظهر أرقامها بعد المزامنة أو الاستيراد التالي للمنشور.",
    "Disclosure: each sponsored post's caption checked against the rules of {markets}.":
        "الإفصاح: فُحص نص كل منشور ممول وفق قواعد {markets}.",
    "Deliverable": "المُخرَج",
    "Due": "الاستحقاق",
    "Download posts as CSV": "تنزيل المنشورات بصيغة CSV",
    "Download totals as CSV": "تنزيل الإجماليات بصيغة CSV",
    "Download as PDF": "تنزيل بصيغة PDF",
    # conversions
    "Conversions entered by the brand": "التحويلات التي أدخلتها العلامة التجارية",
    "None entered yet: CPA appears once the brand enters conversions.":
        "لم يُدخل شيء بعد: تظهر تكلفة التحويل بعد أن تُدخل العلامة التجارية التحويلات.",
    "revenue {amount}": "الإيرادات {amount}",
    "{count} conversions": "التحويلات: {count}",
    "the brand": "العلامة التجارية",
    "Entered by {who} on {date}": "أدخلها {who} في {date}",
    "Remove": "إزالة",
    # brand partner
    "No creator has shared a report with your brand yet. Shared reports appear here, and on Home.":
        "لم يشارك أي صانع محتوى تقريرًا مع علامتك التجارية بعد. تظهر التقارير المشتركة هنا وفي الصفحة الرئيسية.",
    "This report is no longer shared with you.": "لم يعد هذا التقرير مشتركًا معك.",
    "Shared {date}": "شورك في {date}",
    "Open the report": "فتح التقرير",
    "Conversions removed.": "تمت إزالة التحويلات.",
    "Conversions can be added to reports about your brand's offers.":
        "يمكن إضافة التحويلات إلى التقارير الخاصة بعروض علامتك التجارية.",
    "Add conversions": "إضافة تحويلات",
    "What your brand measured from this campaign: promo codes redeemed, sales, sign-ups. They feed CPA and are "
    "marked as entered by the brand.":
        "ما قاسته علامتك التجارية من هذه الحملة: رموز ترويجية مستخدمة، مبيعات، تسجيلات. تدخل في حساب تكلفة التحويل "
        "وتُوسم بأنها من إدخال العلامة التجارية.",
    "What was counted": "ما الذي تم عدّه",
    "Promo code MAYA15 redeemed": "استخدام الرمز الترويجي MAYA15",
    "Revenue (optional)": "الإيرادات (اختياري)",
    "Conversions added: CPA is updated.": "أُضيفت التحويلات: تم تحديث تكلفة التحويل.",
    # brand home (existing strings on the page this area extends)
    "No creator has invited you yet. Ask a creator for an invitation link; once you accept it, they appear here.":
        "لم يدعُك أي صانع محتوى بعد. اطلب من صانع محتوى رابط دعوة؛ بعد قبوله يظهر هنا.",
    "No niche set": "لم يُحدَّد مجال",
    "since {date}": "منذ {date}",
    # the page a link opens
    "This link is no longer valid": "هذا الرابط لم يعد صالحًا",
    "It may have expired, or the creator may have revoked it. Ask them for a new link.":
        "ربما انتهت صلاحيته أو ألغاه صانع المحتوى. اطلب منه رابطًا جديدًا.",
    "Shared by {creator} through Creator Portal. Anyone with this link can open this report until it expires or the "
    "creator revokes it. Times are in {zone}.":
        "شاركه {creator} عبر بوابة صنّاع المحتوى. يمكن لأي شخص لديه هذا الرابط فتح التقرير حتى تنتهي صلاحيته أو "
        "يلغيه صانع المحتوى. الأوقات بتوقيت {zone}.",
    # media kit
    "Your public profile for brands: always current, with an \"as of\" date, computed when someone opens it. Nothing "
    "is public until you switch it on.":
        "ملفك العام للعلامات التجارية: محدَّث دائمًا مع تاريخ \"حتى\"، ويُحسب عند فتحه. لا شيء يصبح عامًا حتى تفعّله.",
    "What visitors see when the media kit is on.": "ما يراه الزوار عندما يكون الملف الإعلامي مفعّلًا.",
    "Your media kit is off: its links show \"This link is no longer valid\". Switch it on below.":
        "ملفك الإعلامي متوقف: روابطه تعرض \"هذا الرابط لم يعد صالحًا\". فعّله أدناه.",
    "Public link (anyone may open it):": "الرابط العام (يمكن لأي شخص فتحه):",
    "A secret link works only for people you send it to. It is shown once; making a new one turns the old one off.":
        "الرابط السري يعمل فقط لمن ترسله إليهم. يظهر مرة واحدة؛ إنشاء رابط جديد يوقف القديم.",
    "A secret link exists since {date}.": "يوجد رابط سري منذ {date}.",
    "Make a new secret link": "إنشاء رابط سري جديد",
    "Create a secret link": "إنشاء رابط سري",
    "Secret link created. Copy it now: it is shown only once.": "تم إنشاء الرابط السري. انسخه الآن: يظهر مرة واحدة فقط.",
    "Turn off the secret link": "إيقاف الرابط السري",
    "Secret link turned off: it stops working at once.": "تم إيقاف الرابط السري: يتوقف عن العمل فورًا.",
    "What it shows": "ما يعرضه",
    "Rates on your rate card": "عدد الأسعار في قائمة أسعارك",
    "Media kit on": "تفعيل الملف الإعلامي",
    "Headline": "العنوان الرئيسي",
    "Slow fashion, styled three ways. Engaged UK audience aged 25-34.":
        "موضة مستدامة بثلاث إطلالات. جمهور بريطاني متفاعل بعمر 25-34.",
    "Contact email (optional)": "بريد التواصل (اختياري)",
    "Public link name (optional)": "اسم الرابط العام (اختياري)",
    "3 to 40 lowercase letters, digits or hyphens. Leave it empty for no public link; a secret link still works.":
        "من 3 إلى 40 حرفًا لاتينيًا صغيرًا أو رقمًا أو شرطة. اتركه فارغًا لإلغاء الرابط العام؛ الرابط السري يبقى فعّالًا.",
    "Audience per platform": "الجمهور حسب المنصة",
    "Audience demographics": "التركيبة السكانية للجمهور",
    "Engagement per platform, with its definitions": "التفاعل حسب المنصة مع تعريفاته",
    "Top posts": "أفضل المنشورات",
    "Past brand partners": "الشركاء التجاريون السابقون",
    "Rates": "الأسعار",
    "Past brand partners to list": "الشركاء التجاريون السابقون المعروضون",
    "Only brands whose offer you accepted are listed, and only if \"Past brand partners\" is ticked.":
        "تُعرض فقط العلامات التجارية التي قبلت عروضها، وفقط إذا حُدّد خيار \"الشركاء التجاريون السابقون\".",
    "Rate card": "قائمة الأسعار",
    "Format": "الصيغة",
    "Save media kit": "حفظ الملف الإعلامي",
    "Media kit saved.": "تم حفظ الملف الإعلامي.",
    "Contact: {email}": "للتواصل: {email}",
    "As of {date}: always current, computed when this page was opened.":
        "حتى {date}: محدَّث دائمًا، حُسب عند فتح هذه الصفحة.",
    "No past partner chosen yet.": "لم يُختر أي شريك سابق بعد.",
    "No rates listed yet.": "لا أسعار مدرجة بعد.",
    "Download the media kit as PDF": "تنزيل الملف الإعلامي بصيغة PDF",
    "No follower counts yet.": "لا أعداد متابعين بعد.",
    "{mark}, as of {date}": "{mark}، حتى {date}",
    "Engagement per platform": "التفاعل حسب المنصة",
    "Posts published from {start} to {end}.": "المنشورات المنشورة من {start} إلى {end}.",
    "No posts in this period.": "لا منشورات في هذه الفترة.",
    "Formula": "الصيغة الحسابية",
    "No demographics yet: the platforms hide them while an audience is small.":
        "لا بيانات سكانية بعد: تخفيها المنصات ما دام الجمهور صغيرًا.",
    'The PDF is made when you click, from the report as it is then.': 'يُنشأ ملف PDF عند النقر، من التقرير كما هو حينها.',
    'The PDF is made when you click, from the media kit as it is then.': 'يُنشأ ملف PDF عند النقر، من ملف الوسائط كما هو حينها.',
    # costs on what was delivered
    "Spend on delivered": "الإنفاق على ما سُلِّم",
    "Committed spend": "الإنفاق الملتزم به",
    "Committed spend = sum of the fees of the offers in the report": "الإنفاق الملتزم به = مجموع أجور العروض في التقرير",
    "Fees as agreed in the offers (after any counter), in the offers' currency, whatever has been delivered.":
        "الأجور كما اتُّفق عليها في العروض (بعد أي عرض مضاد)، بعملة العروض، أيًّا كان ما سُلِّم.",
    "Spend on delivered = Σ per offer (fee × posted deliverables / all deliverables of that offer)":
        "الإنفاق على ما سُلِّم = Σ لكل عرض (الأجر × المخرجات المنشورة / كل مخرجات ذلك العرض)",
    "The share of each fee for what is posted (posted or verified), rounded once to the currency's minor units; "
    "the cost of each result divides this, so undelivered posts do not inflate it.":
        "حصة كل أجر عمّا نُشر (منشور أو موثَّق)، مقرَّبة مرة واحدة إلى أصغر وحدة في العملة؛ وتُقسَم عليها تكلفة كل "
        "نتيجة، فلا تضخّمها المنشورات التي لم تُسلَّم.",
    "CPM = spend on delivered / views × 1,000": "CPM = الإنفاق على ما سُلِّم / المشاهدات × 1,000",
    "CPV = spend on delivered / views": "CPV = الإنفاق على ما سُلِّم / المشاهدات",
    "CPE = spend on delivered / engagements": "CPE = الإنفاق على ما سُلِّم / التفاعلات",
    "CPA = spend on delivered / conversions entered by the brand":
        "CPA = الإنفاق على ما سُلِّم / التحويلات التي أدخلتها العلامة التجارية",
    "Cost per conversion (promo codes redeemed, sales, sign-ups); shown once something is posted and the brand "
    "has entered conversions.":
        "التكلفة لكل تحويل (رموز ترويجية مستخدمة، مبيعات، تسجيلات)؛ تظهر بعد نشر شيء ما وإدخال العلامة التجارية "
        "للتحويلات.",
    "{campaign}: {fee} × {posted} / {total} = {share}": "{campaign}: {fee} × {posted} منشور / {total} = {share}",
}
