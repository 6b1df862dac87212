from __future__ import annotations

import pytest

from quizapp.banks import names


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("USA", "United States"), ("U.S.", "United States"), ("United States of America", "United States"),
        ("UAE", "United Arab Emirates"), ("Hongkong SAR", "Hong Kong"), ("Bosnia & Herzegovina", "Bosnia and Herzegovina"),
        ("South Korea", "South Korea"), ("Republic of Korea", "South Korea"), ("Russian Federation", "Russia"),
        ("Iran", "Iran"), ("Viet Nam", "Vietnam"), ("Laos PDR", "Laos"), ("Lao People's Democratic Republic", "Laos"),
        ("Brunei Darussalam", "Brunei"), ("Kyrgyz Republic", "Kyrgyzstan"), ("Afganistan", "Afghanistan"),
        ("Turkey", "Turkey"), ("Türkiye", "Turkey"), ("Sri Lanka", "Sri Lanka"), ("the Maldives", "Maldives"),
        ("SAARC", "SAARC"), ("ASEAN", "ASEAN"), ("BIMSTEC", "BIMSTEC"), ("UN", "United Nations"),
        ("NSG", "Nuclear Suppliers Group"), ("Nuclear Suppliers Group", "Nuclear Suppliers Group"), ("Quad", "Quad"),
    ],
)
def test_normalise(raw, canonical):
    assert names.normalise(raw) == canonical


@pytest.mark.parametrize("raw", ["Xinjiang", "Beijing", "Africa", "us", "Who", "Austrian", "Doklam", ""])
def test_not_a_country_or_organisation(raw):
    assert names.normalise(raw) is None


def test_fuzzy_never_confuses_neighbours():
    assert names.normalise("Austria") == "Austria"
    assert names.normalise("Niger") == "Niger"
    assert names.normalise("Iraq") == "Iraq"
    assert names.normalise("Slovakia") == "Slovakia"


def test_kind_and_same():
    assert names.kind_of("USA") == "country"
    assert names.kind_of("BIMSTEC") == "organisation"
    assert names.kind_of("Delhi") is None
    assert names.same("USA", "United States")
    assert names.same("Hongkong SAR", "Hong Kong")
    assert not names.same("Austria", "Australia")
    assert names.same("Northern Command", "northern command")


def test_country_pool_is_deterministic_and_canonical():
    pool = names.all_countries()
    assert pool == sorted(pool)
    assert "Vietnam" in pool and "Viet Nam" not in pool and "United States" in pool
