"""English: the words of job-application mail."""

from afterview.parsers.facts import Kind
from afterview.parsers.languages import AbsenceWords, Language, cues

_APPLICATION = r"(?:application|candidacy|resume|résumé|cv)"
_INTERVIEW = r"(?:interview|phone screen|screening call|screen|onsite|on-site|panel|chat|call|conversation|meeting)"

CUES = (
    *cues(
        Kind.APPLICATION_RECEIVED,
        2.5,
        "any",
        thanks_for_applying=r"\bthank(?:s| you) for (?:applying|your (?:recent )?application|submitting your application)",
        received_application=r"\b(?:we(?:'ve| have)?|has been) (?:successfully )?(?:received|got|gotten)\b.{0,40}\b"
        + _APPLICATION,
        application_received=r"\b(?:application|candidacy) (?:received|confirmation|submitted|acknowledg(?:ment|ement))\b",
        received_your=r"\breceived your " + _APPLICATION,
        has_been_received=r"\b(?:your )?(?:application|candidacy|resume|résumé) (?:has been|was) (?:successfully )?(?:received|submitted)\b",
    ),
    *cues(
        Kind.APPLICATION_RECEIVED,
        1.0,
        "body",
        will_review=r"\b(?:we|our (?:team|recruiters?|hiring team)) will (?:carefully )?review\b",
        if_selected=r"\bif (?:your (?:background|profile|experience|qualifications) (?:matches|is a match)|you are selected|there is a (?:match|fit))",
    ),
    *cues(
        Kind.INTERVIEW_INVITATION,
        2.5,
        "any",
        invite_to_interview=r"\b(?:like|love|happy|pleased|excited) to (?:invite you|schedule|set up|arrange|move you forward)\b.{0,40}\b"
        + _INTERVIEW,
        invite_next_step=r"\binvite you to (?:the next (?:step|stage|round)|(?:a|an|our) (?:[\w-]+ ){0,2}(?:interview|conversation|chat|call|screen))\b",
        invitation_to_interview=r"\b(?:invitation to (?:an? )?interview|interview (?:invitation|request))\b",
        pick_a_time=r"\b(?:select|choose|pick|book|grab|find|schedule) (?:a|your|an?) (?:time|slot|interview time|time slot|date and time)\b",
        book_interview=r"\bbook (?:your|an|a time for your) " + _INTERVIEW,
        availability=r"\b(?:send|share|let (?:me|us) know|provide) (?:me |us )?(?:your|a few|some) (?:availability|available times|times that work)",
        what_times=r"\bwhat (?:times?|days?) (?:work|would work|suit)",
        windows_that_work=r"\b(?:windows|times|slots|options|days) (?:that|which) (?:work|suit)\b|\bgrab (?:whatever|any|a) (?:time|slot)\b|\bfind (?:\d+|thirty|fifteen|twenty) minutes\b",
        scheduling_link=r"\b(?:scheduling|booking|self-schedul\w*) link\b",
        available_for=r"\b(?:would|are|will) you be (?:available|free) (?:for|to do) (?:a|an|the) (?:[\w-]+ ){0,2}"
        + _INTERVIEW,
        bring_you_back=r"\b(?:bring|have) you (?:back |in )?for (?:a|an|the) (?:[\w-]+ )?(?:round|interview|conversation|onsite|on-site)\b",
    ),
    *cues(
        Kind.INTERVIEW_CONFIRMATION,
        3.0,
        "subject",
        confirmed_subject=r"^(?:confirmed|booked|scheduled|rescheduled|updated|interview (?:confirmation|confirmed|booked|scheduled))\b",
        confirmation_subject=r"\binterview (?:confirmation|confirmed|booked|scheduled|rescheduled)\b",
        time_changed=r"\b(?:time change|new time|rescheduled|itinerary)\b",
    ),
    *cues(
        Kind.INTERVIEW_CONFIRMATION,
        2.5,
        "body",
        is_confirmed=r"\b(?:interview|screen|call|meeting|onsite|conversation) (?:is|has been|was) (?:now )?(?:confirmed|scheduled|booked|rescheduled|moved)\b",
        confirming=r"\b(?:confirming|to confirm|confirmation of) (?:your|our|the)\b.{0,40}\b"
        + _INTERVIEW,
        look_forward_meeting=r"\blook(?:ing)? forward to (?:speaking|meeting|talking|chatting|seeing) (?:with )?you (?:on|at|this|next|tomorrow)\b",
        you_will_meet=r"\byou(?:'ll| will) (?:be )?(?:meet|meeting|speak|speaking) with\b",
        lets_meet=r"\blet(?:'s| us) (?:meet|talk|speak|chat) (?:on|at|this|next|tomorrow)\b",
        is_scheduled_for=r"\b(?:interview|appointment|call|meeting|screen|conversation)\b.{0,80}\b(?:is|has been) (?:scheduled|confirmed|booked) (?:for|on)\b",
        interview_schedule=r"\b(?:find|here(?:'s| is)|below is|attached is) (?:your|the) (?:interview |onsite )?(?:schedule|itinerary|agenda)\b",
        booked_you=r"\b(?:i|we)(?:'ve| have) (?:now )?(?:booked|scheduled|confirmed|locked in) (?:you|your|the|a|an|our)\b",
        see_you=r"\bsee you (?:on|at|then|tomorrow|next|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
        confirming_on=r"\b(?:confirming|confirmed) (?:we(?:'re| are)|that we(?:'re| are)) (?:on|all set|good)\b|\b(?:tomorrow|today|monday|tuesday|wednesday|thursday|friday)? ?at \d{1,2}(?::\d{2})?\s*(?:am|pm)? it is\b",
    ),
    # Every calendar invitation says "Join with Google Meet": weak evidence on its own.
    *cues(
        Kind.INTERVIEW_CONFIRMATION,
        1.5,
        "body",
        join_link=r"\b(?:join (?:the|with|via|using)|meeting link|zoom link|teams link|dial-in)\b",
    ),
    *cues(
        Kind.INTERVIEW_CANCELLED,
        4.0,
        "any",
        cancelled=r"\b(?:interview|screen|call|meeting|event|onsite|conversation|appointment)\b.{0,60}?\b(?:has been |is |was )?cancel(?:l)?ed\b",
        cancel_subject=r"^(?:cancel(?:l)?ed|canceled event|cancellation)\b",
        need_to_cancel=r"\b(?:need|have|had) to cancel\b",
    ),
    *cues(
        Kind.ASSESSMENT,
        3.0,
        "any",
        assessment=r"\b(?:online|technical|coding|skills?|cognitive|pre-employment) (?:assessment|test|challenge|exercise|evaluation)\b",
        take_home=r"\btake[- ]home\b",
        case_study=r"\bcase (?:study|exercise)\b",
        platforms=r"\b(?:hackerrank|codility|codesignal|testgorilla|coderpad assessment|hirevue|criteria corp|shl)\b",
        complete_by=r"\b(?:complete|submit) (?:the|this|your) (?:assessment|test|exercise|challenge|assignment)\b",
    ),
    *cues(
        Kind.REJECTION,
        4.0,
        "body",
        other_candidates=r"\b(?:move|moving|proceed|proceeding|go|going) forward with (?:other|another|a different) (?:candidates?|applicants?)",
        not_moving_forward=r"\b(?:not|won't|will not|unable to|not able to) (?:be )?(?:moving|move|proceeding|proceed|progressing|progress|taking|continuing|continue) (?:forward |further )?(?:with )?(?:your|you)\b",
        decided_not=r"\b(?:decided|decision) (?:not to|to not) (?:proceed|move forward|continue|progress|pursue|offer you|extend (?:you )?an offer|invite you|advance)",
        # "decided not to move your application forward", "not to advance your candidacy".
        not_advance_yours=r"\b(?:decided|decision) (?:not to|to not) (?:move|advance|progress|take|carry) your (?:application|candidacy|profile) (?:forward|further)\b",
        # The others named by what they have: "decided to move forward with candidates whose
        # experience more closely matches", "chosen to proceed with applicants who...".
        others_who_match=r"\b(?:decided|chosen|chose|opted|elected) to (?:move forward|move ahead|go forward|proceed|continue|pursue|progress)(?: the process)? with (?:the |other |those )?(?:candidates|applicants|individuals|profiles)\b",
        # A role closed or no longer open: "this position is no longer available", "we have
        # closed the requisition", "decided to close the Analytics Engineer role".
        role_closed=r"\b(?:position|role|opening|job|requisition|posting) (?:is|has been) no longer (?:available|open|active)\b|\b(?:(?:have|'ve|has) closed|decided to close|had to close) (?:the|this|our) (?:[\w-]+ ){0,3}(?:requisition|position|role|opening|posting)\b|\bnot be considered further\b",
        unable_to_offer=r"\b(?:unable|not able|won't be able) to (?:offer you|extend (?:you )?an offer|move you forward|invite you)\b|\b(?:will not|won't) be (?:inviting you|offering you|extending (?:you )?an offer)\b",
        unsuccessful=r"\b(?:your )?(?:application|candidacy) (?:was|has been|is) unsuccessful\b|\bunsuccessful on this occasion\b",
        closing_application=r"\b(?:will be|are|have) (?:closing|closed) your (?:application|candidacy)\b|\b(?:have|'ve) (?:now )?filled (?:the|this) (?:role|position|opening)\b",
        not_selected=r"\b(?:not been|were not|was not|haven't been|have not been) (?:selected|successful|shortlisted)\b",
        filled=r"\b(?:position|role|job|opening) (?:has been|was|is now) (?:filled|closed)\b",
        different_direction=r"\b(?:(?:different|another) direction|decided to go with|(?:chosen|selected) (?:another|a different) (?:candidate|finalist|applicant))\b",
        not_a_match=r"\bnot (?:a|the right) (?:match|fit)\b",
        not_take_further=r"\b(?:not be taking|will not take|won't be taking) (?:your (?:application|candidacy) )?(?:any )?further\b",
        pursue_others=r"\b(?:pursue|continue with|proceed with|go with|move ahead with|progress with|moving ahead with)\s+(?:other|another|a different)\s+(?:candidates?|applicants?|profiles?)|\bpursue (?:other )?candidates (?:with|whose|who)\b",
        offered_to_another=r"\b(?:decided to (?:offer|extend)|(?:have|'ve) (?:offered|extended))\b.{0,60}\bto (?:someone|(?:a|another|an|the other|a different) (?:internal )?(?:candidate|applicant|person|finalist|individual))\b",
        filled_internally=r"\b(?:fill(?:ed)?|filling) (?:this|the) (?:role|position|opening) internally\b|\b(?:role|position) (?:has been |was )?filled internally\b",
        not_moving_ahead=r"\b(?:won't|will not|are not|aren't) (?:be )?moving (?:ahead|forward) with\b",
        someone_else=r"\b(?:move|moving|go|going|proceed|proceeding) (?:forward |ahead )?with (?:someone|somebody) else\b|\b(?:going|go|gone|went) with (?:a|another|an|the other) (?:candidate|applicant|person|finalist)\b",
        internal_candidate=r"\b(?:hire|hired|hiring|go with|going with|selected|chose|chosen) an internal candidate\b",
        next_stage=r"\b(?:not (?:be )?able to|unable to|won't|will not|not) (?:be )?(?:move|moving|advance|advancing|progress|progressing|invite|inviting) (?:you |your (?:application|candidacy) )?(?:on )?(?:to|into) the next (?:stage|round|step)\b",
        not_what_we_seek=r"\b(?:isn't|is not|wasn't|was not|aren't|are not) (?:quite |exactly )?(?:what|the (?:profile|experience|background)) we(?:'re| are) (?:looking for|seeking)\b",
        no_more_interviews=r"\b(?:not|won't) be (?:scheduling|arranging|setting up) (?:any )?(?:further|more|additional) interviews\b",
        keep_looking=r"\bdecided to (?:keep looking|continue (?:our|the) search|reopen (?:the|our) search)\b",
    ),
    *cues(Kind.REJECTION, 1.0, "body", unfortunately=r"\bunfortunately\b"),
    # A polite formula, in cancellations too ("we regret to inform you that we must cancel").
    *cues(
        Kind.REJECTION,
        2.0,
        "body",
        regret=r"\b(?:regret to (?:inform|let you know)|we are sorry to (?:inform|say))\b",
    ),
    *cues(
        Kind.REJECTION,
        1.5,
        "body",
        best_in_search=r"\bwish you (?:the best|(?:the best of )?luck|success|all the best)\b.{0,30}\b(?:search|career|future|going forward|endeavou?rs)\b",
    ),
    *cues(
        Kind.OFFER,
        4.0,
        "any",
        extend_offer=r"\b(?:pleased|thrilled|delighted|excited|happy|glad) to (?:extend|offer|make)\b.{0,30}\boffer\b",
        offer_letter=r"\b(?:offer letter|letter of offer|offer of employment|employment offer|formal offer|written offer|verbal offer)\b",
        your_offer=r"\b(?:your|the) offer (?:from|letter|package|details)\b",
        sign_offer=r"\b(?:review and sign|sign) (?:your|the) offer\b",
        # "The team would love to have you on board as our next Controls Engineer!"
        have_you_on_board=r"\b(?:would|'d) love (?:to have you|for you to join)\b.{0,40}\b(?:on board|aboard|the team|as our)\b|\b(?:thrilled|delighted|excited|happy|pleased) to (?:welcome you|have you join)\b",
    ),
    *cues(
        Kind.EMPLOYER_REPLY,
        1.5,
        "body",
        heard_back=r"\b(?:heard back|feedback) from (?:the |our |my )?(?:hiring manager|team|client|panel|interviewers?)\b|\b(?:the )?(?:hiring manager|team|client|panel) (?:really )?(?:liked|enjoyed|was impressed|were impressed)\b",
        under_review=r"\b(?:still|currently) (?:reviewing|under review|in review|evaluating|interviewing)\b",
        get_back=r"\b(?:get back to you|be in touch|hear (?:back )?from (?:us|me)|update you|circle back|keep you posted|keep you in the loop|reach out (?:either way|regardless|whatever the outcome))\b",
        timeline=r"\b(?:decision|update|answer|feedback|news|yes or (?:a )?no)(?: (?:for|on|to|from) (?:you|me|us|everyone|all (?:the )?candidates))? (?:by|within|early|later|next|in the next|before)\b",
        thanks_for_following=r"\bthanks? (?:you )?for (?:following up|checking in|your (?:patience|note|follow-up|email))\b",
    ),
    # A test handed in is done: the mail that thanks for it is about what comes next.
    *cues(
        Kind.EMPLOYER_REPLY,
        3.5,
        "body",
        assessment_done=r"\bthank(?:s| you) for (?:submitting|completing|sending|finishing|turning in) (?:your|the) (?:case study|assessment|take[- ]home|exercise|challenge|assignment|test)\b",
    ),
    *cues(
        Kind.AUTO_REPLY,
        3.0,
        "any",
        out_of_office=r"\b(?:out of (?:the )?office|ooo|on (?:annual |parental |medical )?(?:leave|vacation|holiday|pto)|away from (?:the office|my desk|email))\b",
        automatic_reply=r"^(?:automatic reply|auto(?:matic)?[- ]?reply|autoreply|out of office)\b",
        limited_access=r"\b(?:limited|no) (?:access to|ability to check) (?:e-?mail|my e-?mail)\b",
        will_reply_on_return=r"\b(?:upon|on|when i) (?:my )?return\b",
        terse_away=r"^\s*(?:out|away|off|ooo)\s+(?:until|till|through|thru)\b|\b(?:will|i'll) (?:reply|respond|answer|get back to you) (?:then|when i(?:'m| am) back|on my return)\b",
        currently_away=r"\bi(?:'m| am) (?:currently )?(?:away|travel(?:l)?ing|out)\b.{0,30}\b(?:until|through|returning)\b",
    ),
    *cues(
        Kind.BOUNCE,
        3.0,
        "subject",
        undeliverable=r"^(?:undeliverable|undelivered mail|delivery status notification|mail delivery failed|returned mail|delivery failure|failure notice)",
    ),
    *cues(
        Kind.UNRELATED,
        3.0,
        "any",
        jobs_for_you=r"\b(?:jobs? (?:for you|alerts?|you may be interested in|matching)|new jobs?|recommended jobs|more jobs|jobs in)\b",
        came_across=r"\b(?:came across|found|saw|noticed|read|watched) your\b.{0,40}\b(?:profile|repo|repository|talk|work|github|linkedin|post|article)\b",
        recruiter_intro=r"\b(?:i(?:'m| am) a recruiter (?:with|at)|i (?:lead|run|head) (?:technical |tech )?(?:recruiting|talent))\b",
        match_for_background=r"\b(?:strong|great|good|perfect) (?:match|fit) for your (?:background|profile|experience)\b|\byour (?:background|profile|experience|skill ?set) (?:looks|seems|sounds) like (?:a )?(?:really )?(?:strong|great|good|perfect|excellent|close) (?:match|fit)\b",
        unnamed_employer=r"\bi have (?:a|an) (?:[\w-]+ ){0,3}(?:role|position|opening|opportunity)\b|\b(?:role|position|opportunity|opening|contract) (?:with|at|for) (?:a|an) (?:[\w-]+ ){0,3}(?:bank|client|company|firm|startup|fintech|insurer|retailer|scale-?up|organi[sz]ation)\b",
        client_search=r"\b(?:working on|partnering on|conducting|leading|retained (?:on|for)) (?:a|an) [\w ,/&-]{0,60}?\b(?:search|mandate)\b|\b(?:my|our) client(?:,)? (?:is |are )?(?:looking(?! forward)|hiring|seeking|searching|building|growing)\b",
        we_are_hiring=r"\bwe(?:'re| are) hiring\b",
        roles_to_offer=r"\b(?:permanent|contract|other) roles? i can tell you about\b|\bif (?:this|it) is of interest\b",
        open_to=r"\b(?:open to|interested in) (?:new |a )?(?:opportunit(?:y|ies)|roles?|a chat about)\b",
        searches=r"\b(?:appeared in \d+ searches|who viewed your profile|your (?:application|profile) was viewed)\b",
        tips=r"\b(?:tips|how to (?:ace|answer|prepare|negotiate|handle)|acing|webinar|newsletter|digest|issue #?\d+|black friday|% off)\b",
        # An event's sign-up: "reserve your seat", "register now", "free live session".
        event_signup=r"\b(?:reserve|save|claim|secure) your (?:seat|spot|place)\b|\bregister (?:now|here|today|anyway|for free)\b|\bfree (?:live )?(?:session|webinar|event|workshop|masterclass)\b|\bsend you the recording\b",
        receipt=r"\b(?:receipt|your order|order (?:number|confirmation)|your trip|invoice)\b",
        # A friend's news or hopes: the writer interviewed, or "they" will invite the reader.
        own_interview=r"\bmy (?:interview|application|final round|onsite)\b[^.!?]{0,20}\b(?:went|was|is going)\b|\bthey(?:'ll| will) (?:definitely |surely |probably )?(?:invite you|call you|offer you|hire you)\b",
    ),
    # What the application is for settles it: it outweighs every acknowledgement's words
    # together ("thank you for your application", "we've received", "has been received").
    *cues(
        Kind.UNRELATED,
        10.0,
        "any",
        # Applications that are no job's: a library card, a loan, a lease, a permit.
        other_application=r"\b(?:library card|credit card|loan|mortgage|lease|rental|tenancy|membership|permit|passport|visa|grant|scholarship|admission) (?:application|request)\b|\b(?:application|request) for (?:a |an |your )?(?:new )?(?:library card|credit card|loan|mortgage|lease|rental|membership|permit|passport|visa|grant|scholarship|admission)\b",
    ),
)

