"""A blanked sentence asked as a whole question, for the few shapes a rule can turn without guessing.

Round 6's and 7's blind readers marked "When? Complete the date … [when?]" and "Which year
correctly fills the blank?" as machine form. A passive sentence dated by its adjunct, the
perfect of a regular verb of treaty-making, and a state's count of partners turn into the
questions a paper asks ("In which year was SAARC set up"); every other shape returns None
and keeps its completion form. Used by the recall cards and the year MCQs alike.
"""

from __future__ import annotations

import re

from quizapp.banks import names
from quizapp.banks.generate import common

# "SAARC was set up in [when?] as an association …", "MLAT … has already been signed by India with
# Indonesia in [when?] which is yet to be ratified": a passive sentence whose date is its adjunct.
_PASSIVE_DATED = re.compile(
    r"^(?P<subj>[A-Z][^,;:\[\]]*?)\s+(?P<aux>was|were|(?:has|have|had)(?:\s+already)?\s+been)\s+"
    r"(?P<verb>[a-z]+(?:ed|en|wn|ne|lt|ld|pt|ght|t)\b(?:\s+up\b)?)(?P<mid>[^,;:\[\]]*?)\s+(?:in|on)\s+"
    + re.escape("[when?]") + r"(?P<after>.*)$")
# "India along with other SAARC countries has signed a Convention … in [when?]": an act of state in the perfect
# (or the simple past: "India signed a Treaty on Extradition with Kenya in [when?]"),
# for the few regular verbs of treaty-making, whose base form a rule can write ("sign", "ratify" is left out),
# and of a history syllabus ("Lord Canning proclaimed peace on [when?]", "Sir Hugh Rose captured Jhansi in …")
_ACTIVE_DATED = re.compile(
    r"^(?P<subj>[A-Z][^,;:\[\]]*?)\s+(?:(?:has|have|had)\s+)?(?P<verb>signed|concluded|launched|established|adopted|"
    r"joined|ratified|founded|formed|created|introduced|released|appointed|proclaimed|annexed|captured|abolished)\s+(?P<obj>[^,;:\[\]]+?)\s+(?:in|on)\s+" + re.escape("[when?]") + r"(?P<after>.*)$")
# "… told world leaders at the summit last week that India would reach net-zero emissions by [when?]": a state's
# target, asked of the state alone (the occasion and its "last week" stay in the source)
_TARGET = re.compile(r"^(?:.*?\bthat\s+)?(?P<subj>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:would|will)\s+(?P<verb>[a-z]+)\s+"
                     r"(?P<obj>[^,;:\[\]]+?)\s+by\s+" + re.escape("[when?]") + r"(?P<after>.*)$")
# "… was adopted at COP26 a day after the talks were scheduled to end on [when?]": a finite verb between the
# main verb and the date starts a clause of its own, and the date is that clause's (session 28's holdout asked
# the pact's date and keyed the day the talks were due to end)
_OWN_CLAUSE = re.compile(r"\b(?:was|were|is|are|has|have|had|did|does|do)\b")
_PASSIVE_END = re.compile(r"\b(?:was|were|is|are|be|been|being|not)$")  # "The Treaty was signed": the passive's
# "Uzbekistan joined when the SCO was founded in [when?]", "Federal Court provided for – it was set up in [when?]":
# a subject holding a clause of its own (a subordinator, a dash, a verb of its own) is no subject, and the
# question read "In which year was Uzbekistan joined when the SCO founded" (session 29's holdout)
_CLAUSE_IN_SUBJECT = re.compile(r"\s[–—-]\s|\b(?:when|while|because|since|although|though|if|which|who|whom|whose|where"
                                r"|once|after|before|until)\b|\b[a-z]{3,}ed\b")
# "Kutiyattam was among the first 19 Masterpieces proclaimed by UNESCO in [when?]": a verb in the subject makes the
# verb matched a participle, and the question read "did Kutiyattam was among … proclaim"; "India ratified it in
# [when?]": the object is in another sentence (both round 24)
_OBJECT_PRONOUN = re.compile(r"(?:it|them|this|these|that|those|him|her)\b")
_PRONOUNS = ("It", "They", "He", "She", "This", "These", "That", "Those", "Its", "Their", "His", "Her")
_ASK_FOR = {"year": "In which year", "month": "In which month and year", "day": "On what date"}
# what may follow the date and be cut: a clause of its own, or the occasion ("… was signed yesterday during the
# India-UAE Virtual Summit held between …": the question asks when it was signed, not where)
_TRAILING_CLAUSE = re.compile(r"^\s*(?:[,;]|which\b|who\b|as\b|and\b|but\b|when\b|while\b|during\b|…|\.|$)")


