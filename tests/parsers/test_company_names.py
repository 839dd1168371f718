"""Company names from domains and ATS accounts: spelled by the text, else read from the domain."""

from __future__ import annotations

import pytest

from afterview.parsers.company_names import (
    looks_like_company,
    name_for_mistyped,
    name_for_slug,
    name_from_slug,
    squash,
)


def test_squash_folds_accents_so_domains_match_written_names() -> None:
    assert squash("Studio Boréal") == "studioboreal"
    assert squash("Société Générale") == "societegenerale"


def test_a_slug_finds_an_accented_name_in_the_text() -> None:
    phrases = ["Bonjour Alex", "Groupe Santé Riveraine", "Québec"]
    assert name_for_slug("santeriveraine", phrases) == "Groupe Santé Riveraine"


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("ironbarksystems", "Ironbark Systems"),
        ("tidewaterfoods", "Tidewater Foods"),
        ("atelierhamelin", "Atelier Hamelin"),
        ("northwindlogistics", "Northwind Logistics"),
        ("lumina-retail", "Lumina Retail"),
        ("hydrosolutionsmtl", "Hydro Solutions Mtl"),
        ("quillstack", "Quillstack"),
    ],
)
def test_an_unspelled_domain_is_read_as_words_around_its_industry_words(
    label: str, name: str
) -> None:
    assert name_from_slug(label) == name


def test_words_too_short_to_stand_alone_do_not_split_a_domain() -> None:
    # "group" + "on", "bank" + "s": a side of one or two letters is no word.
    assert name_from_slug("groupon") == "Groupon"
    assert name_from_slug("banks") == "Banks"


def test_a_short_hyphenated_piece_is_an_abbreviation_and_dropped() -> None:
    assert name_from_slug("bramblewood-ins") == "Bramblewood"


def test_the_text_spelling_of_a_domain_word_keeps_its_accents() -> None:
    assert name_from_slug("studioboreal", ["Merci", "Boréal"]) == "Studio Boréal"
    assert name_from_slug("solsticeenergie", ["Énergie"]) == "Solstice Énergie"


@pytest.mark.parametrize(
    ("name", "company"),
    [
        ("Pelican Hotels & Resorts", True),
        ("Coop Laurentide", True),
        ("Harbor & Finch LLP", True),
        ("Brandon Li", False),
        ("Leah Kim", False),
    ],
)
def test_organisations_carry_industry_words_legal_forms_or_ampersands(
    name: str, company: bool
) -> None:
    assert looks_like_company(name) is company


def test_a_domain_may_leave_out_the_small_words_of_a_name() -> None:
    phrases = ["Bonjour", "Ville de Saint-Aurèle", "Merci"]
    assert name_for_slug("ville-saintaurele", phrases) == "Ville de Saint-Aurèle"


def test_a_mistyped_domain_finds_the_name_one_letter_away() -> None:
    assert name_for_mistyped("quillonheath", ["Hi Andre", "Quillon Health"]) == "Quillon Health"
    assert name_for_mistyped("quillonhealth", ["Quillon Health"]) is None  # spelled: no typo
    assert name_for_mistyped("acmeco", ["Acme Co."]) is None  # too short to guess


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("brambleandco", "Bramble and Co"),
        ("nordikagrotech", "Nordik Agrotech"),
        ("cimentsboreal", "Ciments Boreal"),
        ("pecheriesgaspesie", "Pecheries Gaspesie"),
        ("copperleafdesign", "Copperleaf Design"),
    ],
)
def test_firm_and_compound_industry_words_split_a_domain(label: str, name: str) -> None:
    assert name_from_slug(label) == name


@pytest.mark.parametrize(
    ("slug", "phrase"),
    [
        ("bbanalytics", "Brisebois Bay Analytics"),
        ("lakeshorecu", "Lakeshore Credit Union"),
        ("mapleleafcu", "Maple Leaf Credit Union"),
    ],
)
def test_a_domain_may_spell_some_words_of_a_name_by_their_initials(slug: str, phrase: str) -> None:
    assert name_for_slug(slug, ["Thanks Alex", phrase]) == phrase


def test_initials_alone_or_too_few_letters_spell_no_name() -> None:
    assert name_for_slug("acme", ["Alpha Charlie Mike Echo"]) is None
    assert name_for_slug("bcu", ["Brisebois Credit Union"]) is None


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("ledgerlyhq", "Ledgerly"),
        ("tryledgerly", "Ledgerly"),
        ("joinhoney", "Honey"),
        ("getty", "Getty"),
    ],
)
def test_a_start_ups_domain_wraps_its_name_in_get_try_join_or_hq(label: str, name: str) -> None:
    assert name_from_slug(label) == name


@pytest.mark.parametrize(
    ("slug", "phrases", "name"),
    [
        ("pellucidhealth", ["Pellucid Health's EHR"], "Pellucid Health"),
        ("pellucidhealth", ["Pellucid Health\u2019s"], "Pellucid Health"),
        # A name that ends in 's, its domain spelling it: kept whole.
        ("macys", ["Macy's"], "Macy's"),
    ],
)
def test_a_domain_spells_a_name_without_its_possessive(
    slug: str, phrases: list[str], name: str
) -> None:
    assert name_for_slug(slug, phrases) == name


@pytest.mark.parametrize(
    ("label", "written", "name"),
    [
        # A partner signs ("Ben Harrow"): the firm's name spells "and" between the partners.
        ("harrowandcoleman", ["Ben", "Harrow"], "Harrow and Coleman"),
        # Nothing written: "and" may be inside a word.
        ("harrowandcoleman", [], "Harrowandcoleman"),
        ("highlandcapital", ["Highland"], "Highland Capital"),
    ],
)
def test_partners_in_a_domain_are_read_when_the_mail_writes_one(
    label: str, written: list[str], name: str
) -> None:
    assert name_from_slug(label, written) == name


@pytest.mark.parametrize(
    ("slug", "phrase", "name"),
    [
        ("halden", "Region of Halden", "Region of Halden"),
        ("saint-aurele", "Municipalité de Saint-Aurèle", "Municipalité de Saint-Aurèle"),
        ("horizonnord", "Fondation Horizon Nord", "Fondation Horizon Nord"),
        # A small word before the name with no organisation's type before it stays out.
        ("halden", "Welcome to Halden", "Halden"),
    ],
)
def test_an_organisations_type_before_its_name_is_part_of_it(
    slug: str, phrase: str, name: str
) -> None:
    assert name_for_slug(slug, ["Dear Alex", phrase]) == name


def test_a_legal_form_the_domain_spells_stays_in_the_name() -> None:
    assert name_for_slug("bluestemag", ["Bluestem Ag"]) == "Bluestem Ag"
    assert name_for_slug("bluestem", ["Bluestem AG"]) == "Bluestem"