ENGLISH = Language(
    code="en",
    common_words=frozenset(
        "the and you your for with we our this that will have are to of in is be on at thank "
        "please would from as it if an".split()
    ),
    cues=CUES,
    company_patterns=(
        # An agency's client ("your interview on behalf of Halverson Credit Union"), or an
        # ATS's footer naming the employer, then itself after "by" or "via".
        r"\bon behalf of (?:our client,? )?(?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|(]|\s(?:for|and|is|are|has|have|was|will|to|at|on|by|via)\b|$)",
        # An agency's client: "our client, Halvorsen Marine, is looking forward to meeting you".
        r"\b(?:our|my) client,? (?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|(]|\s(?:is|are|has|have|was|would|will|wants?)\b|$)",
        # "Thank you for your interest in Corbel Systems Inc.", "interest in joining Corbel".
        r"(?:(?:[Aa]pplication|[Aa]pplying|[Ii]nterest) (?:to|at|with|for)|[Ii]nterest in(?: joining| working (?:at|for|with))?) (?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|]|\s(?:for|and|as|is|has|we|!)\b|$)",
        r"(?<![^\W\d_])(?:[Ii]nterviews?|[Oo]ffer|[Cc]all|[Oo]nsite|[Ss]creen|[Cc]onversation)(?: [Rr]equest| [Ii]nvitation)? (?:with|from|at) (?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|(@]|\s(?:for|on|and|is|-)\b|$)",
        r"(?:position|role|opportunity|job|opening) (?:at|with) (?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|]|\s(?:for|and|is|has|we|in)\b|$)",
        r"(?:join|joining) (?P<company>[A-Z][\w&'.\- ]{1,40}?) as\b",
        # "your interest in careers at Pembroke Rail", "employment with Kinglake Energy".
        r"(?:[Cc]areers?|[Ee]mployment|[Oo]pportunities) (?:at|with) (?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|]|\s(?:for|and|is|has|we|in)\b|$)",
        # "everyone here at Greyhawk Outdoor", "the team at Brindle Bay".
        r"\b(?:here|everyone|all of us|team|folks) at (?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|]|\s(?:for|and|is|are|has|have|we|in|on|the|appreciates?|thanks?)\b|$)",
        r"(?:the|The) (?!(?i:talent|recruiting|hiring|people|hr|careers?)\b)(?P<company>[A-Z][\w&'.\- ]{1,40}?) (?i:team|hiring team|recruiting team|talent team|talent acquisition team|people team)\b",
        # "Thank you for considering Harbourgate Credit Union as your next employer".
        r"\b[Cc]onsidering (?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|]|\s(?:as|for|and|is|we|in)\b|$)",
        # "Your Northcrest Bank application", "your Acme interview": the employer's own.
        r"\b[Yy]our (?P<company>[A-Z][\w&'.\-]*(?: [A-Z][\w&'.\-]*){0,3}) (?:application|interview|candidacy|offer)\b",
        # A footer: "© 2026 Brightmoor Analytics Inc. All rights reserved."
        r"(?:©|\([Cc]\)|[Cc]opyright)[ \t]*(?:\d{4}(?:[ \t]*[-\u2013][ \t]*\d{4})?[ \t]*)?(?![Aa]ll [Rr]ights)(?P<company>[A-Z][\w&'.\- ]{1,40}?)[.,]?[ \t]*(?:[Aa]ll [Rr]ights|$)",
        # A title, then where: "your application for Senior Data Analyst at Tallis Fox Creative".
        # (A whole word, tried where no letter precedes: far faster than a case-insensitive group.)
        r"(?<![^\W\d_])(?:[Ee]ngineer|[Aa]nalyst|[Dd]eveloper|[Mm]anager|[Dd]esigner|[Ss]cientist|[Ll]ead|[Aa]rchitect|[Ss]pecialist|[Cc]oordinator|[Dd]irector|[Cc]onsultant|[Aa]dministrator|[Oo]fficer|[Aa]ssociate|[Ii]ntern)s?(?: \([^()\n]{1,30}\))? (?:at|with) (?P<company>[A-Z][\w&'.\- ]{1,40}?)(?:[!.,:;)]|\s[-\u2013|]|\s(?:for|and|is|has|we|in|on|the)\b|$)",
    ),
    role_patterns=(
        # A label ("Position: Guest Experience Data Analyst") or a booking form's question
        # with its answer below ("Which role are you applying for?" / "Senior Data Engineer").
        r"^[ \t]*(?:(?:[Rr]ole(?: you applied for| applied for)?|[Pp]osition(?: applied for)?|[Jj]ob(?: title)?|[Oo]pening)[ \t]*:[ \t]*|(?i:which (?:role|position)|what (?:role|position)|(?:position|role) of interest|(?:role|position) you(?:'re| are) applying for)[^\n]*\n[ \t]*)(?P<role>[^\n]{3,80}?)[ \t]*$",
        r"(?:for|as|of|in|on|about|to|offer|fill) (?:the|a|our|an|this) (?P<role>[A-Z][\w&/,().'\- ]{2,60}?) (?:position|role|opening|opportunity|job)\b",
        r"(?:position|role|job|opening) (?:of|as) (?:a |an )?(?P<role>[A-Z][\w&/().'\- ]{2,60}?)(?:[!.,:;]|\s(?:at|with|in|is|was|has|have|will)\b|$)",
        # "Your interview for Data Analyst (Req R-20418) has been scheduled": a requisition
        # number or the verb after the title ends it.
        r"(?<![^\W\d_])(?:[Aa]pplication|[Aa]pplying|[Ii]nterview|[Oo]nsite|[Ss]creen|[Cc]onversation|candidacy) (?:for|to) (?:the |our )?(?P<role>[A-Z][\w&/().'\- ]{2,60}?)(?: position| role|[!.,:;]|\s(?:at|with|in|has|have|is|was|will)\b|\s*\((?:req(?:uisition)?\.?\s*#?\s*)?[A-Z]{0,4}-?\d[\w-]*\)|$)",
    ),
    pitch=(
        r"\bcaught my (?:eye|attention)\b",
        r"\b(?:stood|stands) out\b",
        r"\b(?:came across|(?:saw|noticed|found|viewed) your (?:profile|background|work|resume|github))\b",
        r"\b(?:would|are) you (?:be )?(?:open|interested) (?:to|in)\b",
        r"\bwe(?:'re| are) (?:growing|building out|expanding|scaling|hiring)\b",
        r"\b(?:partnering|working) with (?:a|an) (?:[\w-]+ ){0,3}(?:company|client|firm|startup|bank|organi[sz]ation)\b",
        r"\b(?:new|open) (?:[\w-]+ ){0,3}(?:role|position|opening|opportunity)\b",
        r"\b(?:no pressure|if the timing isn't right|thought i'd reach out)\b",
        r"\bi(?:'m| am) (?:a|an) (?:[\w-]+ ){0,2}(?:recruiter|talent partner|sourcer|headhunter)\b",
        r"\b(?:role|search|position|opening) i(?:'m| am) (?:working on|recruiting for|hiring for|filling)\b",
        r"\b(?:with|for) (?:a|an|my|our) (?:[\w-]+ ){0,3}client\b",
        r"\bif (?:it's|it is|it'd be|you'd be|you're|you are) a (?:good |great |strong )?(?:fit|match)\b",
        r"\$\d{2,3}(?:k|,000)\b",
    ),
    networking=r"\b(?:informational (?:interview|chat|call|meeting)|coffee chat|not on the hiring side|not (?:involved in|part of) (?:the )?hiring)\b",
    own_interview=r"\bmy (?:[\w-]+ ){0,2}interview\b|\bi (?:have|had|got) (?:an? |my )?(?:[\w-]+ ){0,2}interview\b",
    not_for_a_job=r"\b(?:admissions? (?:interview|committee|decision)s?|(?:graduate|undergraduate|mba|doctoral|phd|master['\u2019]s|degree) (?:program(?:me)?|admissions?) (?:interview|application)s?|volunteer (?:interview|application|orientation|screening)s?|(?:apply|applying|applied|application) to volunteer|(?:rental|tenancy|tenant|housing|co-?op(?:erative)? membership) (?:application|interview|screening)s?)\b",
    sales_meeting=r"\b(?:(?:product |live |personali[sz]ed )?demo|pricing|free trial|your trial|product tour|account executive|customer success)\b",
    subscription=r"\b(?:unsubscribe|manage (?:your )?(?:email|notification|alert)s?(?: settings| preferences)?|email (?:settings|preferences)|(?:you(?:'re| are)|you're) (?:receiving|getting) this (?:e-?mail )?because|you signed up)\b",
    role_specialty=r",[ \t]+(?!(?:Thanks|Thank|Regards|Best|Cheers|Sincerely|Hi|Hello|Dear|Please|We|I|You|Our|Your|The|This|That|It)\b)[A-Z][\w&'\u2019-]*(?:[ \t]+(?:&[ \t]+|and[ \t]+|of[ \t]+)?[A-Z][\w&'\u2019-]*){0,3}(?=[ \t]*(?:[.!;:)(\n]|$)|[ \t]+(?:at|with|has|have|is|was|will|for|on|in|and|role|position|opening)\b)",
    interview_words=r"\b(?:interview\w*|phone screen|screening|recruiter (?:screen|call)|technical (?:screen|round)|onsite|on-site|final round|panel|hiring manager|culture|system design|coding (?:round|interview)|superday)\b",
    role_words=frozenset(
        "engineer engineering developer programmer statistician accountant economist technologist analyst manager designer scientist architect specialist coordinator director lead consultant administrator officer technician planner associate intern head vp president recruiter advisor partner representative assistant operator writer product data senior junior staff principal producer editor nurse teacher instructor tutor chef cook clerk agent adviser counsel lawyer paralegal pharmacist therapist physician researcher strategist marketer supervisor auditor controller buyer dispatcher driver mechanic electrician machinist cashier receptionist bookkeeper estimator surveyor".split()
    ),
    subject_filler=frozenset(
        "request questions privacy policy terms unsubscribe preferences conversation hiring interviewers invitee zone minute minutes min hour warmly best regards cheers hi hello monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec updated book action required reminder important urgent interview interviews confirmation confirmed invitation application applications update next steps step follow-up thank thanks you your decision offer status phone screen onsite panel round first second final technical call chat meeting re fw fwd assessment exercise take-home case study availability scheduling schedule booked new time canceled cancelled rescheduled welcome received receipt acknowledgement acknowledgment submitted submission upcoming recent virtual video online feedback news outcome results round panel technical behavioural behavioral culture coding screening scheduled".split()
    ),
    departments=frozenset(
        "planning finance marketing sales operations design analytics engineering platform "
        "infrastructure security research product data people legal support it strategy "
        "technology digital risk compliance".split()
    ),
    event_words=r"\b(?:webinar|workshop|conference|meetup|lightning talks?|info(?:rmation)? session|career fair|bootcamp|practice|mock|lunch|coffee|birthday|dinner)\b",
    meets=r"\bwith\b|\bw/|\b(?:interviewers?|interviewer\(s\)|hosts?|panel(?:ists)?|staff|(?:required )?(?:attendees|participants)|who|interview (?:team|panel))\s*:|\b(?:interviewed|joined|led) by\b|\byou(?:'ll|\u2019ll| will) (?:be )?(?:meeting|meet|speaking with|speak with|interviewing with)\b|(?m:^(?:your |meet your |the )?(?:interviewers?|interview (?:team|panel)|panel(?:ists)?|who you(?:'ll|\u2019ll| will) (?:meet|be meeting))[ \t]*$)",
    # The writer among those met: "Priya and I" (yet "and I'll bring you up" is no such list),
    # "you and I", "me and Priya", "I'll join", "reschedule our".
    writer_too=r"\b(?:and|&) (?:me|myself)\b|(?-i:\b(?:Me|me|Myself|myself) (?:and|&) [A-Z])|(?-i:\b(?:and|&) I\b(?!['\u2019]))|\bI(?:'ll|\u2019ll| will) (?:also )?(?:join|be joining|attend|sit in|be there|be joined by|be interviewing you)\b|\b(?:will|'ll|\u2019ll) also (?:be (?:on|in|joining|there)|join|sit in|attend)\b|\b(?:will|to|would) join (?:me|us)\b|\bjoining (?:me|us)\b|\b(?:cancel|move|reschedule|push back) our\b|\b(?:be|with|meet|meeting)(?: just| only)? (?:me|myself) (?:and|&)[ \t]|\bwe(?:'d|\u2019d|'ll|\u2019ll| will| would| can| could)? both\b|\bboth of us\b|\bthe two of us\b",
    # The writer on an agenda's line: "1:00 Me - team and roadmap".
    writer_on_agenda=r"^[ \t]*\d{1,2}(?::\d{2})?[ \t]*(?:[ap]\.?m\.?)?[ \t]*[-\u2013:]?[ \t]*me\b",
    writer_meets=r"\b(?:our (?:chat|call|conversation|meeting|interview)\b|talk soon|see you|ask for me|meet(?:ing)? you|talk(?:ing)? (?:to|with) you|speak(?:ing)? (?:to|with) you|chat(?:ting)? with you|catch up with you|I(?:'ll|\u2019ll| will) call you|looking forward to (?:it|then|tomorrow|(?:mon|tues|wednes|thurs|fri)day)|is inviting you to a scheduled)\b",
    coordinator_titles=r"\b(?:coordinator|scheduler|scheduling|(?:executive |administrative )?assistant|office manager)\b",
    arranger_titles=r"\b(?:recruit\w*|talent|sourc(?:er|ing)|coordinator|scheduler|scheduling|hr|human resources|people (?:partner|operations|ops|team)|(?:executive |administrative |hiring )?assistant)\b",
    arranger=r"\b(?:coordinat(?:or|es|ing)|in the loop|for visibility|as (?:an? )?optional|assistant|scheduler|scheduling team|(?:will|to) send you|set(?:s|ting)? (?:it|this|things) up|if you have (?:any )?questions|(?:reach out|get in touch) (?:to|with)|contact|point of contact|(?:if you (?:need|have|want)|need) to (?:reschedule|change|make (?:a |any )?changes?)|need (?:a different|another|a new) time|send (?:you |over )?(?:the|a|an) (?:calendar )?invit\w*|(?:copied|cc(?:'|\u2019)?e?d) (?:on|in|here))\b",
    withdrawn=r"(?:can no longer|can(?:'|\u2019)?t|cannot|won(?:'|\u2019)t|will not|will no longer|is no longer|isn(?:'|\u2019)t|is not)\s+(?:be\s+)?(?:able to\s+)?(?:join(?:ing)?|make it|attend(?:ing)?|available|there|sit(?:ting)? in|tak(?:e|ing) part|participat(?:e|ing))\b|\bhas (?:had to )?(?:drop(?:ped)? out|withdraw(?:n)?|bow(?:ed)? out)\b|\b(?:will be|has been|is being) replaced\b|\b(?:has |had |has had )?(?:to )?(?:step(?:ped)? (?:away|back|down) from|drop(?:ped)? off)\b|\bnot (?:attending|joining|taking part|participating)\b",
    replaces=r"\b(?:replaces|will replace|(?:is )?replacing|instead of|in place of|(?:steps?|stepping|fills?|filling) in for|cover(?:s|ing)? for|takes? over (?:from|for))",
    leads=r"will (?:lead|conduct|run|host) (?:the|your|this) (?:interview|conversation|call|discussion|session)\b|will (?:be )?interview(?:ing)? you\b",
    # Events that speak of interviews without being the candidate's own: rehearsals,
    # coaching, recruiting events.
    practice_words=r"\b(?:mock interviews?|practice interviews?|interview (?:practice|prep(?:aration)? (?:session|workshop|class)|coaching)|career (?:coach\w*|advis\w*|educators?|cent(?:re|er)|services|fair)|job fair|info(?:rmation)? session|webinar|(?:resume|cv|career|job search|interview(?:ing)?) workshop|meetup|bootcamp|networking (?:event|night|mixer)|open house|recruiting event)\b",
    own_process=r"\b(?:(?:the|your) (?:final|last|next|first|second|third|technical|onsite) (?:round|interview)s?\b|thank(?:s| you) for (?:meeting|speaking|chatting|talking|coming in|interviewing|wrapping up)\b|thank(?:s| you) for (?:a|the|our|your) (?:(?:great|lovely|wonderful|good|productive|thoughtful|engaging) )?(?:conversation|chat|interview|discussion)\b|you(?:'re| are) (?:one of (?:our |the )?(?:two|three|four|five|\d) )?(?:finalists?|shortlisted)\b)",
    own_application=r"\b(?:your (?:application|candidacy) (?:to|for|with|at|has|is|was)\b|(?:next steps?|following up|an update|touch base) (?:for|on|about|regarding|with) your (?:application|candidacy)\b|thank(?:s| you) for (?:applying|your (?:recent )?application)\b|(?:we(?:'ve| have)? )?received your (?:application|resume|cv)\b|your interview (?:with|for|on|at|is|has)\b|invite you to (?:an? )?(?:[\w-]+ )?(?:interview|phone screen)\b|(?:interest in|applied (?:for|to)) the [\w ()/,-]{2,60}? (?:position|role)\b|(?:because|since) you (?:applied|submitted an application)\b)",
    # A visit is a meeting too: "you're coming in Thursday at 1 PM, our office at 200 Bay St".
    meeting_words=r"\b(?:chat|conversation|call|meet|meeting|discussion|catch-up|video call|teams|zoom|google meet|webex|come in|coming in|our\s(?:[\w-]+\s){0,2}offices?|in person|you're all set|see you)\b",
    job_words=r"\b(?:final round|talent (?:partner|acquisition)|hiring team|(?:hiring|selection|interview) (?:committee|panel)|(?:with|to|by|from) (?:the|our) panel|application|applied|applying|candidacy|candidates?|finalists?|position|role|interview\w*|offer|hiring|recruit\w*|resume|résumé|job|reference checks?|hr|decision|engineers?|developers?|analysts?|designers?|scientists?|architects?)\b",
    absence=AbsenceWords(
        returns=(
            r"back\b(?! to (?:you|me|us)\b| with you\b| up\b| and forth\b)",
            r"return(?:s|ing)?\b(?! (?:your|the|my) (?:call|email|message)s?\b)",
            r"resum(?:e|es|ing) (?:work|my duties|normal (?:duties|operations|business|hours))\b",
            r"re-?open(?:s|ing)?\b",
        ),
        until=(r"until\b", r"til{1,2}\b", r"through\b", r"thru\b", r"up to and including\b"),
        away=(
            r"out of (?:the )?office\b",
            r"ooo\b",
            r"closed\b",
            r"travel(?:l)?ing\b",
            r"(?:i am|i'm|i will be|i'll be|we are|we're|we will be|currently) (?:out|away|off)\b",
            r"away from (?:the office|my desk|email|work)\b",
            r"on (?:\w+ )?(?:vacation|leave|holidays?|pto|break|sabbatical)\b",
        ),
        starts=(r"from", r"starting", r"beginning", r"as of", r"since", r"effective"),
    ),
)
