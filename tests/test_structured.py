"""The structured-data toolkit: health aspects, site settings, the schema.org subset and validate-jsonld."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import cstcontent
from cstcontent import cli
from cstcontent.errors import GuideValueError, SourceError
from cstcontent.model import HEALTH_ASPECTS, Therapy
from cstcontent.site import Publisher, SiteSettings, load_site_config
from cstcontent.structured.aspects import default_aspect, section_aspect
from cstcontent.structured.faq import GOOGLE_FAQ_NOTE
from cstcontent.structured.validate import validate_bytes, validate_file
from cstcontent.structured.vocabulary import vocabulary

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "fixtures"
DATA = Path(__file__).parent / "data" / "jsonld"
# Whole nodes of the schema.org vocabulary (CC BY-SA 3.0, see the NOTICE.md beside it).
VOCABULARY_EXCERPT = Path(__file__).parent / "data" / "schemaorg" / "excerpt.jsonld"
SUBSET_DIR = ROOT / "src" / "cstcontent" / "structured" / "data"


def problems(path: Path) -> list[str]:
    return [str(problem) for problem in validate_file(path)]


def problems_of(document: object) -> list[str]:
    return [str(problem) for problem in validate_bytes(json.dumps(document).encode(), html=False)]


# --- health aspects -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "aspect"),
    [
        ("What the evidence says", "EffectivenessHealthAspect"),
        ("How craniosacral therapy helps", "HowItWorksHealthAspect"),
        ("What to expect", "PatientExperienceHealthAspect"),
        ("When to see a doctor", "SeeDoctorHealthAspect"),
        ("When to see a dentist or doctor", "SeeDoctorHealthAspect"),
        ("When to get urgent help", "SeeDoctorHealthAspect"),
        ("Safety", "SafetyHealthAspect"),
        ("Side effects", "SideEffectsHealthAspect"),
        ("Looking after your jaw at home", "SelfCareHealthAspect"),
        ("Before you book", "OverviewHealthAspect"),
    ],
)
def test_common_headings_get_a_default_aspect(heading: str, aspect: str) -> None:
    assert default_aspect(heading) == aspect


def test_an_explicit_aspect_wins_and_is_checked() -> None:
    section = cstcontent.load(FIXTURES / "migraine.md").sections[1]
    assert section.heading == "What the evidence says"
    assert section_aspect(section) == "EffectivenessHealthAspect"
    explicit = attrs.evolve(section, health_aspect="MisconceptionsHealthAspect")
    assert section_aspect(explicit) == "MisconceptionsHealthAspect"
    with pytest.raises(GuideValueError, match="did you mean 'SafetyHealthAspect'"):
        attrs.evolve(section, health_aspect="SaftyHealthAspect")


def test_the_aspects_are_exactly_schema_org_health_aspects() -> None:
    members = vocabulary().members
    assert set(HEALTH_ASPECTS) == {
        name for name, kinds in members.items() if "HealthAspectEnumeration" in kinds
    }


# --- site settings ----------------------------------------------------------------------

CONFIG = """\
[site]
name = "Example Craniosacral Clinic"
base_url = "https://example.org/conditions"
language = "en-GB"

[site.publisher]
name = "Example Craniosacral Clinic Ltd"
url = "https://example.org/"
logo = "https://example.org/logo.png"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cstcontent.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_site_config_is_read(tmp_path: Path) -> None:
    site = load_site_config(write(tmp_path, CONFIG))
    assert site == SiteSettings(
        name="Example Craniosacral Clinic",
        base_url="https://example.org/conditions",
        language="en-GB",
        publisher=Publisher(
            name="Example Craniosacral Clinic Ltd",
            url="https://example.org/",
            logo="https://example.org/logo.png",
        ),
    )
    assert site.canonical_url("migraine") == "https://example.org/conditions/migraine"
    assert site.home_url == "https://example.org/"
    assert load_site_config(write(tmp_path, "")) == SiteSettings()