# "A nine-judge Constitution Bench of the Supreme Court of India on [when?] unanimously held that the right to
# privacy is a fundamental right …": a court's holding, dated between its subject and its verb (session 28's
# holdout judgment report served nothing). The clause held is the question's object, asked whole.
_RULING = re.compile(
    r"^(?P<subj>(?:A|An|The)\s+[^,;:\[\]]*?\b(?:Court|Bench|Tribunal)\b[^,;:\[\]]*?)\s+(?:on|in)\s+"
    + re.escape("[when?]") + r"\s+(?P<adv>[a-z]+ly\s+)?(?P<verb>held|ruled|declared)\s+that\s+(?P<clause>[^;:\[\]?]+)$")
_RULING_BASE = {"held": "hold", "ruled": "rule", "declared": "declare"}


# "… was adjudicated by the Godavari Water Disputes Tribunal, constituted in [when?], which gave …": a named body
# with its founding as an aside; the question asks the aside of the body
_FOUNDED_ASIDE = re.compile(
    r"\b(?:the\s+)?(?P<name>(?:[A-Z][\w.’'-]*\s+){1,8}(?:Tribunal|Commission|Committee|Authority|Board|Council|Bank|"
    r"Organisation|Organization|Agency|Institute|Corporation|Mission|Alliance|Forum|Court))(?:\s+\([A-Z]{2,8}\))?,\s+"
    r"(?P<verb>constituted|established|set up|formed|founded|created|launched)\s+in\s+" + re.escape("[when?]")
    + r"\s*(?:,|\.|$|\s+(?:after|following)\s)")  # "set up in [when?] after the death of …": the occasion is cut
# "The Tenth Schedule, added in [when?], deals with …": the subject's own history as an aside between commas, asked
# of the subject. Not when the aside names the instrument that made it ("inserted by the 42nd Amendment in 1976"):
# the question then asks the instrument's year, and enacted (1976) or in force (1977) both answer it (round 20)
_PARTICIPLE_ASIDE = re.compile(
    r"^(?P<subj>[A-Z][^,;:\[\]]*?),\s+(?P<verb>inserted|added|introduced|enacted|adopted|amended)"
    r"(?P<mid>\s+(?:by|into|in|under)\s+[^,;:\[\]]+?)?\s+in\s+" + re.escape("[when?]") + r"\s*,")
# "In [when?], the government of Bihar and Orissa, then headed by …, appointed the Champaran Agrarian Enquiry
# Committee, …": a date fronted before an act in the simple past; an aside of the subject ("then headed by …") goes
_FRONTED = re.compile(r"^In\s+" + re.escape("[when?]") + r",\s+(?P<subj>(?:the\s+)?[A-Za-z][^,;:\[\]]*?)"
                      r"(?:,\s+(?:then|now|later|at the time)\b[^,;:\[\]]*,)?(?:\s+(?:also|too|formally|finally))?\s+(?P<verb>appointed|signed|launched|"
                      r"established|founded|set up|formed|adopted|passed|enacted)\s+(?P<obj>[^,;:\[\]]+?)\s*(?:[,;.]|$)")
_BASE = {"set up": "set up", "appointed": "appoint", "signed": "sign", "launched": "launch", "established": "establish",
         "founded": "found", "formed": "form", "adopted": "adopt", "passed": "pass", "enacted": "enact"}
# "India appointed Ajit Doval, the national security adviser, on [when?]": an appositive of the object is cut
# (arrivals, "reached Motihari", are an itinerary and stay unasked)
_OBJECT_APPOSITIVE = re.compile(r",\s+the\s+[a-z][a-z -]*?,(?=\s+(?:in|on)\s+\[when\?\])")


# a second dated clause joined to the one asked, its date before the blank (round 21's reader: "In which year was
# the Constitution adopted on 26 November 1949 and came into force?")
_TWIN_DATE = re.compile(r"\b(?:1[5-9]|20)\d{2}\b,?\s+and\s+(?:[a-z]+\s+){1,4}(?:on|in)\s+\[when\?\]")


