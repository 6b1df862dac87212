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