def test_the_site_therapy_is_every_guide_s_unless_its_front_matter_names_one(tmp_path: Path) -> None:
    text = '[site.therapy]\nname = "Craniosacral therapy"\nurl = "https://example.org/cst"\n'
    site = load_site_config(write(tmp_path, text))
    assert site.therapy == Therapy("Craniosacral therapy", url="https://example.org/cst")
    guide = cstcontent.load(ROOT / "fixtures" / "sciatica.md")
    assert guide.therapy is None
    assert site.place(guide).therapy == site.therapy
    own = attrs.evolve(guide, therapy=Therapy("Osteopathy", possible_treatment=True))
    assert site.place(own).therapy == own.therapy


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[site]\nnmae = "x"\n',
            "unknown key 'site.nmae'; [site] may have: name, base_url, language, description, license,"
            " publisher, therapy",
        ),
        ('[sites]\nname = "x"\n', "unknown key 'sites'; the file may have: site"),
        ('[site.publisher]\nname = "x"\nlogo_url = "y"\n', "unknown key 'site.publisher.logo_url'"),
        ("[site]\nname = 3\n", "site.name must be a string, not an integer"),
        ('[site]\npublisher = "x"\n', "site.publisher must be a table, not a string"),
        ('[site]\nbase_url = "example.org"\n', "site.base_url: URL 'example.org' must be an absolute"),
        ('[site]\nbase_url = "https://example.org/?a=1"\n', "must not have a ?query or #fragment"),
        ('[site]\nlanguage = "english!"\n', "site.language: language 'english!' is not a BCP 47"),
        ('[site.publisher]\nurl = "https://example.org/"\n', "site.publisher.name is missing"),
        ('[site.therapy]\nurl = "https://example.org/"\n', "site.therapy.name is missing"),
        (
            '[site.therapy]\nname = "CST"\npossible_treatment = true\n',
            "unknown key 'site.therapy.possible_treatment'; [site.therapy] may have: name, url",
        ),
        ("[site\n", "not valid TOML"),
    ],
)
def test_site_config_errors_name_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SourceError) as caught:
        load_site_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_a_missing_config_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read the config file: No such file"):
        load_site_config(tmp_path / "missing.toml")


def test_site_settings_are_validated() -> None:
    with pytest.raises(GuideValueError, match="absolute"):
        SiteSettings(base_url="/conditions/")
    with pytest.raises(GuideValueError, match="single line"):
        Publisher(name="Two\nlines")


# --- the packaged schema.org subset -------------------------------------------------------


def _build_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_schema_subset", ROOT / "scripts" / "build_schema_subset.py"
    )
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    return script


def test_the_subset_is_what_the_script_builds_from_the_vocabulary() -> None:
    """Each entry the script builds from an excerpt of the vocabulary is in the packaged subset, unchanged."""
    script = _build_script()
    built = script.build(json.loads(VOCABULARY_EXCERPT.read_text(encoding="utf-8")), "30.0")
    packaged = json.loads((SUBSET_DIR / "schemaorg-subset.json").read_text(encoding="utf-8"))
    assert built["license"] == packaged["license"]
    assert built["release"] == packaged["release"]
    assert set(built["datatypes"]) <= set(packaged["datatypes"])
    for table in ("types", "members", "properties", "superseded"):
        assert built[table], table
        for name, entry in built[table].items():
            assert packaged[table][name] == entry, f"{table}.{name}"
    assert built["types"]["MedicalWebPage"] == ["WebPage"]
    assert built["superseded"]["language"] == "inLanguage"
    assert json.loads(script.dumps(built)) == built