# "did the Government and the Reserve Bank sign a Monetary Policy Framework Agreement": the question asks about one
# named instrument, so it is "the" (round 22b's reader)
_NAMED_WITH_A = re.compile(r"\b(?:a|an) (?=(?:[A-Z][\w’'-]*\s+){1,6}(?:Agreement|Treaty|Convention|Pact|Accord|Charter|"
                           r"Protocol|Memorandum|Declaration)\b)")


def date_question(stem_text: str, granularity: str | None) -> str | None:
    """The blanked sentence asked as a whole question, a named instrument with its definite article."""
    question = _date_question(stem_text, granularity)
    return _NAMED_WITH_A.sub("the ", question) if question else question


def _date_question(stem_text: str, granularity: str | None) -> str | None:
    """The blanked sentence asked as a whole question ("In which year was SAARC set up"), without its "?".

    Only for the one shape a rule can turn without guessing a verb's base form: a passive
    main clause whose date is its "in"/"on" adjunct, with nothing after the date but a
    clause of its own (cut off) or the end. Anything else keeps the completion card.
    """
    ask = _ASK_FOR.get(granularity or "")
    if _TWIN_DATE.search(common.squash(stem_text)):
        return None  # "… was adopted on 26 November 1949 and came into force on [when?]": the first date stays in it
    text = _APPOSITIVE.sub(r"\g<subj>", common.squash(stem_text).rstrip(" .…"), count=1)
    aside = _FOUNDED_ASIDE.search(text)
    if ask is not None and aside is not None:
        name = re.sub(r"^The\s+", "", aside["name"])
        return f"{ask} was the {name} {aside['verb']}"
    aside2 = _PARTICIPLE_ASIDE.match(text)
    if ask is not None and aside2 is not None and not _CLAUSE_IN_SUBJECT.search(aside2["subj"]) \
            and not re.search(r"\b(?:Amendment|Act|Ordinance|Bill)\b", aside2["mid"] or "") \
            and aside2["subj"].split()[0] not in _PRONOUNS and len(aside2["subj"].split()) >= 2:
        subj = aside2["subj"]
        subj = "the" + subj[3:] if subj.startswith("The ") else subj
        return f"{ask} was {subj} {aside2['verb']}{aside2['mid'] or ''}"
    fronted = _FRONTED.match(text)
    if ask is not None and fronted is not None and not _CLAUSE_IN_SUBJECT.search(fronted["subj"]) \
            and fronted["subj"].split()[0].capitalize() not in _PRONOUNS and not _OWN_CLAUSE.search(fronted["obj"]) \
            and re.search(r"\b[A-Z]", fronted["subj"]) and re.search(r"\b[A-Z]", fronted["obj"]):
        return f"{ask} did {fronted['subj']} {_BASE[fronted['verb']]} {fronted['obj']}"
    text = _OBJECT_APPOSITIVE.sub("", text, count=1)
    target = _TARGET.match(text)
    if granularity == "year" and target is not None and _TRAILING_CLAUSE.match(target["after"]) \
            and target["subj"] not in _PRONOUNS and not _OWN_CLAUSE.search(target["obj"]) \
            and names.kind_of(target["subj"]) == "country":
        return f"By which year does {target['subj']} aim to {target['verb']} {target['obj']}"
    ruling = _RULING.match(text)
    if ask is not None and ruling is not None:
        subj = ruling["subj"][0].lower() + ruling["subj"][1:]
        return f"{ask} did {subj} {ruling['adv'] or ''}{_RULING_BASE[ruling['verb']]} that {ruling['clause']}"
    active = _ACTIVE_DATED.match(text)
    if ask is not None and active is not None and _TRAILING_CLAUSE.match(active["after"]) \
            and not _OWN_CLAUSE.search(active["obj"]) and not _CLAUSE_IN_SUBJECT.search(active["subj"]) \
            and not _OWN_CLAUSE.search(active["subj"]) and not _OBJECT_PRONOUN.match(active["obj"]) \
            and active["subj"].split()[0] not in _PRONOUNS and not _PASSIVE_END.search(active["subj"]) \
            and not (active["subj"].startswith("The ") and re.fullmatch(r"the(?: [a-z-]+){1,2}", active["obj"])):
        verb, subj = active["verb"], active["subj"]
        base = (verb[:-3] + "y" if verb.endswith("ified") else verb[:-1] if verb.endswith(("ated", "ised", "ized", "uded",
                                                                                            "uced", "ased", "ured"))
                else verb[:-2])
        if subj.startswith("The "):
            if not any(w[:1].isupper() for w in subj.split()[1:]):
                return None  # "The two countries signed …": which two is in another sentence
            subj = "the" + subj[3:]
        return f"{ask} did {subj} {base} {active['obj']}"
    m = _PASSIVE_DATED.match(text)
    if ask is None or m is None or "[" in m["subj"] or _OWN_CLAUSE.search(m["mid"]) or _CLAUSE_IN_SUBJECT.search(m["subj"]):
        return None
    subj, words = m["subj"], m["subj"].split()
    if words[0] in _PRONOUNS:
        return None  # a pronoun needs the sentence before it
    if words[0] == "The" and len(words) == 2 and (words[1].islower() or _BARE_INSTRUMENT.match(f"X {words[1]}")):
        return None  # "The Treaty", "The grouping": which one is in another sentence
    aux = "were" if m["aux"] == "were" or m["aux"].startswith("have") else "was"
    if _BARE_INSTRUMENT.match(subj):
        subj = f"the {subj}"  # "Mutual Legal Assistance Treaty (MLAT) … has been signed": the source drops the article
    elif words[0] == "The":
        subj = "the" + subj[3:]
    tail = _KEPT_TAIL.match(m["after"])
    if tail is not None and re.match(r"\s*,\s+[A-Z]", m["after"][tail.end():]):
        # "by merging the erstwhile Ministry of Water Resources, River Development and …": the comma is inside a
        # name, so the means is cut off mid-name; the question asks when, without it (round 23's reader)
        tail = None
    elif tail is None and not _TRAILING_CLAUSE.match(m["after"]) and not _PURPOSE.match(m["after"]):
        return None
    question = f"{ask} {aux} {subj} {m['verb']}{m['mid']}" + (tail.group(0).rstrip(" ,;.") if tail else "")
    if _ENDS_IN_PREPOSITION.search(question):
        return None  # "… replaced by Ways and Means Advances from?": the date was its object (session 32)
    return question


