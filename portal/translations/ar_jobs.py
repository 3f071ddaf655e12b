"""Arabic for background work: notification emails, the email preference in Settings, the Accounts page's sync
health line. Keyed by the English text."""

CATALOG: dict[str, str] = {
    "New offer from {brand}": "عرض جديد من {brand}",
    "{brand} sent you an offer for {campaign}. Open Offers to accept, counter or decline it.":
        "أرسلت {brand} إليك عرضًا لحملة {campaign}. افتح العروض لقبوله أو تقديم عرض مقابل أو رفضه.",
    "{creator} countered your offer": "قدّم {creator} عرضًا مقابلًا لعرضك",
    "{creator} proposed new terms for {campaign}. Open Offers to answer.":
        "اقترح {creator} شروطًا جديدة لحملة {campaign}. افتح العروض للرد.",
    "An offer expires within a day": "ينتهي عرض خلال يوم",
    "The offer from {brand} for {campaign} expires soon. Answer it in Offers before it lapses.":
        "ينتهي قريبًا عرض {brand} لحملة {campaign}. رُدّ عليه في العروض قبل انقضائه.",
    "A deliverable is due tomorrow": "موعد تسليم أحد المطلوبات غدًا",
    "Your {platform} post for {brand} ({campaign}) is due on {date}.":
        "منشورك على {platform} لصالح {brand} ({campaign}) مستحق في {date}.",
    "{brand} reports a payment sent": "تُفيد {brand} بإرسال دفعة",
    "{brand} says {amount} {currency} is on its way. Confirm it in Payouts when it arrives.":
        "تقول {brand} إن {amount} {currency} في الطريق إليك. أكّد استلامها في المدفوعات عند وصولها.",
    "Money from {brand} is overdue": "تأخّر مبلغ مستحق من {brand}",
    "{amount} {currency} from {brand} was due on {date} ({days} days ago). Payouts has a reminder you can send.":
        "كان مبلغ {amount} {currency} من {brand} مستحقًا في {date} (منذ {days} يومًا). في المدفوعات تذكير يمكنك إرساله.",
    "{brand} opened your report": "فتحت {brand} تقريرك",
    "A brand": "علامة تجارية",
    "Your report \u201c{report}\u201d was opened by the brand.": "فتحت العلامة التجارية تقريرك «{report}».",
    "Hello {name},": "مرحبًا {name}،",
    "Your daily summary: {n} updates": "ملخصك اليومي: {n} من التحديثات",
    "You get this email because notifications are on in your Settings. Stop them with one click: {link}":
        "تصلك هذه الرسالة لأن الإشعارات مفعّلة في إعداداتك. أوقفها بنقرة واحدة: {link}",
    "last synced {ago}": "آخر مزامنة {ago}",
    "not synced yet": "لم تتم مزامنته بعد",
    "{last} · next {when}": "{last} · المزامنة التالية {when}",
    "{last} · next sync: within minutes": "{last} · المزامنة التالية: خلال دقائق",
    "The portal's workers sync every connected account on its own schedule, one sync per account at a time.":
        "تُزامن عمليات البوابة في الخلفية كل حساب مرتبط وفق جدوله، مزامنة واحدة للحساب في كل مرة.",
    "Email notifications": "إشعارات البريد الإلكتروني",
    "Each one as it happens": "كل إشعار فور حدوثه",
    "One daily summary": "ملخص يومي واحد",
    "Off": "متوقفة",
    "Send me an email about new offers, counters, due dates, payments and report openings":
        "أرسل لي بريدًا عن العروض الجديدة والعروض المقابلة ومواعيد التسليم والمدفوعات وفتح التقارير",
    "Save email setting": "حفظ إعداد البريد",
    "Email setting saved.": "حُفظ إعداد البريد.",
    "Stop notification emails": "إيقاف رسائل الإشعارات",
    "Stop all notification emails from this portal? You can turn them on again in Settings.":
        "هل تريد إيقاف كل رسائل الإشعارات من هذه البوابة؟ يمكنك تفعيلها مجددًا من الإعدادات.",
    "Stop emails": "إيقاف الرسائل",
    "This portal's emails are managed by its operator.": "يدير مشغّل هذه البوابة رسائلها.",
    "This unsubscribe link is not valid.": "رابط إلغاء الاشتراك هذا غير صالح.",
    "Done: no more notification emails. You can turn them on again in Settings.":
        "تم: لن تصلك رسائل إشعارات بعد الآن. يمكنك تفعيلها مجددًا من الإعدادات.",
}