def test_the_script_takes_the_vocabulary_path(tmp_path: Path) -> None:
    output = tmp_path / "subset.json"
    script = ROOT / "scripts" / "build_schema_subset.py"
    result = subprocess.run(
        [sys.executable, str(script), str(VOCABULARY_EXCERPT), "--output", str(output)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(output.read_text(encoding="utf-8"))["types"]["FAQPage"] == ["WebPage"]
    missing = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=False)
    assert missing.returncode == 2
    assert "VOCABULARY" in missing.stderr


def test_the_subset_keeps_its_licence_notice() -> None:
    data = json.loads((SUBSET_DIR / "schemaorg-subset.json").read_text(encoding="utf-8"))
    assert "CC BY-SA 3.0" in data["license"]
    notice = (SUBSET_DIR / "NOTICE.md").read_text(encoding="utf-8")
    assert "CC BY-SA 3.0" in notice
    assert "https://creativecommons.org/licenses/by-sa/3.0/" in notice


def test_the_vocabulary_knows_types_properties_and_data_types() -> None:
    schema = vocabulary()
    assert schema.release == "30.0"
    assert schema.is_a("MedicalWebPage", "WebPage")
    assert schema.is_a("Patient", "Person")
    assert schema.properties["acceptedAnswer"].ranges == ("Answer", "ItemList")
    assert {"Text", "URL", "Integer", "Date", "Duration"} <= schema.datatypes
    assert "Question" not in schema.datatypes
    assert schema.superseded["language"] == "inLanguage"


def test_nothing_structured_is_imported_by_import_cstcontent() -> None:
    lazy = ("cstcontent.structured", "cstcontent.site", "cstcontent.exporters.jsonld", "html5lib", "tomllib")
    code = f"import sys, cstcontent; print(sorted(m for m in sys.modules if m.startswith({lazy!r})))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_vocabulary_is_read_on_the_first_validation_not_on_import() -> None:
    code = (
        "import cstcontent.structured.validate, cstcontent.structured.vocabulary as v\n"
        "print(v.vocabulary.cache_info().currsize)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0"


# --- validate-jsonld: inputs from anywhere -------------------------------------------------


def test_another_sites_page_passes() -> None:
    """http and https schema.org, @graph, arrays of nodes, @type arrays, references, compact IRIs."""
    assert problems(DATA / "other-site.html") == []


def test_missing_accepted_answer() -> None:
    assert problems(DATA / "missing-answer.jsonld") == [
        "error: $.mainEntity[1]: the Question has no acceptedAnswer"
    ]


def test_empty_text_and_name() -> None:
    assert problems(DATA / "empty-answer.html") == [
        "error: $[0].mainEntity[1].acceptedAnswer.text: the answer's text is empty",
        "error: $[0].mainEntity[2].name: the Question's name is empty",
        "error: $[0].mainEntity[2].acceptedAnswer.text: the answer's text is empty",
    ]


def test_misspelled_property() -> None:
    assert problems(DATA / "misspelled-property.jsonld") == [
        "error: $.mainEntity[0].acceptedAnwser: unknown schema.org property 'acceptedAnwser'"
        " (did you mean 'acceptedAnswer'?)",
        "error: $.mainEntity[0]: the Question has no acceptedAnswer",
    ]


def test_values_of_the_wrong_type() -> None:
    assert problems(DATA / "wrong-type.jsonld") == [
        "error: $.lastReviewed: 'last Tuesday' is not a valid 'lastReviewed': expected Date (YYYY-MM-DD)",
        "error: $.inLanguage: 'inLanguage' expects Language or Text, not the number 42",
        "error: $.about.possibleTreatment: 'possibleTreatment' expects Drug, DrugClass, LifestyleModification"
        " or MedicalTherapy, not a Person",
        "error: $.hasPart[0].hasHealthAspect: 'https://schema.org/EvidenceHealthAspect' is not a valid"
        " 'hasHealthAspect': expected HealthAspectEnumeration",
    ]


def test_two_faq_pages() -> None:
    assert problems(DATA / "two-faqpages.html") == [
        "error: $[1]: a second FAQPage (the first is at $[0]); a page has one"
    ]


def test_a_raw_script_end_tag_inside_a_string_cuts_the_block() -> None:
    (problem,) = problems(DATA / "script-end.html")
    assert problem.startswith(
        "error: $[0]: invalid JSON at line 3, column 100 of the script: Unterminated string;"
    )
    assert "'</script>'" in problem


def test_json_is_parsed_strictly_unlike_extruct() -> None:
    import extruct

    page = (DATA / "trailing-comma.html").read_text(encoding="utf-8")
    assert extruct.extract(page, syntaxes=["json-ld"])["json-ld"] == [
        {"@context": "https://schema.org", "@type": "WebPage", "name": "Colic"}
    ]
    assert problems(DATA / "trailing-comma.html") == [
        "error: $[0]: invalid JSON at line 2, column 72 of the script:"
        " Expecting property name enclosed in double quotes"
    ]
    assert problems_of({"@type": "Thing", "nam": "x"}) == [
        "error: $: no @context: consumers cannot tell that the terms are schema.org",
        "error: $.nam: unknown schema.org property 'nam' (did you mean 'name'?)",
    ]
    nan = validate_bytes(
        b'{"@context": "https://schema.org", "@type": "Rating", "ratingValue": NaN}', html=False
    )
    assert [str(p) for p in nan] == ["error: $: invalid JSON: NaN is not allowed in JSON"]
    repeated = validate_bytes(
        b'{"@context": "https://schema.org", "@type": "Thing", "name": "a", "name": "b"}', html=False
    )
    assert [str(p) for p in repeated] == ["warning: $: the keys 'name' are repeated; consumers differ"]


def test_markup_the_page_does_not_show_and_unusual_answer_tags_are_warnings() -> None:
    assert problems(DATA / "not-shown.html") == [
        "warning: $[0].mainEntity[0].acceptedAnswer.text: the answer uses <code>; Google keeps only"
        " p, ul, ol, li, a, strong, em, b, i, br, h1-h6 and div and drops the rest",
        "warning: $[0].mainEntity[1].name: the question 'How much does CST cost?' is not shown on the page;"
        " markup must match what is shown",
        "warning: $[0].mainEntity[1].acceptedAnswer.text: the answer uses <table>, <tbody>, <td>, <tr>;"
        " Google keeps only p, ul, ol, li, a, strong, em, b, i, br, h1-h6 and div and drops the rest",
        "warning: $[0].mainEntity[1].acceptedAnswer.text: the answer is not shown on the page;"
        " markup must match what is shown",
    ]


def test_types_properties_and_domains() -> None:
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": ["WebPage", "Questoin"], "name": "x"},
            {"@type": "InStock"},
            {"@type": "Question", "name": "Why?", "possibleTreatment": {"@id": "#therapy"}},
            {"@type": "WebPage", "language": "en"},
            {
                "@type": "Thing",
                "@bogus": 1,
                "url": {"@id": "https://example.org/"},
                "name": {"@type": "Person"},
            },
        ],
    }
    assert problems_of(document) == [
        "error: $['@graph'][0]['@type'][1]: unknown schema.org type 'Questoin' (did you mean 'Question'?)",
        "error: $['@graph'][1]['@type']: 'InStock' is a value of ItemAvailability, not a type",
        "error: $['@graph'][2].possibleTreatment: 'possibleTreatment' is not a property of Question;"
        " it belongs to MedicalCondition or MedicalSignOrSymptom",
        "warning: $['@graph'][3].language: the property 'language' is superseded by 'inLanguage'",
        "error: $['@graph'][3].language: 'language' is not a property of WebPage;"
        " it belongs to CommunicateAction or WriteAction",
        "warning: $['@graph'][4]['@bogus']: '@bogus' is not a JSON-LD keyword; consumers ignore it",
        "error: $['@graph'][4].name: 'name' expects Text, not a Person",
    ]


