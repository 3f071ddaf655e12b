"""Arabic for the Import page (pages/accounts/import_exports.py), keyed by the English text."""

CATALOG: dict[str, str] = {
    "Import": "الاستيراد",
    "Import platform exports": "استيراد ملفات التصدير من المنصات",
    "Upload a file exactly as Meta Business Suite, TikTok Studio or YouTube Studio saved it. Nothing is written "
    "until you confirm, and importing the same file again changes nothing.":
        "ارفع الملف كما حفظته Meta Business Suite أو TikTok Studio أو YouTube Studio تمامًا. لا يُكتب شيء قبل "
        "تأكيدك، واستيراد الملف نفسه مرة أخرى لا يغيّر شيئًا.",
    "Export file (CSV, XLSX or ZIP)": "ملف التصدير (CSV أو XLSX أو ZIP)",
    "Downloaded on": "تاريخ التنزيل",
    "TikTok's days have no year: they are placed in the year that ends on this day. Lifetime counters are stored "
    "as of the end of this day.":
        "أيام TikTok بلا سنة: تُوضع في السنة التي تنتهي في هذا اليوم. وتُحفظ العدّادات التراكمية كما هي في نهاية "
        "هذا اليوم.",
    "Nothing was imported: {reason}": "لم يُستورد شيء: {reason}",
    "This file cannot be imported there: {reason}": "لا يمكن استيراد هذا الملف إلى هناك: {reason}",
    "This file was already imported into this account on {date}: nothing to do.":
        "استُورد هذا الملف إلى هذا الحساب في {date}: لا شيء للقيام به.",
    "What will change": "ما الذي سيتغيّر",
    "A new {platform} account @{handle} will be added, marked as imported.":
        "سيُضاف حساب {platform} جديد ‎@{handle}‎ بحالة «مستورد».",
    "Import: {created} new and {updated} updated rows": "استيراد: {created} صفًا جديدًا و{updated} صفًا محدّثًا",
    "Which files, and where to find them": "أي الملفات، وأين تجدها",
    "- **Instagram**: Meta Business Suite › Insights › Content › Export data (posts, CSV), or a chart's export of "
    "one metric per day (reach, views, profile visits, followers).\n"
    "- **TikTok**: TikTok Studio › Analytics › Download data: Overview, FollowerHistory, follower gender, "
    "territories and activity, as CSV or XLSX, or the ZIP they come in.\n"
    "- **YouTube**: YouTube Studio › Analytics › Advanced mode › Content › Export current view: Table data.csv, "
    "Chart data.csv, Totals.csv, or the whole ZIP. Choose the Lifetime period for lifetime counters per video.":
        "- **إنستغرام**: Meta Business Suite › الرؤى › المحتوى › تصدير البيانات (المنشورات، CSV)، أو تصدير مخطط "
        "لمقياس واحد في اليوم (الوصول، المشاهدات، زيارات الملف الشخصي، المتابعون).\n"
        "- **تيك توك**: TikTok Studio › التحليلات › تنزيل البيانات: Overview وFollowerHistory وجنس المتابعين "
        "ومناطقهم ونشاطهم، بصيغة CSV أو XLSX، أو ملف ZIP الذي تأتي فيه.\n"
        "- **يوتيوب**: YouTube Studio › الإحصاءات › الوضع المتقدم › المحتوى › تصدير العرض الحالي: Table data.csv "
        "وChart data.csv وTotals.csv، أو ملف ZIP كاملًا. اختر فترة «مدى الحياة» لتحصل على العدّادات التراكمية لكل "
        "فيديو.",
    "{rows} rows from {start} to {end}": "{rows} صفًا من {start} إلى {end}",
    "{rows} rows": "{rows} صفًا",
    "Column": "العمود",
    "Total": "المجموع",
    "Rows as read": "الصفوف كما قُرئت",
    "The first {shown} of {rows} rows.": "أول {shown} من {rows} صفًا.",
    "Download these rows as CSV": "تنزيل هذه الصفوف بصيغة CSV",
    "Add a new {platform} account": "إضافة حساب {platform} جديد",
    "imported": "مستورد",
    "Import into": "الاستيراد إلى",
    "Handle of the new account": "اسم المستخدم للحساب الجديد",
    "Enter the account's handle to see what the import will add.":
        "أدخل اسم المستخدم للحساب لترى ما سيضيفه الاستيراد.",
    "What": "ماذا",
    "New": "جديد",
    "Updated": "محدَّث",
    "Unchanged": "بلا تغيير",
    "Days of account numbers": "أيام من أرقام الحساب",
    "Posts": "المنشورات",
    "Post snapshots": "لقطات المنشورات",
    "Audience shares": "حصص الجمهور",
    "Hours of follower activity": "ساعات نشاط المتابعين",
    "This file was already imported: nothing changed.": "استُورد هذا الملف من قبل: لم يتغيّر شيء.",
    "Imported {file}: {created} new and {updated} updated rows, marked as imported.":
        "استُورد {file}: {created} صفًا جديدًا و{updated} صفًا محدَّثًا، وعُلّمت بأنها مستوردة.",
    "No file imported yet. Choose an export above to start.": "لم يُستورد أي ملف بعد. اختر ملف تصدير أعلاه للبدء.",
    "Recent imports": "آخر عمليات الاستيراد",
    "File": "الملف",
    "Account": "الحساب",
    "Rows": "الصفوف",
    "From": "من",
    "To": "إلى",
    "Imported at": "تاريخ الاستيراد",
    "Download as CSV": "تنزيل بصيغة CSV",
}
