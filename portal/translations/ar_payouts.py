"""Arabic for payouts, invoices, reminders, exchange rates and the Earnings page (creator and brand partner),
and the overdue figure on Home, keyed by the English text."""

CATALOG: dict[str, str] = {
    # menu, titles, tabs
    "Payouts": "المدفوعات",
    "Earnings": "الأرباح",
    "Overdue": "متأخرة",
    "Open": "فتح",
    "Paid": "مدفوعة",
    "Written off": "مشطوبة",
    "Nothing is overdue.": "لا يوجد شيء متأخر.",
    "No open payouts. Accepted offers add their deposit and balance here; you can also log one by hand.":
        "لا توجد مدفوعات مفتوحة. تضيف العروض المقبولة دفعتها المقدمة والمبلغ المتبقي هنا، ويمكنك أيضًا تسجيل دفعة يدويًا.",
    "Nothing paid yet.": "لم يُدفع شيء بعد.",
    "Nothing written off.": "لا يوجد شيء مشطوب.",
    "Disputed": "متنازع عليها",
    # statuses and labels
    "Scheduled": "مجدولة",
    "Partially paid": "مدفوعة جزئيًا",
    "Deposit": "دفعة مقدمة",
    "Logged by hand": "مسجلة يدويًا",
    "Bank transfer": "تحويل بنكي",
    "Card": "بطاقة",
    "Cash": "نقدًا",
    "Cheque": "شيك",
    "Platform payout": "دفعة من المنصة",
    "Reported sent, waiting for confirmation": "أُبلغ بإرسالها، بانتظار التأكيد",
    "Not received": "لم تصل",
    "Several platforms": "عدة منصات",
    "Not specified": "غير محدد",
    "entered by hand": "مُدخل يدويًا",
    "ECB reference rate": "سعر البنك المركزي الأوروبي المرجعي",
    "same currency": "العملة نفسها",
    "no rate": "لا يوجد سعر",
    # history
    "logged the payout": "سجّل الدفعة",
    "scheduled from the accepted offer": "جُدولت من العرض المقبول",
    "edited the payout": "عدّل الدفعة",
    "issued the invoice": "أصدر الفاتورة",
    "issued a credit note": "أصدر إشعارًا دائنًا",
    "status: invoiced": "الحالة: صدرت فاتورتها",
    "marked a payment sent": "أشار إلى إرسال دفعة",
    "confirmed a payment arrived": "أكد وصول دفعة",
    "recorded a payment received": "سجّل دفعة مستلمة",
    "said a payment did not arrive": "أفاد بأن دفعة لم تصل",
    "status: partially paid": "الحالة: مدفوعة جزئيًا",
    "status: paid in full": "الحالة: مدفوعة بالكامل",
    "wrote the payout off": "شطب الدفعة",
    "opened a dispute": "فتح نزاعًا",
    "resolved the dispute": "حسم النزاع",
    # amounts
    "due {date}": "مستحقة في {date}",
    "due {date} · {days} days overdue": "مستحقة في {date} · متأخرة {days} يومًا",
    "{days} days overdue": "متأخرة {days} يومًا",
    "Amount due": "المبلغ المستحق",
    "Balance": "الرصيد المتبقي",
    "Fee {amount}": "الأجر {amount}",
    "+ tax {amount} ({percent} %)": "+ ضريبة {amount} ({percent} %)",
    "− platform or agency fee withheld {amount} ({percent} %)": "− عمولة المنصة أو الوكالة المقتطعة {amount} ({percent} %)",
    "− withholding tax {amount} ({percent} %)": "− ضريبة مقتطعة من المنبع {amount} ({percent} %)",
    "= due {amount}": "= المستحق {amount}",
    "+ late fee so far {amount} ({percent} % per month)": "+ غرامة التأخير حتى الآن {amount} ({percent} % شهريًا)",
    "late fee {percent} % per whole month overdue": "غرامة تأخير {percent} % عن كل شهر تأخير كامل",
    "{amount} reported sent, waiting for confirmation": "أُبلغ بإرسال {amount}، بانتظار التأكيد",
    "No payment yet.": "لا توجد دفعات بعد.",
    "Status": "الحالة",
    "Method": "طريقة الدفع",
    "Reference": "المرجع",
    "Amount ({currency})": "المبلغ ({currency})",
    "An exact amount, e.g. 1250.00.": "مبلغ دقيق، مثل 1250.00.",
    "The transfer or transaction id: a payment is recorded once.": "رقم التحويل أو المعاملة: تُسجَّل الدفعة مرة واحدة فقط.",
    # the overdue figure
    "{n} payout, due {date}": "دفعة واحدة ({n})، مستحقة في {date}",
    "{n} payouts, oldest due {date}": "{n} دفعات، أقدمها مستحقة في {date}",
    "Payouts past their due date with something left to pay, late fees included, in {currency} at the latest rate on or before today.":
        "الدفعات التي تجاوزت تاريخ استحقاقها وما زال عليها مبلغ، شاملةً غرامات التأخير، بعملة {currency} بأحدث سعر حتى اليوم.",
    "Payouts past their due date with something left to pay.": "الدفعات التي تجاوزت تاريخ استحقاقها وما زال عليها مبلغ.",
    "{amount} → {converted} at {rate} ({source}, rate of {date})":
        "{amount} ← {converted} بسعر {rate} ({source}، سعر {date})",
    "The rate from {currency} to {home} is from {date}, {n} day ago: add a newer one on the Earnings page for a "
    "current total.":
        "سعر الصرف من {currency} إلى {home} بتاريخ {date}، قبل {n} يوم: أضف سعرًا أحدث في صفحة الأرباح لإجمالي حالي.",
    "The rate from {currency} to {home} is from {date}, {n} days ago: add a newer one on the Earnings page for a "
    "current total.":
        "سعر الصرف من {currency} إلى {home} بتاريخ {date}، قبل {n} يومًا: أضف سعرًا أحدث في صفحة الأرباح لإجمالي حالي.",
    "{amount} overdue is not in the total: there is no exchange rate from {currency} to {home}. Add one on the Earnings page.":
        "المبلغ المتأخر {amount} غير مشمول في الإجمالي: لا يوجد سعر صرف من {currency} إلى {home}. أضف سعرًا في صفحة الأرباح.",
    "**Overdue: {amount}** · {n} payout, due {date}": "**المتأخر: {amount}** · دفعة واحدة ({n})، مستحقة في {date}",
    "**Overdue: {amount}** · {n} payouts, oldest due {date}": "**المتأخر: {amount}** · {n} دفعات، أقدمها مستحقة في {date}",
    "**Overdue: {amount}** · nothing is overdue.": "**المتأخر: {amount}** · لا يوجد شيء متأخر.",
    "Details, invoices and reminder texts are on the Payouts page.": "التفاصيل والفواتير ونصوص التذكير في صفحة المدفوعات.",
    "No daily follower counts yet for this period.": "لا توجد أعداد متابعين يومية لهذه الفترة بعد.",
    # creator payouts page
    "{n} payout has a payment reported sent by the brand: open it to confirm receipt.":
        "لدى دفعة واحدة ({n}) مبلغ أبلغت العلامة التجارية بإرساله: افتحها لتأكيد الاستلام.",
    "{n} payouts have a payment reported sent by the brand: open them to confirm receipt.":
        "لدى {n} دفعات مبالغ أبلغت العلامة التجارية بإرسالها: افتحها لتأكيد الاستلام.",
    "Accepted deals without payouts": "صفقات مقبولة بلا دفعات",
    "Schedule payouts": "جدولة الدفعات",
    "Payouts scheduled from the deal's payment terms.": "جُدولت الدفعات وفق شروط الدفع في الصفقة.",
    "Written off: {note}": "مشطوبة: {note}",
    "Dispute open since {when}: {note}": "نزاع مفتوح منذ {when}: {note}",
    "Payments": "الدفعات",
    "Record a payment received": "تسجيل دفعة مستلمة",
    "Date received": "تاريخ الاستلام",
    "Record payment": "تسجيل الدفعة",
    "Payment recorded.": "سُجلت الدفعة.",
    "**{brand}** reported a payment of **{amount}** sent on {date} ({method}, reference {reference}).":
        "أبلغت **{brand}** بإرسال دفعة قدرها **{amount}** في {date} ({method}، المرجع {reference}).",
    "Confirm receipt": "تأكيد الاستلام",
    "What is wrong? (for the brand)": "ما المشكلة؟ (للعلامة التجارية)",
    "It did not arrive": "لم تصل",
    "Payment confirmed as received.": "تأكد استلام الدفعة.",
    "The brand will see that the payment did not arrive.": "سترى العلامة التجارية أن الدفعة لم تصل.",
    "Invoice": "الفاتورة",
    "Correct the invoice with a credit note": "تصحيح الفاتورة بإشعار دائن",
    "An issued invoice is never edited: the credit note cancels {number} in full, then you can correct the payout and issue a new invoice.":
        "لا تُعدَّل الفاتورة الصادرة أبدًا: يلغي الإشعار الدائن {number} بالكامل، ثم يمكنك تصحيح الدفعة وإصدار فاتورة جديدة.",
    "Reason (printed on the credit note)": "السبب (يُطبع على الإشعار الدائن)",
    "Issue credit note": "إصدار إشعار دائن",
    "Credit note issued.": "صدر الإشعار الدائن.",
    "To issue an invoice, add your payment instructions in Billing details below.":
        "لإصدار فاتورة، أضف تعليمات الدفع في بيانات الفوترة أدناه.",
    "This payout was due on {date}. The invoice is dated today and payable under its terms; the payout stays overdue "
    "since {date}, late fee included.":
        "كانت هذه الدفعة مستحقة في {date}. تحمل الفاتورة تاريخ اليوم وتُدفع وفق شروطها، وتبقى الدفعة متأخرة منذ {date} "
        "مع غرامة التأخير.",
    "Issue an invoice": "إصدار فاتورة",
    "Bill to (company name)": "الفاتورة باسم (اسم الشركة)",
    "Their billing address": "عنوان الفوترة الخاص بهم",
    "Their tax id (optional)": "رقمهم الضريبي (اختياري)",
    "Their billing email (optional)": "بريدهم الإلكتروني للفوترة (اختياري)",
    "Note on the invoice (optional)": "ملاحظة على الفاتورة (اختياري)",
    "The next number in your series is allocated when you issue it; an issued invoice cannot be edited.":
        "يُخصَّص الرقم التالي في سلسلتك عند الإصدار، ولا يمكن تعديل الفاتورة بعد إصدارها.",
    "Issue invoice": "إصدار الفاتورة",
    "Invoice issued. Download the PDF below.": "صدرت الفاتورة. نزّل ملف PDF أدناه.",
    "Credit note {number} ({date})": "إشعار دائن {number} ({date})",
    "Invoice {number} ({date})": "فاتورة {number} ({date})",
    "Download {label}": "تنزيل {label}",
    "{label}: the PDF is not ready yet.": "{label}: ملف PDF غير جاهز بعد.",
    "Reminder texts": "نصوص التذكير",
    "Ready to copy. Polite while the payment is up to {days} days late, firm after that.":
        "جاهزة للنسخ. مهذبة ما دام التأخير لا يتجاوز {days} يومًا، وحازمة بعد ذلك.",
    "Polite": "مهذب",
    "Firm": "حازم",
    "suggested now": "المقترح الآن",
    "Open a dispute": "فتح نزاع",
    "What is the dispute about? (the brand sees this note)": "ما موضوع النزاع؟ (ترى العلامة التجارية هذه الملاحظة)",
    "What is the dispute about? (the creator sees this note)": "ما موضوع النزاع؟ (يرى صانع المحتوى هذه الملاحظة)",
    "Open dispute": "فتح النزاع",
    "Dispute opened.": "فُتح النزاع.",
    "Resolve the dispute": "حسم النزاع",
    "How was it resolved?": "كيف حُسم؟",
    "Mark resolved": "وضع علامة محسوم",
    "Dispute resolved.": "حُسم النزاع.",
    "Write the payout off": "شطب الدفعة",
    "Why? (kept with the payout)": "لماذا؟ (تُحفظ مع الدفعة)",
    "Write off": "شطب",
    "Payout written off.": "شُطبت الدفعة.",
    "A brand partner you invited (optional)": "شريك علامة تجارية دعوته (اختياري)",
    "Another brand": "علامة تجارية أخرى",
    "Brand name (when it is not one of your partners)": "اسم العلامة التجارية (إن لم تكن من شركائك)",
    "What is it for?": "مقابل ماذا؟",
    "Amount (before tax and fees)": "المبلغ (قبل الضريبة والعمولات)",
    "Billed on": "تاريخ المطالبة",
    "Tax added (%)": "الضريبة المضافة (%)",
    "Platform or agency fee withheld (%)": "عمولة المنصة أو الوكالة المقتطعة (%)",
    "Withholding tax (%)": "الضريبة المقتطعة من المنبع (%)",
    "Late fee (% per month)": "غرامة التأخير (% شهريًا)",
    "Log a payout by hand": "تسجيل دفعة يدويًا",
    "Log payout": "تسجيل الدفعة",
    "Payout logged.": "سُجلت الدفعة.",
    "Edit the payout": "تعديل الدفعة",
    "Save changes": "حفظ التغييرات",
    "Payout saved.": "حُفظت الدفعة.",
    "Billing details": "بيانات الفوترة",
    "Printed on your invoices. Payment instructions are needed before the first invoice.":
        "تُطبع على فواتيرك. يلزم إدخال تعليمات الدفع قبل الفاتورة الأولى.",
    "Legal name": "الاسم القانوني",
    "Address": "العنوان",
    "Tax id (optional)": "الرقم الضريبي (اختياري)",
    "Billing email (optional)": "البريد الإلكتروني للفوترة (اختياري)",
    "Payment instructions (bank account, IBAN, payment link)": "تعليمات الدفع (الحساب البنكي، الآيبان، رابط الدفع)",
    "Default tax (%)": "الضريبة الافتراضية (%)",
    "Default late fee (% per month)": "غرامة التأخير الافتراضية (% شهريًا)",
    "Tax year starts in": "تبدأ السنة الضريبية في",
    "on day": "في اليوم",
    "Save billing details": "حفظ بيانات الفوترة",
    "Billing details saved.": "حُفظت بيانات الفوترة.",
    # reminders
    ", including a late fee of {late_fee} ({percent} % per month, as agreed)":
        "، بما في ذلك غرامة تأخير قدرها {late_fee} ({percent} % شهريًا، كما هو متفق عليه)",
    "(the payment details on the invoice)": "(بيانات الدفع المذكورة في الفاتورة)",
    "(reply to this email and I will send my payment details)": "(ردّوا على هذه الرسالة وسأرسل لكم بيانات الدفع)",
    "Subject: Overdue: invoice {invoice}, {days} days past due\n\n"
    "Hello {brand} team,\n\n"
    "Invoice {invoice} for {description} was due on {due_date} and is now {days} days overdue. "
    "The outstanding balance is {balance}{late_fee_note}.\n\n"
    "Please arrange payment within 7 days, to:\n{instructions}\n\n"
    "If something about the invoice is holding the payment up, reply to this email so we can sort "
    "it out.\n\nRegards,\n{creator}":
        "الموضوع: متأخرة: الفاتورة {invoice}، تأخرت {days} يومًا عن موعد الاستحقاق\n\n"
        "مرحبًا فريق {brand}،\n\n"
        "كانت الفاتورة {invoice} عن {description} مستحقة في {due_date} وقد تأخرت الآن {days} يومًا. "
        "الرصيد المستحق {balance}{late_fee_note}.\n\n"
        "يرجى ترتيب الدفع خلال 7 أيام إلى:\n{instructions}\n\n"
        "إن كان في الفاتورة ما يؤخر الدفع، فردّوا على هذه الرسالة لنحلّه معًا.\n\n"
        "مع التحية،\n{creator}",
    "Subject: Friendly reminder: invoice {invoice}\n\n"
    "Hi {brand} team,\n\n"
    "I hope you are well. A quick reminder that invoice {invoice} for {description}, {amount}, was due on "
    "{due_date}, and I have not seen the payment arrive yet. The balance is {balance}{late_fee_note}.\n\n"
    "Could you check on it for me? The payment details are:\n{instructions}\n\n"
    "If it is already on its way, please ignore this note. Thank you!\n\nBest wishes,\n{creator}":
        "الموضوع: تذكير ودي: الفاتورة {invoice}\n\n"
        "مرحبًا فريق {brand}،\n\n"
        "أرجو أن تكونوا بخير. أود التذكير بأن الفاتورة {invoice} عن {description} بمبلغ {amount} كانت مستحقة في "
        "{due_date}، ولم يصلني المبلغ بعد. الرصيد المتبقي {balance}{late_fee_note}.\n\n"
        "هل يمكنكم التحقق من ذلك؟ بيانات الدفع:\n{instructions}\n\n"
        "إن كان المبلغ في طريقه إليّ فتجاهلوا هذه الرسالة. شكرًا لكم!\n\nمع أطيب التحيات،\n{creator}",
    "Subject: Overdue: {description}, {days} days past due\n\n"
    "Hello {brand} team,\n\n"
    "The payment of {amount} for {description} was due on {due_date} and is now {days} days overdue. "
    "The outstanding balance is {balance}{late_fee_note}.\n\n"
    "Please arrange payment within 7 days, to:\n{instructions}\n\n"
    "If something is holding the payment up, reply to this email so we can sort it out.\n\n"
    "Regards,\n{creator}":
        "الموضوع: متأخرة: {description}، تأخرت {days} يومًا عن موعد الاستحقاق\n\n"
        "مرحبًا فريق {brand}،\n\n"
        "كانت دفعة {amount} عن {description} مستحقة في {due_date} وقد تأخرت الآن {days} يومًا. "
        "الرصيد المستحق {balance}{late_fee_note}.\n\n"
        "يرجى ترتيب الدفع خلال 7 أيام إلى:\n{instructions}\n\n"
        "إن كان هناك ما يؤخر الدفع، فردّوا على هذه الرسالة لنحلّه معًا.\n\n"
        "مع التحية،\n{creator}",
    "Subject: Friendly reminder: {description}\n\n"
    "Hi {brand} team,\n\n"
    "I hope you are well. A quick reminder that the payment of {amount} for {description} was due on "
    "{due_date}, and I have not seen it arrive yet. The balance is {balance}{late_fee_note}.\n\n"
    "Could you check on it for me? The payment details are:\n{instructions}\n\n"
    "If it is already on its way, please ignore this note. Thank you!\n\nBest wishes,\n{creator}":
        "الموضوع: تذكير ودي: {description}\n\n"
        "مرحبًا فريق {brand}،\n\n"
        "أرجو أن تكونوا بخير. أود التذكير بأن دفعة {amount} عن {description} كانت مستحقة في {due_date}، "
        "ولم تصلني بعد. الرصيد المتبقي {balance}{late_fee_note}.\n\n"
        "هل يمكنكم التحقق من ذلك؟ بيانات الدفع:\n{instructions}\n\n"
        "إن كانت في طريقها إليّ فتجاهلوا هذه الرسالة. شكرًا لكم!\n\nمع أطيب التحيات،\n{creator}",
    "I sent this reminder": "أرسلت هذا التذكير",
    "Reminder recorded with the payout.": "سُجّل التذكير مع الدفعة.",
    "Reminders sent": "التذكيرات المرسلة",
    "No reminder recorded yet.": "لم يُسجَّل أي تذكير بعد.",
    "{tone} reminder sent {when}": "تذكير {tone} أُرسل في {when}",
    "sent a payment reminder": "أرسل تذكيرًا بالدفع",
    # brand partner page
    "What your brand owes each creator. Mark a payment sent when you pay; it counts once the creator confirms it arrived.":
        "ما تدين به علامتك التجارية لكل صانع محتوى. أشر إلى إرسال الدفعة عند الدفع، وتُحتسب حين يؤكد صانع المحتوى وصولها.",
    "Nothing to pay yet. Payouts appear here when a creator accepts your offer or links a payout to your brand.":
        "لا يوجد ما يُدفع بعد. تظهر الدفعات هنا حين يقبل صانع محتوى عرضك أو يربط دفعة بعلامتك التجارية.",
    "You owe {amounts}": "المستحق عليك {amounts}",
    "Nothing open with this creator.": "لا يوجد شيء مفتوح مع صانع المحتوى هذا.",
    "{n} payout overdue: it was due {date}.": "دفعة واحدة متأخرة ({n}): كانت مستحقة في {date}.",
    "{n} payouts overdue: the oldest was due {date}.": "{n} دفعات متأخرة: أقدمها كانت مستحقة في {date}.",
    "You reported {amount} sent on {date} (reference {reference}): waiting for the creator to confirm it arrived.":
        "أبلغت بإرسال {amount} في {date} (المرجع {reference}): بانتظار تأكيد صانع المحتوى وصولها.",
    "The creator says the payment {reference} of {amount} did not arrive: {note}":
        "يفيد صانع المحتوى بأن الدفعة {reference} بمبلغ {amount} لم تصل: {note}",
    "Mark a payment sent": "الإشارة إلى إرسال دفعة",
    "Date sent": "تاريخ الإرسال",
    "Mark payment sent": "تأكيد إرسال الدفعة",
    "Payment marked sent. The creator confirms when it arrives.": "أُشير إلى إرسال الدفعة. يؤكد صانع المحتوى عند وصولها.",
    # earnings page
    "All amounts in {currency}, each converted at the rate of its own date (rates used are listed below).":
        "جميع المبالغ بعملة {currency}، وكل منها محوَّل بسعر تاريخه (الأسعار المستخدمة مذكورة أدناه).",
    "Received": "المستلم",
    "Expected": "المتوقع",
    "Invoiced": "المفوتر",
    "What was due in the period (after fees and withholding tax), paid or not; written-off payouts are not expected.":
        "ما استحق خلال الفترة (بعد العمولات والضريبة المقتطعة)، سواء دُفع أم لا؛ ولا تُحتسب الدفعات المشطوبة.",
    "Invoices issued in the period, less credit notes.": "الفواتير الصادرة خلال الفترة بعد خصم الإشعارات الدائنة.",
    "No payouts in this period yet. Payouts appear when offers are accepted or you log one on the Payouts page.":
        "لا توجد دفعات في هذه الفترة بعد. تظهر الدفعات عند قبول العروض أو عند تسجيلك دفعة في صفحة المدفوعات.",
    "Received vs expected by month": "المستلم مقابل المتوقع شهريًا",
    "By brand": "حسب العلامة التجارية",
    "By platform": "حسب المنصة",
    "Download these entries as CSV": "تنزيل هذه القيود بصيغة CSV",
    "Some amounts are not in the totals: there is no exchange rate into {home} on or before their date for {currencies}. Add a rate below.":
        "بعض المبالغ غير مشمولة في الإجماليات: لا يوجد سعر صرف إلى {home} في تاريخها أو قبله للعملات {currencies}. أضف سعرًا أدناه.",
    "Nothing in this period.": "لا شيء في هذه الفترة.",
    "Exchange rates used ({n})": "أسعار الصرف المستخدمة ({n})",
    "Rate": "السعر",
    "Rate date": "تاريخ السعر",
    "How long brands take to pay": "كم تستغرق العلامات التجارية للدفع",
    "No payout has been paid in full yet.": "لم تُدفع أي دفعة بالكامل بعد.",
    "Over payouts paid in full: days from the invoice (or the billing date) to the last payment, and days after the due date (negative: early).":
        "على الدفعات المسددة بالكامل: الأيام من الفاتورة (أو تاريخ المطالبة) حتى آخر دفعة، والأيام بعد تاريخ الاستحقاق (السالب يعني مبكرًا).",
    "Paid payouts": "الدفعات المسددة",
    "Average days to pay": "متوسط أيام الدفع",
    "Average days late": "متوسط أيام التأخير",
    "Slowest (days)": "الأبطأ (بالأيام)",
    "Tax-year summary": "ملخص السنة الضريبية",
    "Year": "السنة",
    "Calendar year": "السنة الميلادية",
    "Tax year from a chosen date": "سنة ضريبية تبدأ من تاريخ تختاره",
    "Starts in": "تبدأ في",
    "Tax year": "السنة الضريبية",
    "Tax charged": "الضريبة المحصلة",
    "Fees withheld": "العمولات المقتطعة",
    "Withholding tax withheld": "الضريبة المقتطعة من المنبع",
    "Received: money that arrived in the year. Invoiced: invoices issued in the year, less credit notes, with the tax you charged and what was withheld. In {currency}.":
        "المستلم: الأموال التي وصلت خلال السنة. المفوتر: الفواتير الصادرة خلال السنة بعد خصم الإشعارات الدائنة، مع الضريبة التي حصّلتها وما اقتُطع. بعملة {currency}.",
    "Download the summary as CSV": "تنزيل الملخص بصيغة CSV",
    "Download every entry as CSV": "تنزيل كل القيود بصيغة CSV",
    "The start date is after the end date.": "تاريخ البداية بعد تاريخ النهاية.",
    "Entry": "القيد",
    "Description": "الوصف",
    "Document or reference": "المستند أو المرجع",
    "Amount": "المبلغ",
    "Amount in home currency": "المبلغ بعملتك الأساسية",
    "Rate source": "مصدر السعر",
    "Exchange rates": "أسعار الصرف",
    "Totals use the latest rate on or before each amount's date: a rate you entered before an ECB one of the same day, then a direct rate, its inverse, or a cross rate through EUR.":
        "تستخدم الإجماليات أحدث سعر في تاريخ كل مبلغ أو قبله: السعر الذي أدخلته قبل سعر البنك المركزي الأوروبي لليوم نفسه، ثم السعر المباشر أو عكسه أو سعر تقاطعي عبر اليورو.",
    "Rate (1 From = ? To)": "السعر (1 من = ? إلى)",
    "An exact number, e.g. 0.7712.": "رقم دقيق، مثل 0.7712.",
    "Note (optional), e.g. your bank's rate": "ملاحظة (اختياري)، مثل سعر بنكك",
    "Note": "ملاحظة",
    "Save rate": "حفظ السعر",
    "Rate saved.": "حُفظ السعر.",
    "Or import the ECB's euro reference rates: download **eurofxref.zip** (today) or **eurofxref-hist.zip** (since 1999) from the ECB website and upload it here (ZIP or CSV).":
        "أو استورد أسعار اليورو المرجعية من البنك المركزي الأوروبي: نزّل **eurofxref.zip** (لليوم) أو **eurofxref-hist.zip** (منذ 1999) من موقع البنك وارفعه هنا (ZIP أو CSV).",
    "ECB reference-rate file": "ملف الأسعار المرجعية للبنك المركزي الأوروبي",
    "Import rates": "استيراد الأسعار",
    "Imported {imported} rates ({first} to {last}); {unchanged} were already stored, {skipped} are for currencies the portal does not list.":
        "استُورد {imported} سعرًا (من {first} إلى {last})؛ {unchanged} كانت محفوظة مسبقًا، و{skipped} لعملات لا تدرجها البوابة.",
    "No exchange rates yet.": "لا توجد أسعار صرف بعد.",
    "Date": "التاريخ",
    # months
    "January": "يناير",
    "February": "فبراير",
    "March": "مارس",
    "April": "أبريل",
    "May": "مايو",
    "June": "يونيو",
    "July": "يوليو",
    "August": "أغسطس",
    "September": "سبتمبر",
    "October": "أكتوبر",
    "November": "نوفمبر",
    "December": "ديسمبر",
    # a payout opened on its own link: back to the list and one line with its status, amount and due date
    "Back to all payouts": "العودة إلى كل الدفعات",
    "{status} · {amount} to pay · due {date}, {n} day ago": "{status} · {amount} للدفع · كانت مستحقة في {date}، قبل {n} يوم",
    "{status} · {amount} to pay · due {date}, {n} days ago": "{status} · {amount} للدفع · كانت مستحقة في {date}، قبل {n} يومًا",
    "{status} · {amount} to pay · due {date}": "{status} · {amount} للدفع · مستحقة في {date}",
    "{status} · {amount} · was due {date}": "{status} · {amount} · كانت مستحقة في {date}",
}
