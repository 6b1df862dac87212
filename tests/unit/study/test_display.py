from quizapp.study.display import without_quote

QUOTE = "Then Prime Minister Rajiv Gandhi’s made a groundbreaking visit to Beijing in 1988."


def test_the_trailing_source_quote_is_not_repeated():
    explanation = ("The year is 1988. Source: Basix Education (2018): “Then Prime Minister Rajiv Gandhi’s\n"
                   "    made a groundbreaking visit to Beijing in 1988.”")
    assert without_quote(explanation, QUOTE) == "The year is 1988."


def test_a_parenthetical_citation_of_the_quote_goes():
    explanation = "Statement 2 is incorrect: the source gives 1988 (“" + QUOTE + "”). Statement 1 is correct."
    assert without_quote(explanation, QUOTE) == "Statement 2 is incorrect: the source gives 1988. Statement 1 is correct."


def test_an_explanation_without_the_quote_is_kept():
    assert without_quote("Because the treaty says so.", QUOTE) == "Because the treaty says so."
    assert without_quote(None, QUOTE) == ""


LIST_QUOTE = ("India has so far operationalised these Treaties with the following 34 countries:-\n"
              "Australia Bahrain Bangladesh Belarus Bulgaria\nBosnia & Herzegovina Canada Egypt France Iran\n"
              "Uzbekistan Vietnam Hongkong SAR")


def test_a_quote_cut_short_with_an_ellipsis_is_not_repeated_either():
    """Issue 20 #8, as the first-use journey found it on a shipped list MCQ: the evidence quotes the list up to
    "…", the quote below shows it whole."""
    explanation = ("In the list: Canada; not in the list: Qatar. So the answer is “Only one”. Source: Ministry of Home "
                   "Affairs (2013–14): “India has so far operationalised these Treaties with the following 34 countries:- "
                   "Australia Bahrain Bangladesh Belarus Bulgaria Bosnia & Herzegovina Canada …”")
    assert without_quote(explanation, LIST_QUOTE) == (
        "In the list: Canada; not in the list: Qatar. So the answer is “Only one”.")


def test_a_short_phrase_or_another_passage_in_quotes_is_kept():
    assert without_quote("So the answer is “Only two”.", LIST_QUOTE) == "So the answer is “Only two”."
    other = "The report says “nothing of the kind happened in the year under review”."
    assert without_quote(other, LIST_QUOTE) == other


def test_every_citation_of_the_quote_goes_as_a_statements_item_cites_each_sentence_and_then_the_passage():
    quote = ("The pact was signed in April 2018 in Wuhan. India has Social Security Agreements with 18 countries.")
    explanation = ("Statement 1 is correct: the source gives April 2018 (“The pact was signed in April 2018 in Wuhan.”). "
                   "Statement 2 is wrong: the source gives 18 (“India has Social Security Agreements with 18 "
                   "countries.”). Source: PIB (2018): “" + quote + "”")
    shown = without_quote(explanation, quote)
    assert shown == "Statement 1 is correct: the source gives April 2018. Statement 2 is wrong: the source gives 18."
    assert "Wuhan" not in shown and "Source:" not in shown
