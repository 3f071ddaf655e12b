"""Arabic for tracked links and promo codes: a deal's links and codes, what they brought in a report, the week's
clicks on Home and the brand partner's Promo-code sales page, keyed by the English text."""

CATALOG: dict[str, str] = {
    # menu and titles
    "Promo-code sales": "مبيعات رموز الخصم",
    "Tracked links and promo codes": "الروابط المتتبَّعة ورموز الخصم",
    "Tracked links": "الروابط المتتبَّعة",
    "Promo codes": "رموز الخصم",
    "The tracked links": "الروابط المتتبَّعة",
    "Link clicks this week": "نقرات الروابط هذا الأسبوع",
    # a deal's page
    "Links and promo codes can be made once the deal is accepted.":
        "يمكن إنشاء الروابط ورموز الخصم بعد قبول الصفقة.",
    "Tracked links need the portal's own database connection ([database] url), which this portal does not have.":
        "تحتاج الروابط المتتبَّعة إلى اتصال البوابة بقاعدة بياناتها ([database] url)، وهذه البوابة لا تملكه.",
    "No tracked link yet. Make one per deliverable (or one for the whole campaign): the portal counts its clicks "
    "itself, without cookies or personal data, and adds UTM parameters for the brand's analytics.":
        "لا يوجد رابط متتبَّع بعد. أنشئ رابطًا لكل مُخرَج (أو رابطًا للحملة كلها): تحصي البوابة نقراته بنفسها، بلا ملفات "
        "تعريف ارتباط ولا بيانات شخصية، وتضيف معلمات UTM لتحليلات العلامة التجارية.",
    "Make a tracked link": "إنشاء رابط متتبَّع",
    "No promo code yet. Add the discount code the brand's shop gives out for this deal; its sales come from the "
    "brand (a shop export or typed in).":
        "لا يوجد رمز خصم بعد. أضف رمز الخصم الذي يمنحه متجر العلامة التجارية لهذه الصفقة؛ تأتي مبيعاته من العلامة "
        "التجارية (ملف مُصدَّر من المتجر أو إدخال يدوي).",
    "Add a promo code": "إضافة رمز خصم",
    "Enter a day's sales of a code, or import your shop's export, on the Promo-code sales page.":
        "أدخل مبيعات يوم لرمز ما، أو استورد ملف متجرك، في صفحة مبيعات رموز الخصم.",
    "Disclosing links and codes that earn you commission": "الإفصاح عن الروابط والرموز التي تكسبك عمولة",
    "If the link or code earns you a commission, your markets ask for this too:":
        "إذا كان الرابط أو الرمز يكسبك عمولة، فإن أسواقك تطلب هذا أيضًا:",
    "Whole campaign ({platform})": "الحملة كلها ({platform})",
    "Whole campaign": "الحملة كلها",
    "The whole campaign": "الحملة كلها",
    "Leads to {target}": "يقود إلى {target}",
    "The brand's page": "صفحة العلامة التجارية",
    "For": "لـ",
    "Platform (for a link to the whole campaign)": "المنصة (لرابط الحملة كلها)",
    "Label (optional)": "وصف (اختياري)",
    "Link in bio": "رابط في السيرة",
    "The link adds utm_source (the platform), utm_medium=influencer, utm_campaign (the offer) and utm_content (the "
    "deliverable) to the page's address. Its code is 83 random bits: nobody finds it by guessing, and it always leads "
    "to this page.":
        "يضيف الرابط utm_source (المنصة) وutm_medium=influencer وutm_campaign (العرض) وutm_content (المُخرَج) إلى عنوان "
        "الصفحة. رمزه 83 بتًا عشوائيًا: لا يجده أحد بالتخمين، ويقود دائمًا إلى هذه الصفحة.",
    "Make the link": "إنشاء الرابط",
    "Tracked link made: copy it from the list.": "أُنشئ الرابط المتتبَّع: انسخه من القائمة.",
    "Link revoked: it answers “not found” from now on.": "أُلغي الرابط: يجيب من الآن «غير موجود».",
    "{clicks} clicks · {repeats} repeats · {bots} bots and link previews":
        "{clicks} نقرة · {repeats} تكرار · {bots} روبوت ومعاينة روابط",
    "Code, exactly as the shop spells it": "الرمز، كما يكتبه المتجر تمامًا",
    "Add the code": "إضافة الرمز",
    "Promo code added.": "أُضيف رمز الخصم.",
    "No sales recorded yet.": "لا توجد مبيعات مسجلة بعد.",
    "{orders} orders · {revenue}": "{orders} طلب · {revenue}",
    "End": "إنهاء",
    "Ended": "منتهٍ",
    "Promo code ended; its sales so far stay.": "أُنهي رمز الخصم؛ تبقى مبيعاته حتى الآن.",
    # in a report
    "Clicks": "النقرات",
    "Clicks per day": "النقرات يوميًا",
    "{count} click": "نقرة واحدة ({count})",
    "{count} clicks": "{count} نقرة",
    "Repeats and bots": "التكرارات والروبوتات",
    "Counted apart, not in clicks: a visitor's repeat within 30 minutes, bots and link previews.":
        "تُحصى منفصلة ولا تدخل في النقرات: تكرار الزائر خلال 30 دقيقة، والروبوتات، ومعاينات الروابط.",
    "As of {date}, when the report was frozen.": "حتى {date}، حين جُمّد التقرير.",
    "Rate used: 1 {source} = {rate} {target} ({date}, {kind})":
        "السعر المستخدم: 1 {source} = {rate} {target} ({date}، {kind})",
    "{amount} in {currency} are not in revenue: there is no rate for {currency} yet.":
        "{amount} بعملة {currency} ليست ضمن الإيرادات: لا يوجد سعر صرف لـ {currency} بعد.",
    "CTR = clicks ÷ reach = {clicks} ÷ {reach}": "نسبة النقر = النقرات ÷ الوصول = {clicks} ÷ {reach}",
    "Conversion rate = redemptions ÷ clicks = {orders} ÷ {clicks}":
        "معدل التحويل = الاستخدامات ÷ النقرات = {orders} ÷ {clicks}",
    "CPA = fee ÷ redemptions · ROAS = revenue ÷ fee, with the fee {fee}":
        "تكلفة الاكتساب = الأجر ÷ الاستخدامات · العائد على الإنفاق = الإيرادات ÷ الأجر، والأجر {fee}",
    "Campaign: {name}": "الحملة: {name}",
    "Deliverable: {name}": "المُخرَج: {name}",
    "Per campaign and deliverable": "لكل حملة ومُخرَج",
    "Clicks = people's clicks on the tracked links, counted by the portal":
        "النقرات = نقرات الأشخاص على الروابط المتتبَّعة، كما تحصيها البوابة",
    "A visitor's repeat click on the same link within 30 minutes, and bots or link-preview fetchers, are counted apart "
    "and left out.":
        "تُحصى نقرة الزائر المكررة على الرابط نفسه خلال 30 دقيقة، والروبوتات ومُجلبات معاينة الروابط، منفصلة ولا تدخل.",
    "CTR": "نسبة النقر",
    "CTR = clicks ÷ reach": "نسبة النقر = النقرات ÷ الوصول",
    "Reach of the posted deliverables, from their latest numbers.": "وصول المُخرَجات المنشورة، من أحدث أرقامها.",
    "Redemptions": "الاستخدامات",
    "Redemptions = orders with the promo codes": "الاستخدامات = الطلبات برموز الخصم",
    "Revenue": "الإيرادات",
    "Revenue = sales with the promo codes, in the report's currency": "الإيرادات = المبيعات برموز الخصم، بعملة التقرير",
    "Sales in another currency are converted with the creator's rate of the day shown; without a rate they are shown "
    "apart and not added.":
        "تُحوَّل المبيعات بعملة أخرى بسعر صرف صانع المحتوى لليوم المبيَّن؛ ومن دون سعر تُعرض منفصلة ولا تُضاف.",
    "Conversion rate": "معدل التحويل",
    "Conversion rate = redemptions ÷ clicks": "معدل التحويل = الاستخدامات ÷ النقرات",
    "CPA (promo codes)": "تكلفة الاكتساب (رموز الخصم)",
    "CPA = fee ÷ redemptions": "تكلفة الاكتساب = الأجر ÷ الاستخدامات",
    "ROAS": "العائد على الإنفاق",
    "ROAS = revenue ÷ fee": "العائد على الإنفاق = الإيرادات ÷ الأجر",
    "Counted by the portal": "أحصتها البوابة",
    "Imported from the brand's shop": "مستوردة من متجر العلامة التجارية",
    # the brand partner's page
    "The orders and revenue your promo codes brought, as your shop counted them. They go into the creators' reports "
    "marked as imported from your shop or entered by you.":
        "الطلبات والإيرادات التي جلبتها رموز الخصم كما أحصاها متجرك. تدخل في تقارير صناع المحتوى موسومة بأنها مستوردة من "
        "متجرك أو أدخلتها أنت.",
    "No promo code on your deals yet. Add one on a deal's page: Offers, open an active deal, then “Add a promo code”.":
        "لا يوجد رمز خصم في صفقاتك بعد. أضف رمزًا في صفحة الصفقة: العروض، افتح صفقة جارية، ثم «إضافة رمز خصم».",
    "You are not a member of a brand yet.": "لست عضوًا في علامة تجارية بعد.",
    "Import a shop file": "استيراد ملف المتجر",
    "Enter a day's sales": "إدخال مبيعات يوم",
    "Codes and sales": "الرموز والمبيعات",
    "Imports": "عمليات الاستيراد",
    "- **Shopify**: Analytics › Reports › Sales by discount, grouped by day, › Export as CSV. Revenue is its Net sales "
    "(else Total sales).\n"
    "- **WooCommerce**: Analytics › Orders › Download (CSV). Each order counts for each of its coupons; refunded, "
    "cancelled and failed orders are left out.\n"
    "- **Any other shop**: a CSV with the columns code, date, orders, revenue, currency — one row per code and day, "
    "dates as 2026-11-30, amounts as 1234.50, currencies as EUR.":
        "- **Shopify**: Analytics › Reports › Sales by discount، مجمّعة حسب اليوم، › Export as CSV. الإيرادات هي Net "
        "sales (وإلا Total sales).\n"
        "- **WooCommerce**: Analytics › Orders › Download (CSV). يُحتسب كل طلب لكل قسيمة فيه؛ وتُستبعد الطلبات "
        "المستردة والملغاة والفاشلة.\n"
        "- **أي متجر آخر**: ملف CSV بالأعمدة code وdate وorders وrevenue وcurrency — صف لكل رمز ويوم، والتواريخ مثل "
        "2026-11-30، والمبالغ مثل 1234.50، والعملات مثل EUR.",
    "Shop export (CSV)": "ملف المتجر المُصدَّر (CSV)",
    "The shop's currency": "عملة المتجر",
    "Shopify's and WooCommerce's exports do not say it.": "ملفات Shopify وWooCommerce المُصدَّرة لا تذكرها.",
    "Last day of the report": "آخر يوم في التقرير",
    "Only for a Shopify report without a Day column: its sales are dated this day.":
        "لتقرير Shopify بلا عمود Day فقط: تؤرَّخ مبيعاته بهذا اليوم.",
    "This file was already imported on {date}: nothing to do.": "استُورد هذا الملف في {date}: لا شيء لفعله.",
    "None of the file's codes belongs to one of your deals: there is nothing to import.":
        "لا ينتمي أي رمز في الملف إلى إحدى صفقاتك: لا شيء للاستيراد.",
    "Not in any of your deals, so left out (the portal does not guess): {codes}":
        "ليست في أي من صفقاتك، فاستُبعدت (البوابة لا تخمّن): {codes}",
    "Import: {created} new and {updated} updated days": "استيراد: {created} يوم جديد و{updated} يوم محدَّث",
    "Imported {file}: {created} new and {updated} updated days of sales, marked as imported from your shop.":
        "استُورد {file}: {created} يوم مبيعات جديد و{updated} محدَّث، موسومة بأنها مستوردة من متجرك.",
    "Code": "الرمز",
    "Orders": "الطلبات",
    "Row": "الصف",
    "Days": "الأيام",
    "Latest day": "آخر يوم",
    "New days": "أيام جديدة",
    "Updated days": "أيام محدَّثة",
    "Codes not in your deals": "رموز ليست في صفقاتك",
    "Entering the same code and day again replaces what you entered for it.":
        "إدخال الرمز واليوم نفسيهما مجددًا يستبدل ما أدخلته لهما.",
    "Save the day's sales": "حفظ مبيعات اليوم",
    "Sales saved, marked as entered by the brand.": "حُفظت المبيعات، موسومة بأنها أدخلتها العلامة التجارية.",
    "No shop file imported yet.": "لم يُستورد أي ملف متجر بعد.",
    "Shopify sales by discount report": "تقرير Shopify للمبيعات حسب الخصم",
    "WooCommerce orders report": "تقرير طلبات WooCommerce",
    "Generic promo-code sales CSV": "ملف CSV عام لمبيعات رموز الخصم",
}