def test_terms_outside_schema_org_are_left_alone() -> None:
    foreign = {"@context": "https://w3id.org/other/context.jsonld", "@type": "Widget", "colour": "red"}
    assert problems_of(foreign) == [
        "warning: $['@context']: the @context 'https://w3id.org/other/context.jsonld' is not schema.org,"
        " so its terms are not checked"
    ]
    mixed = {
        "@context": ["https://schema.org", {"foaf": "http://xmlns.com/foaf/0.1/"}],
        "@type": "Person",
        "foaf:nick": "Al",
        "http://schema.org/jobTitle": "Therapist",
        "schema:givenName": "Alex",
        "schema:givenNmae": "Alex",
    }
    assert problems_of(mixed) == [
        "error: $['schema:givenNmae']: unknown schema.org property 'givenNmae' (did you mean 'givenName'?)"
    ]


def test_a_context_may_name_schema_org_its_own_way() -> None:
    document = {
        "@context": {"s": "https://schema.org/", "title": "s:name", "Q": {"@id": "s:Questoin"}},
        "@type": "Q",
        "title": "x",
        "s:nmae": "y",
    }
    assert problems_of(document) == [
        "error: $['@type']: unknown schema.org type 'Questoin' (did you mean 'Question'?)",
        "error: $['s:nmae']: unknown schema.org property 'nmae' (did you mean 'name'?)",
    ]