_ENDS_IN_PREPOSITION = re.compile(r"\b(?:from|in|on|by|since|until|till|to|of|at|with|during|after|before)$")


# "The New Development Bank, headquartered in Shanghai, was agreed upon …": a where-clause set off by commas
# after the subject describes it; the question asks the main clause without it (round 8's reader's wording).
_APPOSITIVE = re.compile(r"^(?P<subj>[A-Z][^,;:\[\]]*?),\s+(?:headquartered|based|located|seated)\s+in\s+"
                         r"[A-Z][^,;:\[\]]*?,(?=\s+(?:was|were|is|are|has|have|had)\b)")


# What may follow the date and stay in the question: its agent or means ("by the G7 countries",
# "through the Bangkok Declaration"), up to a clause of its own or a purpose ("to limit the spread of …"),
# which round 14's reader cut: the question asks when, and the purpose only lengthens it.
_KEPT_TAIL = re.compile(r"^\s+(?:by|through|under|at|with)\s+[^,;:\[\]…]*?"
                        r"(?=\s*(?:[,;:…]|\bwhich\b|\bwho\b|\bto\s+[a-z]+\b|$))")
_PURPOSE = re.compile(r"^\s+to\s+[a-z]+\b")


# A capitalised instrument named without its article: "Mutual Legal Assistance Treaty (MLAT) in criminal matters".
_BARE_INSTRUMENT = re.compile(r"^(?!The\b|A\b|An\b)(?:[A-Z][\w-]*\s+){1,6}(?:Treaty|Agreement|Convention|Protocol|"
                              r"Charter|Memorandum|Accord|Pact|MoU|MoUs|MOU|MoA)\b")


def _plural_named(m: re.Match[str]) -> str:
    """A matched instrument ``noun`` and its abbreviation ``abbr``, in the plural: "Social Security Agreements (SSAs)"."""
    return plural_instrument(m["noun"]) + (f" ({m['abbr']}s)" if m["abbr"] else "")


def plural_instrument(noun: str) -> str:
    if noun.endswith("Memorandum of Understanding"):
        return noun[:-len("Memorandum of Understanding")] + "Memoranda of Understanding"
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


