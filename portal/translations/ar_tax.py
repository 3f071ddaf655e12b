"""Arabic for tax profiles, the invoice form's country and date of supply, statutory late interest and the
country tax-year summary, keyed by the English text."""

CATALOG: dict[str, str] = {
    "Their country": "بلدهم",
    "From their billing entity": "من بيانات الفوترة الخاصة بهم",
    "Date of supply": "تاريخ التوريد",
    "{title}: {start} to {end}": "{title}: من {start} إلى {end}",
    "Download this summary as CSV": "تنزيل هذا الملخص بصيغة CSV",
    "{days} days at {rate} % a year ({reference} {ref_rate} % of {ref_date} + points)":
        "{days} يومًا بنسبة {rate} % سنويًا ({reference} {ref_rate} % بتاريخ {ref_date} + نقاط)",
    "Statutory late interest so far: {interest} ({periods}), plus fixed compensation of {lump}. Source: {source}":
        "فوائد التأخير القانونية حتى الآن: {interest} ({periods})، بالإضافة إلى تعويض ثابت قدره {lump}. المصدر: {source}",
    ", plus statutory late interest of {interest} so far and fixed compensation of {lump}":
        "، بالإضافة إلى فوائد تأخير قانونية قدرها {interest} حتى الآن وتعويض ثابت قدره {lump}",
    "Billing entity (tax profile)": "جهة الفوترة (الملف الضريبي)",
    "Tax profile": "الملف الضريبي",
    "Printed on invoices and used to decide the VAT of each invoice. The tax id is checked for its country's format "
    "and check digits.":
        "يُطبع على الفواتير ويُستخدم لتحديد ضريبة القيمة المضافة لكل فاتورة. يُتحقق من صيغة الرقم الضريبي وأرقام "
        "التحقق الخاصة ببلده.",
    "VAT number, TRN or tax id": "رقم ضريبة القيمة المضافة أو رقم التسجيل الضريبي",
    "VAT-registered": "مسجل في ضريبة القيمة المضافة",
    "Small-business exemption (e.g. § 19 UStG, franchise en base)":
        "إعفاء المنشآت الصغيرة (مثل § 19 UStG أو franchise en base)",
    "US tax form on file": "النموذج الضريبي الأمريكي المودع",
    "None": "لا يوجد",
    "Save tax profile": "حفظ الملف الضريبي",
    "Check the VAT number online (VIES / HMRC)": "التحقق من الرقم الضريبي عبر الإنترنت (VIES / HMRC)",
    "Tax profile saved.": "تم حفظ الملف الضريبي.",
    "{service}: {message}": "{service}: {message}",
    "Check": "التحقق",
    "This summary helps you fill in your return; it is not tax advice. Check the figures with your records or an "
    "adviser.":
        "يساعدك هذا الملخص في تعبئة إقرارك؛ وهو ليس استشارة ضريبية. تحقق من الأرقام مع سجلاتك أو مع مستشار.",
    "No payments received in this tax year yet.": "لم تُستلم أي دفعات في هذه السنة الضريبية بعد.",
    "Line": "البند",
    "Payer": "الدافع",
}
