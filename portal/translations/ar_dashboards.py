"""Arabic for the Audience and Engagement pages and the metric definitions they show, keyed by the English text."""

CATALOG: dict[str, str] = {
    # menu and headings
    "Audience": "الجمهور",
    "Engagement": "التفاعل",
    "Followers over time": "المتابعون عبر الزمن",
    "Net new followers": "صافي المتابعين الجدد",
    "Demographics": "الخصائص الديموغرافية",
    "Audience health": "صحة الجمهور",
    "Engagement rate over time": "معدل التفاعل عبر الزمن",
    "By post type": "حسب نوع المنشور",
    "Best time to post": "أفضل وقت للنشر",
    "Top and bottom posts": "المنشورات الأعلى والأدنى",
    "Compared with published benchmarks": "مقارنة بالمعايير المنشورة",
    # filters
    "Date range": "الفترة الزمنية",
    "Last 30 days": "آخر 30 يومًا",
    "Last 90 days": "آخر 90 يومًا",
    "Last 365 days": "آخر 365 يومًا",
    "All time": "كل الفترات",
    "Custom range": "فترة مخصصة",
    "From": "من",
    "To": "إلى",
    "Platforms": "المنصات",
    "All platforms": "كل المنصات",
    "Accounts": "الحسابات",
    "All accounts": "كل الحسابات",
    "Post types": "أنواع المنشورات",
    "All post types": "كل أنواع المنشورات",
    "Engagement rate formula": "معادلة معدل التفاعل",
    "By reach": "حسب الوصول",
    "By followers": "حسب المتابعين",
    "By views": "حسب المشاهدات",
    "Reel": "ريل",
    "Image": "صورة",
    "Carousel": "منشور متعدد الصور",
    "Video": "فيديو",
    "Short": "فيديو قصير",
    "Stream": "بث مباشر",
    "Story": "قصة",
    "Text": "نص",
    "Some settings in this link were not understood and were left out: {items}":
        "لم تُفهم بعض الإعدادات في هذا الرابط فتم تجاهلها: {items}",
    # messages
    "The start date {start} is after the end date {end}. Choose a start date on or before the end date.":
        "تاريخ البداية {start} يقع بعد تاريخ النهاية {end}. اختر تاريخ بداية في يوم النهاية أو قبله.",
    "No audience numbers yet. Connect an account or import a platform export, and your followers, growth and "
    "demographics appear here.":
        "لا توجد أرقام للجمهور بعد. اربط حسابًا أو استورد ملف تصدير من المنصة، وسيظهر هنا متابعوك ونموهم "
        "وخصائصهم الديموغرافية.",
    "No posts yet. Connect an account or import a platform export to see how your posts perform.":
        "لا توجد منشورات بعد. اربط حسابًا أو استورد ملف تصدير من المنصة لترى أداء منشوراتك.",
    "No account matches these filters. Choose other platforms or accounts.":
        "لا يوجد حساب يطابق هذه الاختيارات. اختر منصات أو حسابات أخرى.",
    "No follower counts in this range. Choose a longer range or other accounts.":
        "لا توجد أعداد متابعين في هذه الفترة. اختر فترة أطول أو حسابات أخرى.",
    "No posts in this range. Choose a longer range or other filters.":
        "لا توجد منشورات في هذه الفترة. اختر فترة أطول أو اختيارات أخرى.",
    "None of these posts has the numbers this formula needs. Choose another formula.":
        "لا يحتوي أي من هذه المنشورات على الأرقام التي تحتاجها هذه المعادلة. اختر معادلة أخرى.",
    "ER by views is for TikTok, YouTube and Twitch. Choose one of those accounts or another formula.":
        "معدل التفاعل حسب المشاهدات خاص بتيك توك ويوتيوب وتويتش. اختر أحد هذه الحسابات أو معادلة أخرى.",
    "{start} to {end}. Daily follower counts are dated as the platforms report them (UTC).":
        "من {start} إلى {end}. تُؤرَّخ أعداد المتابعين اليومية كما تبلغ عنها المنصات (بالتوقيت العالمي).",
    "{start} to {end}, posts placed by their date in your time zone ({zone}).":
        "من {start} إلى {end}، والمنشورات موزعة حسب تاريخها في منطقتك الزمنية ({zone}).",
    # audience KPIs, tables and charts
    "Growth rate": "معدل النمو",
    "Platform": "المنصة",
    "Followers before the range": "المتابعون قبل الفترة",
    "Followers at the end": "المتابعون في نهاية الفترة",
    "Per day": "يوميًا",
    "Per week": "أسبوعيًا",
    "Audience by": "الجمهور حسب",
    "Age": "العمر",
    "Gender": "الجنس",
    "Country": "الدولة",
    "City": "المدينة",
    "Female": "أنثى",
    "Male": "ذكر",
    "Unknown": "غير معروف",
    "Other": "أخرى",
    "Latest": "الأحدث",
    "Previous": "السابق",
    "Group": "الفئة",
    "Share": "النسبة",
    "Change": "التغير",
    "At the latest snapshot ({as_of})": "في أحدث لقطة ({as_of})",
    "change since {previous}": "والتغير منذ {previous}",
    "No demographics for these accounts yet.": "لا توجد خصائص ديموغرافية لهذه الحسابات بعد.",
    "Twitch's API reports no audience demographics.": "واجهة تويتش البرمجية لا تقدم بيانات ديموغرافية عن الجمهور.",
    "Discord reports no audience demographics.": "ديسكورد لا يقدم بيانات ديموغرافية عن الجمهور.",
    "Reddit reports no audience demographics.": "ريديت لا يقدم بيانات ديموغرافية عن الجمهور.",
    "Instagram shows demographics only for accounts with at least 100 followers.":
        "إنستغرام يعرض البيانات الديموغرافية فقط للحسابات التي لديها 100 متابع على الأقل.",
    "No demographics yet: the platform hides them while an audience is small, or they have not been imported.":
        "لا توجد بيانات ديموغرافية بعد: المنصة تخفيها ما دام الجمهور صغيرًا، أو لم تُستورد بعد.",
    # audience health
    "Day": "اليوم",
    "Robust z": "الدرجة المعيارية المتينة",
    "Not enough days to look for spikes: at least {needed} days of follower counts are needed.":
        "الأيام غير كافية للبحث عن القفزات: يلزم {needed} يومًا على الأقل من أعداد المتابعين.",
    "No sudden spikes: every day's net new followers is within your usual range (robust z-score at most "
    "{threshold}).":
        "لا قفزات مفاجئة: صافي المتابعين الجدد في كل يوم ضمن نطاقك المعتاد (الدرجة المعيارية المتينة لا تتجاوز "
        "{threshold}).",
    "Sudden follower spikes on {count} days. A spike is a day whose net new followers are far above your usual "
    "day (median {median}); after a post that took off that is normal, with no such post it can mean bought "
    "followers.":
        "قفزات مفاجئة في المتابعين في {count} يومًا. القفزة يوم يفوق فيه صافي المتابعين الجدد يومك المعتاد "
        "بكثير (الوسيط {median})؛ وهذا طبيعي بعد منشور انتشر، أما بدونه فقد يعني متابعين مشترين.",
    "Not enough posts in each half of the range to compare engagement with growth (at least {posts} in each half).":
        "المنشورات غير كافية في كل نصف من الفترة لمقارنة التفاعل بالنمو (يلزم {posts} على الأقل في كل نصف).",
    "Followers grew {growth} in this range but the median ER by followers fell from {before} to {after}: new "
    "followers engage less than earlier ones, which can mean they are not real or not interested.":
        "زاد المتابعون بنسبة {growth} في هذه الفترة لكن وسيط معدل التفاعل حسب المتابعين انخفض من {before} إلى "
        "{after}: المتابعون الجدد يتفاعلون أقل من السابقين، وقد يعني ذلك أنهم غير حقيقيين أو غير مهتمين.",
    "Engagement keeps up with growth: followers changed by {growth} and the median ER by followers went from "
    "{before} in the first half of the range to {after} in the second.":
        "التفاعل يواكب النمو: تغير المتابعون بنسبة {growth} وانتقل وسيط معدل التفاعل حسب المتابعين من {before} "
        "في النصف الأول من الفترة إلى {after} في النصف الثاني.",
    "Target countries": "الدول المستهدفة",
    "Choose countries": "اختر الدول",
    "Choose your target countries to see how much of your audience lives there.":
        "اختر الدول المستهدفة لترى نسبة جمهورك الذي يعيش فيها.",
    "No country breakdown yet for these accounts.": "لا يوجد توزيع حسب الدول لهذه الحسابات بعد.",
    "{share} of your audience is in your target countries ({countries}) at the latest snapshot.":
        "{share} من جمهورك في دولك المستهدفة ({countries}) في أحدث لقطة.",
    "At the snapshot before it was {previous}.": "وفي اللقطة السابقة كانت {previous}.",
    # engagement
    "Overall: {interactions} interactions / {denominator} reach":
        "الإجمالي: {interactions} تفاعلًا ÷ {denominator} وصولًا",
    "Overall: {interactions} interactions / {denominator} followers":
        "الإجمالي: {interactions} تفاعلًا ÷ {denominator} متابعًا",
    "Overall: {interactions} interactions / {denominator} views":
        "الإجمالي: {interactions} تفاعلًا ÷ {denominator} مشاهدة",
    "{rated} with a rate": "{rated} لها معدل",
    "Benchmark: {sources}": "المعيار: {sources}",
    "Median and mean per day of posting.": "الوسيط والمتوسط لكل يوم نشر.",
    "Median and mean per week of posting (weeks start on Monday).":
        "الوسيط والمتوسط لكل أسبوع نشر (يبدأ الأسبوع يوم الاثنين).",
    "Median and mean per month of posting.": "الوسيط والمتوسط لكل شهر نشر.",
    "The green band spans the published benchmark values for this platform, tier and formula.":
        "يمتد النطاق الأخضر على قيم المعيار المنشورة لهذه المنصة والفئة والمعادلة.",
    "The benchmark band appears when the chosen accounts share one platform and tier with a published benchmark.":
        "يظهر نطاق المعيار عندما تشترك الحسابات المختارة في منصة وفئة واحدة لها معيار منشور.",
    "Median": "الوسيط",
    "Mean": "المتوسط",
    "Hour": "الساعة",
    "Time zone: {zone}.": "المنطقة الزمنية: {zone}.",
    "Monday": "الاثنين",
    "Tuesday": "الثلاثاء",
    "Wednesday": "الأربعاء",
    "Thursday": "الخميس",
    "Friday": "الجمعة",
    "Saturday": "السبت",
    "Sunday": "الأحد",
    "Top {n}": "أعلى {n}",
    "Bottom {n}": "أدنى {n}",
    "Posted on": "تاريخ النشر",
    "Account": "الحساب",
    "Type": "النوع",
    "Engagement rate": "معدل التفاعل",
    "Interactions": "التفاعلات",
    "Divided by": "مقسومة على",
    "Caption": "النص المرافق",
    "Link": "الرابط",
    "Open": "فتح",
    "Nano (1K–10K)": "نانو (1K–10K)",
    "Micro (10K–100K)": "مايكرو (10K–100K)",
    "Mid (100K–500K)": "متوسط (100K–500K)",
    "Macro (500K–1M)": "ماكرو (500K–1M)",
    "Mega (1M+)": "ميغا (+1M)",
    "Under 1K": "أقل من 1K",
    "Your tier": "فئتك",
    "Your median": "وسيطك",
    "Benchmark": "المعيار",
    "Published value": "القيمة المنشورة",
    "Source": "المصدر",
    "No published benchmark for this platform, tier and formula yet": "لا يوجد معيار منشور لهذه المنصة والفئة والمعادلة بعد",
    "{publisher}'s {tier} tier ({bounds} followers), average": "فئة {tier} لدى {publisher} ({bounds} متابع)، المتوسط",
    "Benchmarks are data (services/audience/engagement_benchmarks.csv): each value comes with its formula, the "
    "publisher's tier bounds, its source and year. Only published figures are listed.":
        "المعايير بيانات (services/audience/engagement_benchmarks.csv): كل قيمة ترافقها معادلتها وحدود الفئة لدى "
        "الناشر ومصدرها وسنتها. تُعرض الأرقام المنشورة فقط.",
    # metric definitions (services/audience/metrics.py)
    "Engagement rate by followers": "معدل التفاعل حسب المتابعين",
    "ER by followers = (likes + comments) / followers": "معدل التفاعل حسب المتابعين = (الإعجابات + التعليقات) ÷ المتابعين",
    "Engagement rate by views": "معدل التفاعل حسب المشاهدات",
    "ER by views = (likes + comments + shares) / views":
        "معدل التفاعل حسب المشاهدات = (الإعجابات + التعليقات + المشاركات) ÷ المشاهدات",
    "Summed over the posts published in the period, using each post's latest snapshot; posts with no reach "
    "recorded are left out of both sides.":
        "مجموع على المنشورات المنشورة في الفترة، بأحدث لقطة لكل منشور؛ وتُستبعد المنشورات التي لا وصول مسجلًا لها "
        "من الطرفين.",
    "Per post, from its latest snapshot. Posts with no reach recorded have no rate.":
        "لكل منشور، من أحدث لقطة له. المنشورات التي لا وصول مسجلًا لها ليس لها معدل.",
    "Followers = the account's follower count on the day of posting (its last count before that day when the "
    "day is missing).":
        "المتابعون = عدد متابعي الحساب يوم النشر (أو آخر عدد قبله إذا كان ذلك اليوم مفقودًا).",
    "For TikTok, YouTube and Twitch, where views are what the platform counts.":
        "لتيك توك ويوتيوب وتويتش، حيث المشاهدات هي ما تعدّه المنصة.",
    "Median engagement rate": "وسيط معدل التفاعل",
    "Median ER = the middle value of the posts' engagement rates (half the posts are above it)":
        "الوسيط = القيمة الوسطى لمعدلات تفاعل المنشورات (نصف المنشورات أعلى منها)",
    "Posts without a rate (nothing to divide by) are left out.": "تُستبعد المنشورات التي ليس لها معدل (لا شيء يُقسم عليه).",
    "Mean engagement rate": "متوسط معدل التفاعل",
    "Mean ER = sum of the posts' engagement rates / number of posts with a rate":
        "المتوسط = مجموع معدلات تفاعل المنشورات ÷ عدد المنشورات التي لها معدل",
    "A single post that took off can pull the mean up; compare it with the median.":
        "منشور واحد انتشر قد يرفع المتوسط؛ قارنه بالوسيط.",
    "Overall engagement rate": "معدل التفاعل الإجمالي",
    "Overall ER = sum of all posts' interactions / sum of their denominators (reach, followers or views)":
        "المعدل الإجمالي = مجموع تفاعلات كل المنشورات ÷ مجموع مقاماتها (الوصول أو المتابعون أو المشاهدات)",
    "For ER by reach over the last 30 days this is the number on Home.":
        "لمعدل التفاعل حسب الوصول خلال آخر 30 يومًا، هذا هو الرقم المعروض في الرئيسية.",
    "Posts": "المنشورات",
    "Posts = live posts published in the range (by their date in your time zone)":
        "المنشورات = المنشورات القائمة المنشورة في الفترة (حسب تاريخها في منطقتك الزمنية)",
    "Posts = posts, videos and streams published in the period (deleted ones excluded)":
        "المنشورات = المنشورات والفيديوهات والبثوث المنشورة في الفترة (دون المحذوفة)",
    "Followers = sum over the chosen accounts of each account's latest follower count on the last day of the range":
        "المتابعون = مجموع آخر عدد متابعين لكل حساب مختار في آخر يوم من الفترة",
    "An account's last known count is carried over days it did not report.":
        "يُنقل آخر عدد معروف للحساب إلى الأيام التي لم يبلغ عنها.",
    "Net new followers on a day = total followers that day − total followers the day before":
        "صافي المتابعين الجدد في يوم = إجمالي المتابعين ذلك اليوم − إجمالي المتابعين في اليوم السابق",
    "Net new followers per week": "صافي المتابعين الجدد أسبوعيًا",
    "Net new per week = sum of the daily net new followers from Monday to Sunday":
        "صافي الأسبوع = مجموع صافي المتابعين الجدد اليومي من الاثنين إلى الأحد",
    "Growth rate = net new followers in the range / followers the day before the range":
        "معدل النمو = صافي المتابعين الجدد في الفترة ÷ المتابعين في اليوم السابق للفترة",
    "When no count exists before the range, its first day with data is the base. An account connected during "
    "the range adds its followers to the total, not to net new.":
        "إذا لم يوجد عدد قبل الفترة، فأول يوم فيها به بيانات هو الأساس. والحساب المربوط خلال الفترة يضيف متابعيه "
        "إلى الإجمالي لا إلى الصافي.",
    "Share of audience": "نسبة الجمهور",
    "Share = the platform's reported share of the audience in that group at the latest snapshot; across "
    "accounts, weighted by each account's followers on the snapshot date":
        "النسبة = حصة الجمهور في تلك الفئة كما تبلغ عنها المنصة في أحدث لقطة؛ وعبر الحسابات، مرجحة بمتابعي كل "
        "حساب في تاريخ اللقطة",
    "Change = latest share − share at the snapshot before.": "التغير = أحدث نسبة − النسبة في اللقطة السابقة.",
    "Sudden follower spike": "قفزة مفاجئة في المتابعين",
    "Robust z = 0.6745 × (day's net new − median daily net new) / median absolute deviation; a spike is a day "
    "with z above 3.5":
        "الدرجة المتينة = 0.6745 × (صافي اليوم − وسيط الصافي اليومي) ÷ وسيط الانحراف المطلق؛ والقفزة يوم تتجاوز "
        "درجته 3.5",
    "The median and its absolute deviation ignore the spikes themselves, unlike a mean and standard deviation.":
        "الوسيط وانحرافه المطلق لا يتأثران بالقفزات نفسها، بخلاف المتوسط والانحراف المعياري.",
    "Engagement keeping up with growth": "مواكبة التفاعل للنمو",
    "Compares median ER by followers in the first and second half of the range with the follower growth over "
    "the range":
        "يقارن وسيط معدل التفاعل حسب المتابعين في النصف الأول والثاني من الفترة بنمو المتابعين خلالها",
    "Audience in target countries": "الجمهور في الدول المستهدفة",
    "Target share = sum of the latest audience shares of your target countries":
        "نسبة الاستهداف = مجموع أحدث حصص الجمهور في دولك المستهدفة",
    "Each cell = median engagement rate of the posts published in that weekday and hour, in your time zone":
        "كل خانة = وسيط معدل تفاعل المنشورات المنشورة في ذلك اليوم وتلك الساعة، بمنطقتك الزمنية",
    "Total followers = sum over connected accounts of each account's latest follower count":
        "إجمالي المتابعين = مجموع آخر عدد متابعين لكل حساب مربوط",
    "Discord members and Reddit subscribers count as followers.": "يُحتسب أعضاء ديسكورد ومشتركو ريديت متابعين.",
    "Follower change": "تغير المتابعين",
    "Follower change = total followers on the last day − total followers N days earlier":
        "تغير المتابعين = إجمالي المتابعين في آخر يوم − إجمالي المتابعين قبل N يومًا",
}