# "… albeit India has signed Social Security Agreement (SSA) with [how many?] countries": a state's
# perfect-tense clause that counts its partners.
_PARTNER_COUNT = re.compile(
    r"(?:^|,\s+|;\s+|\b(?:albeit|while|and|but|although|whereas)\s+)(?P<subj>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,2})"
    r"\s+(?P<aux>has|have|had)\s+(?P<adv>(?:so far|already|now)\s+)?(?P<verb>[a-z]+(?:ed|en|wn|ne|lt|pt|ght|t))\s+"
    r"(?P<obj>[^,;:\[\]]*?)\s+with\s+" + re.escape("[how many?]")
    + r"\s+(?P<noun>countries|nations|states)(?P<after>.*)$")


# "The SCO has [how many?] member states.": a named body's count of what it has, the sentence whole
_HAS_COUNT = re.compile(r"^(?P<subj>(?:The\s+)?[A-Z][\w’'.-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w’'.-]*){0,6})\s+"
                        r"(?P<aux>has|have)\s+" + re.escape("[how many?]")
                        + r"\s+(?P<noun>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})$")


def count_question_text(stem_text: str) -> str | None:
    """"With how many countries has India signed Social Security Agreements (SSA)" for a state's count of
    partners, "How many member states does the SCO have" for a body's count of its own, without the "?";
    None for any other shape (the completion card stays)."""
    text = common.squash(stem_text).rstrip(" .…")
    has = _HAS_COUNT.match(text)
    if has is not None and has["subj"].split()[0] not in _PRONOUNS:
        subj = "the" + has["subj"][3:] if has["subj"].startswith("The ") else has["subj"]
        return f"How many {has['noun']} {'does' if has['aux'] == 'has' else 'do'} {subj} have"
    m = _PARTNER_COUNT.search(text)
    if m is None or not _TRAILING_CLAUSE.match(m["after"]) or names.kind_of(m["subj"]) != "country":
        return None
    verb, obj = m["verb"], m["obj"]
    # "has signed extradition treaties with 48 countries/territories and has entered into extradition arrangements
    # with [how many?] countries": the count is the second clause's, and the first keeps its own figure
    second = _SECOND_CLAUSE.search(obj)
    if second is not None:
        verb, obj = second["verb"], second["obj"]
    if re.search(r"\bwith\s+\d", obj):
        return None  # another count inside the object: the question would carry two
    # one agreement with each of N partners: "signed Social Security Agreement (SSA) with 18 countries" is
    # the source's slip for the plural, which the question writes
    obj = _SINGULAR_INSTRUMENT.sub(_plural_named, obj)
    return f"With how many {m['noun']} {m['aux']} {m['subj']} {m['adv'] or ''}{verb} {obj}"


_SECOND_CLAUSE = re.compile(r"\s+and\s+(?:has|have|had)\s+(?:also\s+)?(?P<verb>[a-z]+(?:ed|en|wn|ne|lt|pt|ght|t))\s+"
                            r"(?P<obj>[^,;:\[\]]+)$")


_SINGULAR_INSTRUMENT = re.compile(r"(?P<noun>\b(?:[A-Z][\w-]*\s+)*(?:Agreement|Treaty|Memorandum of Understanding|"
                                  r"Convention|Protocol))(?:\s+\((?P<abbr>[A-Z]{2,})\))?$")


# "has signed Social Security Agreement (SSA) with 18 countries": one instrument per partner
_SINGULAR_WITH_PARTNERS = re.compile(
    r"(?P<verb>\b(?:signed|concluded|operationalised|operationalized|ratified)\s+)"
    r"(?P<noun>(?:[A-Z][\w-]*\s+)*(?:Agreement|Treaty|Memorandum of Understanding|Convention|Protocol))"
    r"(?:\s+\((?P<abbr>[A-Z]{2,})\))?(?P<with>\s+with\s+(?:\d+|[a-z]+)\s+(?:other\s+)?(?:countries|nations|states)\b)")


def plural_partners(text: str) -> str:
    """The source's singular instrument with a count of partners, in the plural a paper writes.

    Round 9's reader marked "India has signed Social Security Agreement (SSA) with 23 countries"
    needs-edit: with N partners there are N agreements. The figure and every other word stay, so the
    statement is still judged by the same count.
    """
    return _SINGULAR_WITH_PARTNERS.sub(lambda m: f"{m['verb']}{_plural_named(m)}{m['with']}", text)