def test_deep_nesting_is_reported_not_crashed() -> None:
    deep = (
        b'{"@context": "https://schema.org", "@type": "Thing", "a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    )
    assert [str(p) for p in validate_bytes(deep, html=False)] == [
        "error: $: invalid JSON: nested too deeply to read"
    ]
    page = b"<!DOCTYPE html><title>x</title>" + b"<div>" * 5_000 + b"text" + b"</div>" * 5_000
    assert [str(p) for p in validate_bytes(page, html=True)] == [
        'warning: $: no JSON-LD: the page has no <script type="application/ld+json">'
    ]


# --- the command -------------------------------------------------------------------------------


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        status = cli.main(["validate-jsonld", *map(str, argv)], stdout=out, stderr=err)
    except SystemExit as exit_:  # argparse's usage errors
        status = exit_.code if isinstance(exit_.code, int) else 2
    return status, out.getvalue(), err.getvalue()


def test_command_prints_file_severity_path_and_message() -> None:
    path = DATA / "missing-answer.jsonld"
    status, out, err = run(path)
    assert status == 1
    assert out == f"{path}: error: $.mainEntity[1]: the Question has no acceptedAnswer\n"
    assert err.splitlines()[-1] == "1 file checked: 1 error, 0 warnings"
    assert err.startswith("note: FAQ rich results no longer appear in Google Search")


def test_command_exit_status_and_strict(tmp_path: Path) -> None:
    warnings_only = DATA / "not-shown.html"
    assert run(warnings_only)[0] == 0
    assert run("--strict", warnings_only)[0] == 1
    assert run(DATA / "other-site.html") == (0, "", f"note: {GOOGLE_FAQ_NOTE}\n1 file checked: no problems\n")
    status, out, _ = run(tmp_path / "missing.html")
    assert status == 1
    assert out.startswith(f"{tmp_path / 'missing.html'}: error: $: cannot read the file:")
    assert run()[0] == 2


def test_command_is_part_of_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cstcontent", "validate-jsonld", "--strict", str(DATA / "other-site.html")],
        capture_output=True,
        text=True,
        check=False,
    )
    expected = f"note: {GOOGLE_FAQ_NOTE}\n1 file checked: no problems\n"
    assert (result.returncode, result.stdout, result.stderr) == (0, "", expected)


def test_files_are_told_apart_by_suffix_then_content(tmp_path: Path) -> None:
    graph = cstcontent.export(cstcontent.load(FIXTURES / "sciatica.md"), "jsonld", graph=True)
    for name in ("graph.txt", "graph"):
        (tmp_path / name).write_text(graph, encoding="utf-8")
        assert validate_file(tmp_path / name) == []
    (tmp_path / "page").write_text("<!DOCTYPE html><p>hi</p>", encoding="utf-8")
    assert [p.message for p in validate_file(tmp_path / "page")] == [
        'no JSON-LD: the page has no <script type="application/ld+json">'
    ]


def test_our_own_output_is_checked_for_script_breaking_strings(tmp_path: Path) -> None:
    guide = cstcontent.load(FIXTURES / "sciatica.md")
    raw = json.dumps({"@context": "https://schema.org", "@type": "FAQPage", "name": "a </script> b"})
    assert [str(p) for p in validate_bytes(raw.encode(), html=False)] == [
        "warning: $: a string contains '</script', which ends or breaks a <script> element",
        "error: $: the FAQPage has no mainEntity: list its Questions there",
    ]
    hostile = attrs.evolve(guide, title="a </script><!-- b")
    assert validate_bytes(cstcontent.export(hostile, "jsonld").encode(), html=False) == []
