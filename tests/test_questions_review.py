"""Questions behind the fixes of the independent review (issue 16, part 2), asked of the built graph in SPARQL.

Each test asks what a user would ask and asserts the exact answer the articles give; its docstring quotes the
sentence the answer comes from (sources in shared/sources/: KEI 2013-05-24, Foreign Affairs 2015-01-21).
"""

from __future__ import annotations

from pathlib import Path

from conftest import select, short

from diplokg.catalogue import load_catalogue
from diplokg.query import answer

QUERIES = Path(__file__).resolve().parents[1] / "queries"


def ask(engine, name: str, **given: str) -> list[dict[str, str]]:
    """A catalogue question's rows (IRIs shortened) for the given raw parameter values."""
    result = answer(engine, load_catalogue(QUERIES)[name], given, with_labels=False).result
    return [{k: short(t.value) for k, t in zip(result.vars, row, strict=True) if t is not None} for row in result.as_list()]


def rows_of(rows: list[dict[str, str]], *keys: str) -> set[tuple[str | None, ...]]:
    """The rows as a set of tuples of the given variables (None where a variable is unbound)."""
    return {tuple(row.get(k) for k in keys) for row in rows}


# --- Topics ----------------------------------------------------------------------------------------------


def test_what_japans_responsible_stakeholder_initiative_is_about(oxigraph) -> None:
    """What is Japan's effort to become a responsible stakeholder about?

    "Japan is currently making efforts of its own to transition from a peripheral player in the Korean peninsula,
    narrowly focused on its own abductee issue, to a responsible stakeholder capable of building regional peace."
    The abductee issue is what Japan moves away from, not the initiative's topic.
    """
    rows = select(oxigraph, "SELECT ?topic WHERE { event:japan-responsible-stakeholder-initiative dkg:topic ?topic }")
    assert rows_of(rows, "topic") == {("topic:regional-peace",)}


def test_which_acts_are_about_the_abduction_issue(oxigraph) -> None:
    """Which acts and episodes are about the abduction of Japanese citizens?

    KEI: "the Japanese government considering the resumption of talks with Pyongyang on the abduction of Japanese
    citizens" / "the prospective talks with North Korea regarding the abduction issue". Foreign Affairs: "the
    abduction of possibly hundreds of Japanese citizens during the Cold War" / "North Korea welcomed a delegation of
    Japanese officials [...] to discuss new investigations into the hostages’ whereabouts" / "discuss their
    outstanding issues with North Korea, such as the whereabouts of the Japanese abductees".
    """
    rows = select(oxigraph, "SELECT DISTINCT ?act WHERE { ?act a dkg:Event ; dkg:topic topic:abduction-of-japanese-citizens }")
    assert rows_of(rows, "act") == {
        ("event:2013-05-japan-considers-resuming-abduction-talks",),
        ("event:2013-japan-north-korea-abduction-talks",),
        ("event:north-korea-abduction-of-japanese-citizens",),
        ("event:2014-10-japanese-officials-visit-to-north-korea",),
        ("event:2014-10-japan-north-korea-talks-on-abductees",),
        ("event:japan-south-korea-talks-with-north-korea-on-outstanding-issues-recommended",),
    }


def test_which_acts_are_about_separated_families(oxigraph) -> None:
    """Which acts are about the families separated by the Korean War?

    "discuss their outstanding issues with North Korea, such as the whereabouts of the Japanese abductees; reuniting
    families that were separated by the 1950-53 Korean War" / "for example, family reunification". The war separated
    the families; it is not about them.
    """
    rows = select(oxigraph, "SELECT DISTINCT ?act WHERE { ?act a dkg:Event ; dkg:topic topic:separated-families }")
    assert rows_of(rows, "act") == {
        ("event:separated-families-reunions-hypothetical",),
        ("event:japan-south-korea-talks-with-north-korea-on-outstanding-issues-recommended",),
    }


def test_which_acts_are_about_denuclearization(oxigraph) -> None:
    """Which acts are about de-nuclearization? Not North Korea's nuclear program, which it would end.

    "Skeptics might argue [...] while it gets to keep its nuclear program" / "could eventually open channels for
    negotiations over non-proliferation and possibly even de-nuclearization. One potential avenue for resuming these
    discussions is the six-party talks."
    """
    rows = select(oxigraph, "SELECT DISTINCT ?act WHERE { ?act a dkg:Event ; dkg:topic topic:denuclearization }")
    assert rows_of(rows, "act") == {
        ("event:nonproliferation-denuclearization-negotiations-hypothetical",),
        ("event:six-party-talks-resumption-hypothetical",),
    }


# --- Labels from outside an article ------------------------------------------------------------------------


def test_where_the_full_name_of_the_korea_economic_institute_comes_from(oxigraph) -> None:
    """Which graph names the Korea Economic Institute "of America", and on what authority?

    The KEI article says only "the Korea Economic Institute" ("Troy Stangarone is the Senior Director for
    Congressional Affairs and Trade for the Korea Economic Institute.") and "KEI": the full name comes from outside
    it, so it sits in the shared entities with a note saying where it comes from, never in the article's graph.
    """
    rows = select(
        oxigraph,
        """SELECT ?graph ?note WHERE {
             GRAPH ?graph { organization:korea-economic-institute rdfs:label "Korea Economic Institute of America"@en }
             OPTIONAL { GRAPH ?graph { organization:korea-economic-institute skos:editorialNote ?note } }
           }""",
    )
    assert [r["graph"] for r in rows] == ["https://w3id.org/diplokg/graph/data/entities"]
    assert "keia.org" in rows[0]["note"] and "outside the articles" in rows[0]["note"]
    names = select(
        oxigraph,
        """SELECT ?name WHERE { GRAPH <https://w3id.org/diplokg/graph/data/kei-2013-05-24> { ?s ?p ?name }
             FILTER(ISLITERAL(?name) && CONTAINS(STR(?name), "of America")) }""",
    )
    assert names == []


# --- Counts ------------------------------------------------------------------------------------------------


def test_every_number_the_articles_give_and_how_exact_it_is(oxigraph) -> None:
    """What numbers do the articles give for acts and groups, and is each exact, a bound, or only possible?

    "creating more industrial complexes like the one in Kaesong where dozens of South Korean firms employ over
    50,000 North Korean workers" / "for sinking one of its navy ships that killed 46 sailors" / "the abduction of
    possibly hundreds of Japanese citizens" / "Pyongyang gradually released three U.S. citizens" (Foreign Affairs);
    "the Bank of China and there other major Chinese commercial banks" (KEI, "there" for "three").
    """
    rows = select(
        oxigraph,
        """SELECT ?node ?n ?qualifier WHERE {
             { ?node dkg:count ?n } UNION { ?node dkg:memberCount ?n }
             OPTIONAL { ?node dkg:countQualifier ?qualifier }
           }""",
    )
    assert rows_of(rows, "node", "n", "qualifier") == {
        ("event:kaesong-south-korean-firms-employ-north-korean-workers", "50000", "dkg:AtLeast"),
        ("group:north-korean-workers-in-kaesong", "50000", "dkg:AtLeast"),
        ("group:south-korean-firms-in-kaesong", "24", "dkg:AtLeast"),
        ("event:north-korea-sinking-of-south-korean-navy-ship", "46", "dkg:Exactly"),
        ("group:japanese-abductees", "200", "dkg:PossiblyAsMany"),
        ("group:three-us-citizens-held-in-north-korea", "3", "dkg:Exactly"),
        ("group:three-other-major-chinese-commercial-banks", "3", "dkg:Exactly"),
    }


def test_which_groups_are_known_to_number_at_least_a_thousand(oxigraph) -> None:
    """Which groups have at least 1,000 members for certain? A lower bound answers; a merely possible number does not.

    "over 50,000 North Korean workers" counts; "possibly hundreds of Japanese citizens" does not.
    """
    rows = select(
        oxigraph,
        """SELECT ?group WHERE {
             ?group a dkg:Group ; dkg:memberCount ?n ; dkg:countQualifier ?q .
             FILTER(?n >= 1000 && ?q IN (dkg:Exactly, dkg:AtLeast))
           }""",
    )
    assert rows_of(rows, "group") == {("group:north-korean-workers-in-kaesong",)}


# --- Periods: within or overlapping; an open bound is unknown ----------------------------------------------


def test_which_acts_lie_within_2012(oxigraph) -> None:
    """Which acts happened in 2012, by both their known bounds?

    KEI: "Shortly after coming to power, North Korea reached what became known as the “Leap Day Agreement” with
    the United States." / "That deal fell apart within weeks as Pyongyang followed through on a satellite launch" /
    "North Korea and Japan held talks last fall prior to the December satellite test" / "After December’s satellite
    launch". "within weeks" ends twelve weeks after the agreement (docs/time-phrases.md).
    """
    rows = ask(oxigraph, "acts_in_period", **{"from": "2012-01-01", "to": "2012-12-31"})
    assert {r["fact"] for r in rows} == {
        "event:2012-02-29-leap-day-agreement-reached",
        "event:2012-leap-day-agreement-collapse",
        "event:2012-north-korea-satellite-launch-after-leap-day-agreement",
        "event:2012-fall-japan-north-korea-talks-on-soldiers-remains",
        "event:2012-12-north-korea-satellite-launch",
    }


def test_which_acts_may_overlap_march_2012(oxigraph) -> None:
    """Which acts may have happened in March 2012, and which of them surely lie within it?

    None lies within March; the collapse of the Leap Day Agreement and the satellite launch ("within weeks" of
    29 February) overlap it, and so may every act whose earliest date is unknown and whose latest is not before
    March 2012: an open bound is unknown, not unbounded.
    """
    rows = ask(oxigraph, "acts_overlapping_period", **{"from": "2012-03-01", "to": "2012-03-31"})
    assert {r["fit"] for r in rows} == {"overlaps"}
    assert {r["fact"] for r in rows if "earliest" in r} == {
        "event:2012-leap-day-agreement-collapse",
        "event:2012-north-korea-satellite-launch-after-leap-day-agreement",
    }
    open_start = select(
        oxigraph,
        """SELECT DISTINCT ?fact WHERE {
             ?fact a dkg:Act ; dkg:modality dkg:Actual ; dkg:when ?span .
             ?span dkg:latest ?latest . FILTER NOT EXISTS { ?span dkg:earliest ?e } FILTER(?latest >= "2012-03-01"^^xsd:date)
           }""",
    )
    assert {r["fact"] for r in rows if "earliest" not in r} == {r["fact"] for r in open_start}
    assert "event:north-korea-sinking-of-south-korean-navy-ship" not in {r["fact"] for r in rows}  # before 24 May 2010
    assert len(open_start) > 30


def test_the_two_period_questions_say_which_they_ask() -> None:
    """Each period question's header says whether it asks for acts within the period or overlapping it."""
    catalogue = load_catalogue(QUERIES)
    assert "lie within the period" in " ".join(catalogue["acts_in_period"].notes)
    assert "overlap the period" in " ".join(catalogue["acts_overlapping_period"].notes)
    assert "unknown, not unbounded" in " ".join(catalogue["acts_overlapping_period"].notes)


# --- Bases of bounds -----------------------------------------------------------------------------------------


def test_which_dates_are_read_from_a_name_rather_than_stated(oxigraph) -> None:
    """Which facts' dates does the article not state, but the graph reads from a name?

    KEI: "North Korea reached what became known as the “Leap Day Agreement”" (29 February). Foreign Affairs:
    "during his new year’s address, Kim Jong Un expressed an interest in meeting with South Korean President
    Park Geun-Hye" (1 January).
    """
    rows = select(
        oxigraph,
        """SELECT DISTINCT ?fact ?earliest ?latest WHERE {
             ?fact dkg:when ?span . ?span dkg:earliest ?earliest ; dkg:latest ?latest .
             { ?span dkg:earliestBasis dkg:FromName } UNION { ?span dkg:latestBasis dkg:FromName }
           }""",
    )
    assert rows_of(rows, "fact", "earliest", "latest") == {
        ("event:2012-02-29-leap-day-agreement-reached", "2012-02-29", "2012-02-29"),
        ("event:2015-01-01-kim-jong-un-new-years-address", "2015-01-01", "2015-01-01"),
        ("event:2015-01-01-kim-jong-un-interest-in-meeting-park-geun-hye", "2015-01-01", "2015-01-01"),
    }


def test_which_day_precise_dates_the_articles_state(oxigraph) -> None:
    """Which events do the articles themselves date to the day?

    "On January 10, Pyongyang offered a concession" / "Kim Jong Un laughs during his visit to the Kangdong Precision
    Machine Plant, January 16, 2015" / "Seoul’s May 24, 2010 sanctions". Not the new year's address: its day comes
    from its name.
    """
    rows = select(
        oxigraph,
        """SELECT DISTINCT ?fact WHERE {
             ?fact a dkg:Event ; dkg:when ?span .
             ?span dkg:precision dkg:Day ; dkg:earliestBasis dkg:Stated ; dkg:latestBasis dkg:Stated .
           }""",
    )
    assert rows_of(rows, "fact") == {
        ("event:2015-01-10-north-korea-conditional-offer-to-halt-nuclear-testing",),
        ("event:2015-01-16-kim-jong-un-visit-to-kangdong-precision-machine-plant",),
        ("event:2010-05-24-south-korea-sanctions-on-north-korea",),
    }


# --- Trips abroad and what happened in them --------------------------------------------------------------------


def test_ri_su_yongs_trip_to_new_york_and_his_speech_there(oxigraph) -> None:
    """Which trips abroad did Ri Su Yong make, to whom and where, and what did he do during them?

    "After a 15-year absence at the United Nations, Pyongyang sent Ri Su Yong, its foreign minister, to New York to
    speak before the General Assembly where he made a call “to prevent war and safeguard peace” in the Korean
    peninsula."
    """
    rows = select(
        oxigraph,
        """SELECT ?visit ?host ?place ?part ?partType WHERE {
             ?visit a dkg:Visit ; dkg:initiator person:ri-su-yong ; dkg:target ?host ; dkg:place ?place .
             OPTIONAL { ?part dkg:partOf ?visit . GRAPH ?g { ?part a ?partType } FILTER(?g != <https://w3id.org/diplokg/graph/inferred>) }
           }""",
    )
    assert rows_of(rows, "visit", "host", "place", "part", "partType") == {
        (
            "event:2014-09-ri-su-yong-visit-to-new-york",
            "organization:united-nations",
            "place:new-york-city",
            "event:2014-09-ri-su-yong-speech-to-un-general-assembly",
            "dkg:Speech",
        )
    }


def test_what_choe_said_in_his_meeting_with_xi(oxigraph) -> None:
    """What did Choe Ryong-hae tell Xi Jinping in their meeting?

    "In a subsequent meeting with Xi Jinping, Choe indicated that North Korea would take positive steps to maintain
    peace and stability on the Korean peninsula, but did not specify the steps North Korea was willing to take."
    """
    rows = select(oxigraph, "SELECT ?part WHERE { ?part dkg:partOf event:2013-choe-ryong-hae-meeting-with-xi-jinping }")
    assert rows_of(rows, "part") == {("event:2013-choe-ryong-hae-pledge-of-positive-steps",)}


# --- What a policy consists of --------------------------------------------------------------------------------


def test_what_trustpolitik_the_chokehold_and_outsourcing_consist_of(oxigraph) -> None:
    """What do Park's trustpolitik, the skeptics' chokehold approach and the authors' outsourcing strategy consist of?

    "“trustpolitik”a policy that would reward North Korean cooperation and crack down more severely on provocations"
    / "As the argument goes, the United States should continue strangling North Korea until Pyongyang finally admits
    defeat and negotiates a complete de-nuclearization." / "Washington could “outsource” diplomacy [...] by nudging
    them to initiate and carry out a policy of engagement by strengthening political and economic ties. The strategy
    would involve encouraging Japan and South Korea to strengthen their economic ties and discuss their outstanding
    issues with North Korea".
    """
    rows = ask(oxigraph, "policy_terms")
    wanted = {
        "event:park-geun-hye-trustpolitik",
        "claim:foreign-affairs-2015-01-21-skeptics-chokehold",
        "event:united-states-outsourcing-of-north-korea-diplomacy-recommended",
    }
    assert {(r["policy"], r["term"]) for r in rows if r["policy"] in wanted} == {
        ("event:park-geun-hye-trustpolitik", "reward North Korean cooperation"),
        ("event:park-geun-hye-trustpolitik", "crack down more severely on provocations"),
        (
            "claim:foreign-affairs-2015-01-21-skeptics-chokehold",
            "continue strangling North Korea until Pyongyang finally admits defeat and negotiates a complete de-nuclearization",
        ),
        (
            "event:united-states-outsourcing-of-north-korea-diplomacy-recommended",
            "nudging them to initiate and carry out a policy of engagement by strengthening political and economic ties",
        ),
        (
            "event:united-states-outsourcing-of-north-korea-diplomacy-recommended",
            "encouraging Japan and South Korea to strengthen their economic ties and discuss their outstanding issues with North Korea",
        ),
    }
    assert all(r["term"] in r["quote"] for r in rows)
    assert {r["policy"] for r in rows} == wanted | {
        "event:2003-2008-george-w-bush-administration-isolation-of-north-korea",
        "event:2003-2008-roh-moo-hyun-administration-engagement-with-north-korea",
        "event:japan-south-korea-engagement-with-north-korea-recommended",
    }


# --- Views of unnamed others ------------------------------------------------------------------------------------


def test_which_views_the_foreign_affairs_authors_reject_and_whose_they_are(oxigraph) -> None:
    """Which views do Lee and Kim reject, and are they views the article reports or ones the authors anticipate?

    "Some experts consider Pyongyang’s so-called charm offensive simply “erratic,”" / "this view [...] Although
    popular in many Washington circles, this view is far from plausible." (reported) / "Skeptics might argue that
    Pyongyang’s charm offensive is opportunistic" / "As the argument goes, the United States should continue
    strangling North Korea" (anticipated).
    """
    rows = ask(oxigraph, "rejected_views")
    assert {(r["view"], r["holder"], r["voice"]) for r in rows} == {
        ("claim:foreign-affairs-2015-01-21-erratic-view", "group:some-experts", "dkg:ReportedView"),
        ("claim:foreign-affairs-2015-01-21-incoherent-policy-view", "group:washington-circles", "dkg:ReportedView"),
        ("claim:foreign-affairs-2015-01-21-sudden-collapse-view", "group:washington-circles", "dkg:ReportedView"),
        ("claim:foreign-affairs-2015-01-21-skeptics-opportunistic", "group:skeptics", "dkg:AnticipatedView"),
        ("claim:foreign-affairs-2015-01-21-skeptics-chokehold", "group:skeptics", "dkg:AnticipatedView"),
    }
    assert {r["rejectedBy"] for r in rows} == {"person:jung-chul-lee", "person:inwook-kim"}


def test_views_of_unnamed_others_are_never_the_authors_own(oxigraph) -> None:
    """Which claims do the articles present as held by unnamed others, and does any author's list of claims hold one?

    Besides the rejected views, KEI reports "concerns have been raised in South Korea and the United States that if
    not properly handled Japan’s efforts could be used by North Korea to divide the United States, South Korea, and
    Japan", and Foreign Affairs lets the skeptics argue that "negotiating with it or relaxing sanctions would only
    allow the country to benefit economically while it gets to keep its nuclear program".
    """
    others = select(oxigraph, "SELECT ?claim ?voice WHERE { ?claim dkg:voice ?voice FILTER(?voice != dkg:OwnView) }")
    assert rows_of(others, "claim", "voice") == {
        ("claim:foreign-affairs-2015-01-21-erratic-view", "dkg:ReportedView"),
        ("claim:foreign-affairs-2015-01-21-incoherent-policy-view", "dkg:ReportedView"),
        ("claim:foreign-affairs-2015-01-21-sudden-collapse-view", "dkg:ReportedView"),
        ("claim:kei-2013-05-24-japan-efforts-could-divide-allies", "dkg:ReportedView"),
        ("claim:foreign-affairs-2015-01-21-skeptics-opportunistic", "dkg:AnticipatedView"),
        ("claim:foreign-affairs-2015-01-21-skeptics-chokehold", "dkg:AnticipatedView"),
        ("claim:foreign-affairs-2015-01-21-skeptics-negotiating-benefits-north-korea", "dkg:AnticipatedView"),
    }
    others_claims = {r["claim"] for r in others}
    for author in ("person:jung-chul-lee", "person:inwook-kim", "person:troy-stangarone"):
        iri = "https://w3id.org/diplokg/id/" + author.replace(":", "/")
        own = {r["fact"] for r in ask(oxigraph, "claims_by_author", author=iri)}
        assert own and not own & others_claims, author


def test_a_view_of_others_credited_to_an_author_is_an_error(scratch_project) -> None:
    """The check others-view-credited-to-author-violation catches a reported view whose claimant is an author."""
    from diplokg.dataset import load_project
    from diplokg.validate import check_problems

    path = scratch_project.root / "data" / "foreign-affairs-2015-01-21.ttl"
    text = path.read_text(encoding="utf-8")
    node = text.index("claim:foreign-affairs-2015-01-21-erratic-view\n")
    start = text.index("    dkg:claimant group:some-experts ;", node)
    path.write_text(
        text[:start] + "    dkg:claimant person:inwook-kim ;" + text[start + len("    dkg:claimant group:some-experts ;") :],
        encoding="utf-8",
    )
    problems = check_problems(load_project(scratch_project), scratch_project)
    assert any("others-view-credited-to-author-violation" in p and "erratic-view" in p for p in problems), problems


# --- Counterparts ------------------------------------------------------------------------------------------------


def test_whom_north_koreans_met_or_talked_with(oxigraph) -> None:
    """Whom did North Korea's envoys meet or hold talks with, on their own initiative?

    KEI: "In a subsequent meeting with Xi Jinping, Choe indicated [...]" / "Pyongyang’s second attempt at restarting
    talks with one of the Six Party Talks members [...] North Korea and Japan held talks last fall". Foreign Affairs:
    "There, he met with Russian Prime Minister Vladimir Putin". The other side is the target in every one of them.
    """
    rows = select(
        oxigraph,
        """SELECT DISTINCT ?act ?whom WHERE {
             VALUES ?kind { dkg:Meeting dkg:Talks }
             ?act a ?kind ; dkg:initiator state:north-korea ; dkg:modality dkg:Actual ; dkg:target ?whom .
           }""",
    )
    assert rows_of(rows, "act", "whom") == {
        ("event:2013-choe-ryong-hae-meeting-with-xi-jinping", "person:xi-jinping"),
        ("event:2013-choe-ryong-hae-meeting-with-xi-jinping", "state:china"),
        ("event:2014-11-choe-ryong-hae-meeting-with-vladimir-putin", "person:vladimir-putin"),
        ("event:2014-11-choe-ryong-hae-meeting-with-vladimir-putin", "state:russia"),
        ("event:2012-fall-japan-north-korea-talks-on-soldiers-remains", "state:japan"),
    }


def test_no_consultation_or_cooperation_codes_a_counterpart_as_a_bare_participant(oxigraph) -> None:
    """Which meetings, visits, talks or cooperation have an initiator and a state or person beside it as neither side?"""
    rows = select(
        oxigraph,
        """SELECT DISTINCT ?act WHERE {
             VALUES ?kind { dkg:Consultation dkg:Cooperation }
             ?act a ?kind ; dkg:initiator ?by ; dkg:participant ?party .
             { ?party a dkg:State } UNION { ?party a dkg:Person }
             FILTER NOT EXISTS { ?act dkg:initiator ?party } FILTER NOT EXISTS { ?act dkg:target ?party }
           }""",
    )
    assert rows == []


def test_a_counterpart_coded_as_participant_is_an_error(scratch_project) -> None:
    """The check counterpart-coding-violation catches a meeting whose other side is only a participant."""
    from diplokg.dataset import load_project
    from diplokg.validate import check_problems

    path = scratch_project.root / "data" / "foreign-affairs-2015-01-21.ttl"
    text = path.read_text(encoding="utf-8")
    node = text.index("event:2014-11-choe-ryong-hae-meeting-with-vladimir-putin\n    a dkg:Meeting")
    end = text.index("\n.\n", node)
    block = text[node:end].replace("dkg:target", "dkg:participant")
    path.write_text(text[:node] + block + text[end:], encoding="utf-8")
    problems = check_problems(load_project(scratch_project), scratch_project)
    assert any("counterpart-coding-violation" in p and "meeting-with-vladimir-putin" in p for p in problems), problems


# --- Forums, resolutions, models, reserved terms ------------------------------------------------------------------


def test_who_the_articles_say_is_a_member_of_the_six_party_talks(oxigraph) -> None:
    """Who is a member of the Six-Party Talks, by the articles' own words?

    KEI: "Pyongyang’s second attempt at restarting talks with one of the Six Party Talks members quickly faded as well,
    if not as dramatically. North Korea and Japan held talks last fall". No article lists the other members.
    """
    rows = select(
        oxigraph,
        """SELECT ?member ?quote WHERE {
             ?m a dkg:ForumMembership ; dkg:inForum forum:six-party-talks ; dkg:forumMember ?member ;
                dkg:evidence/oa:hasSelector/oa:exact ?quote .
           }""",
    )
    assert rows_of(rows, "member", "quote") == {
        (
            "state:japan",
            "Pyongyang’s second attempt at restarting talks with one of the Six Party Talks members quickly faded as well, if "
            "not as dramatically.",
        ),
        ("state:japan", "North Korea and Japan held talks last fall"),
    }


def test_which_resolution_china_co_sponsored(oxigraph) -> None:
    """Which UN resolution did China co-sponsor against North Korea?

    "Beyond its co-sponsorship of the recent UN sanctions resolution against North Korea, China has begun taking
    firmer measures against North Korea in its banking system."
    """
    rows = select(
        oxigraph,
        """SELECT ?act ?resolution ?label WHERE {
             ?act dkg:initiator state:china ; dkg:resolution ?resolution . ?resolution a dkg:Resolution ; rdfs:label ?label .
           }""",
    )
    assert rows_of(rows, "act", "resolution", "label") == {
        (
            "event:2013-china-co-sponsors-un-sanctions-resolution",
            "resolution:2013-un-sanctions-resolution-against-north-korea",
            "the recent UN sanctions resolution against North Korea",
        )
    }


def test_which_acts_concern_the_kaesong_industrial_complex(oxigraph) -> None:
    """Which acts concern the Kaesong Industrial Complex, and how?

    KEI: "Since the closure of the Kaesong Industrial Complex, the South Korean government has called for talks with
    North Korea to restart operations". Foreign Affairs: "creating more industrial complexes like the one in Kaesong
    where dozens of South Korean firms employ over 50,000 North Korean workers".
    """
    rows = select(
        oxigraph,
        """SELECT DISTINCT ?act ?how WHERE {
             ?act a dkg:Event ; ?how organization:kaesong-industrial-complex .
             FILTER(?how IN (dkg:participant, dkg:target, dkg:place, dkg:topic, dkg:modelledOn, dkg:initiator))
             FILTER NOT EXISTS { ?act ?sub organization:kaesong-industrial-complex . ?sub rdfs:subPropertyOf ?how FILTER(?sub != ?how) }
           }""",
    )
    assert ("event:new-industrial-complexes-like-kaesong-hypothetical", "dkg:modelledOn") in rows_of(rows, "act", "how")
    assert rows_of(rows, "act", "how") == {
        ("event:new-industrial-complexes-like-kaesong-hypothetical", "dkg:modelledOn"),
        ("event:kaesong-south-korean-firms-employ-north-korean-workers", "dkg:participant"),
        ("event:2013-kaesong-industrial-complex-closure", "dkg:target"),
        ("event:2013-south-korea-call-for-kaesong-talks", "dkg:topic"),
    }


def unused_terms(project) -> set[str]:
    """The ontology terms the project's data does not use and that are not reserved (tests/unused_terms.rq), asked of
    the asserted ontology and data (inferred types would hide an unused class)."""
    import pyoxigraph as ox

    from diplokg.dataset import load_project

    loaded = load_project(project)
    store = ox.Store()
    store.bulk_load((loaded.ontology + loaded.data).serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    query = (Path(__file__).parent / "unused_terms.rq").read_text(encoding="utf-8")
    return {short(row["node"].value) for row in store.query(query)}


def test_every_ontology_term_is_used_or_reserved(project, oxigraph) -> None:
    """Which ontology terms does no data use, and are they all marked reserved with a reason?"""
    assert unused_terms(project) == set()
    rows = select(oxigraph, "SELECT ?term ?why WHERE { ?term dkg:reserved ?why }")
    assert {r["term"] for r in rows} == {
        "dkg:Appeal",
        "dkg:Warning",
        "dkg:Ministry",
        "dkg:PoliticalParty",
        "dkg:DiplomaticRecognition",
        "dkg:Pending",
        "dkg:Stable",
        "dkg:Year",
        "dkg:Approximately",
        "dkg:AtMost",
        "dkg:OutsideKnowledge",
    }
    assert all(len(r["why"]) > 40 for r in rows)


def test_an_unused_unreserved_term_is_found(scratch_project) -> None:
    """The usage query finds a declared term no data uses; dkg:reserved with a reason lifts it."""
    path = scratch_project.root / "ontology" / "diplokg.ttl"
    term = (
        '\ndkg:Embargo\n    a owl:Class ;\n    rdfs:label "embargo"@en ;\n    rdfs:subClassOf dkg:Act ;\n'
        '    skos:definition "An embargo."@en ;\n.\n'
    )
    path.write_text(path.read_text(encoding="utf-8") + term, encoding="utf-8")
    assert unused_terms(scratch_project) == {"dkg:Embargo"}
    reserved = term.replace('"An embargo."@en ;', '"An embargo."@en ;\n    dkg:reserved "Kept for articles that report embargoes."@en ;')
    path.write_text(path.read_text(encoding="utf-8").replace(term, reserved), encoding="utf-8")
    assert unused_terms(scratch_project) == set()


def test_what_broke_the_leap_day_agreement(oxigraph) -> None:
    """What became of the Leap Day Agreement, and which act broke it?

    "That deal fell apart within weeks as Pyongyang followed through on a satellite launch despite having just agreed
    not to conduct long range missile tests."
    """
    rows = ask(oxigraph, "agreement_fate")
    assert {(r["fact"], r["type"]) for r in rows if r["agreement"] == "agreement:leap-day-agreement"} == {
        ("event:2012-02-29-leap-day-agreement-reached", "dkg:AgreementReached"),
        ("event:2012-leap-day-agreement-collapse", "dkg:AgreementCollapse"),
        ("event:2012-north-korea-satellite-launch-after-leap-day-agreement", "dkg:SatelliteLaunch"),
    }


# Labels the project composes to describe a node (not names taken from outside an article): exempt from provenance.
DESCRIPTIVE_LABELS = {
    "agreement:china-south-korea-fta",
    "organization:park-geun-hye-administration",
    "organization:shinzo-abe-administration",
    "organization:political-science-department-korean-university",
    "person:unnamed-senior-japanese-official-2013-05",
    "repost:foreign-affairs-2015-01-21-political-science-department",
}


def test_every_name_from_outside_the_articles_says_where_it_comes_from(oxigraph, sources) -> None:
    """Which shared entities are named with words neither article uses, and does each say where the name comes from?

    E.g. the KEI article's "Korea Economic Institute" is the "Korea Economic Institute of America"; Foreign Affairs'
    "KCNA" is the Korean Central News Agency.
    """
    import re

    def norm(text: str) -> str:
        return re.sub(r"[\W_]+", "", text.lower().replace("’", "'"))

    texts = norm(" ".join(p.read_text(encoding="utf-8") for p in sorted(sources.glob("*.txt"))))
    rows = select(
        oxigraph,
        """SELECT ?node ?label ?note WHERE {
             GRAPH <https://w3id.org/diplokg/graph/data/entities> { ?node rdfs:label ?label }
             FILTER(!STRSTARTS(STR(?node), "https://w3id.org/diplokg/id/topic/") && !STRSTARTS(STR(?node), "https://w3id.org/diplokg/id/role/")
                    && !STRSTARTS(STR(?node), "https://w3id.org/diplokg/id/relation/") && !STRSTARTS(STR(?node), "https://w3id.org/diplokg/id/group/")
                    && STRSTARTS(STR(?node), "https://w3id.org/diplokg/id/"))
             OPTIONAL { ?node skos:editorialNote ?note }
           }""",
    )
    outside = {r["node"]: r.get("note") for r in rows if norm(r["label"]) not in texts and r["node"] not in DESCRIPTIVE_LABELS}
    assert set(outside) == {
        "organization:korea-economic-institute",
        "organization:foreign-trade-bank-of-north-korea",
        "organization:kcna",
        "organization:korean-peoples-army",
        "organization:sigur-center",
        "organization:un-general-assembly",
        "organization:un-security-council",
        "person:barack-obama",
        "organization:council-on-foreign-relations",
    }
    assert all(note and note.startswith("Provenance:") for note in outside.values()), outside


# --- The independent pass (/tmp/independent-pass.md): its findings that held against the reviewed data ------


def test_what_the_united_states_did_about_cuba(oxigraph) -> None:
    """What did the United States do about Cuba, and does the article say diplomatic ties were re-established?

    "especially after it ordered re-establishing diplomatic ties with Cubato strike a deal with yet another “rogue”
    state." The order is a change of U.S. policy that happened; the re-establishment is only ordered, and the lost
    antecedent of "it" names no particular U.S. body.
    """
    rows = select(
        oxigraph,
        "SELECT ?act ?type ?by ?modality WHERE { ?act dkg:target state:cuba ; a ?type ; dkg:initiator ?by ; dkg:modality ?modality "
        "FILTER(?type IN (dkg:PolicyMove, dkg:DiplomaticRecognition)) }",
    )
    assert rows_of(rows, "act", "type", "by", "modality") == {
        ("event:united-states-order-to-re-establish-ties-with-cuba", "dkg:PolicyMove", "state:united-states", "dkg:Actual")
    }
    assert select(oxigraph, "SELECT ?act WHERE { ?act a dkg:DiplomaticRecognition }") == []


def test_since_when_china_north_korea_relations_further_deteriorated(oxigraph) -> None:
    """Since when, and until when, did Beijing–Pyongyang relations further deteriorate in the Foreign Affairs account?

    "The BeijingPyongyang relationship further deteriorated after the purge of Jang" (the copy lost the dash): the
    article does not date the purge, only that the execution came "the early December, 2013", so the start is not
    known; the deterioration holds at publication.
    """
    rows = select(
        oxigraph,
        """SELECT ?earliest ?latest ?purgeEarliest WHERE {
             characterisation:china-north-korea-2014-deteriorating dkg:when ?span .
             OPTIONAL { ?span dkg:earliest ?earliest } ?span dkg:latest ?latest .
             OPTIONAL { event:jang-song-taek-purge dkg:when/dkg:earliest ?purgeEarliest }
           }""",
    )
    assert rows_of(rows, "earliest", "latest", "purgeEarliest") == {(None, "2015-01-21", None)}


def test_what_putin_said_about_ties_with_north_korea_and_where(oxigraph) -> None:
    """What did Putin say of deeper ties with North Korea, and does the quote behind his claim say all of it?

    "There, he met with Russian Prime Minister Vladimir Putin who said, “A further deepening of political ties and
    trade and economic cooperation is definitely in the interest of the peoples of both countries and ensuring
    regional stability and security.”" The claim is about regional peace too, so its quote runs to the end.
    """
    rows = select(
        oxigraph,
        """SELECT ?quote ?topic WHERE {
             claim:foreign-affairs-2015-01-21-putin-deeper-ties-in-interest dkg:evidence/oa:hasSelector/oa:exact ?quote ;
                 dkg:about ?topic . FILTER(STRSTARTS(STR(?topic), "https://w3id.org/diplokg/id/topic/"))
           }""",
    )
    quote = (
        "A further deepening of political ties and trade and economic cooperation is definitely in the interest of the"
        " peoples of both countries and ensuring regional stability and security."
    )
    assert rows_of(rows, "quote", "topic") == {(quote, "topic:regional-peace"), (quote, "topic:trade")}


def test_by_when_the_abductions_of_japanese_citizens_had_happened(oxigraph) -> None:
    """By when had North Korea abducted Japanese citizens, as far as the two articles say?

    Foreign Affairs (2015): "the abduction of possibly hundreds of Japanese citizens during the Cold War" (an era it
    does not date). KEI (2013-05-24) already reports "talks with Pyongyang on the abduction of Japanese citizens", so
    they had happened by then; they cannot have happened in 2014.
    """
    rows = select(
        oxigraph,
        """SELECT ?earliest ?latest ?basis ?phrase WHERE {
             event:north-korea-abduction-of-japanese-citizens dkg:when ?span .
             ?span dkg:latest ?latest ; dkg:latestBasis ?basis ; dkg:phrase ?phrase . OPTIONAL { ?span dkg:earliest ?earliest }
           }""",
    )
    assert rows_of(rows, "earliest", "latest", "basis", "phrase") == {(None, "2013-05-24", "dkg:FromPublication", "during the Cold War")}
    in_2014 = ask(oxigraph, "acts_overlapping_period", **{"from": "2014-01-01", "to": "2014-12-31"})
    assert "event:north-korea-abduction-of-japanese-citizens" not in {r["fact"] for r in in_2014}
    assert len(in_2014) > 10


def test_how_long_china_and_south_korea_discussed_their_free_trade_agreement(oxigraph) -> None:
    """How long did China and South Korea discuss their free trade agreement, and when did the talks end?

    "In November, China and South Korea sealed their new partnership by concluding two years of discussion over a
    free trade agreement"
    """
    rows = select(
        oxigraph,
        """SELECT ?duration ?latest ?outcome WHERE {
             ?talks a dkg:Talks ; dkg:participant state:china , state:south-korea ; dkg:topic topic:trade ;
                    time:hasDuration [ time:numericDuration ?amount ; time:unitType ?unit ] ;
                    dkg:outcome ?outcome ; dkg:when/dkg:latest ?latest .
             BIND(CONCAT(STR(?amount), " ", STRAFTER(STR(?unit), "#unit")) AS ?duration)
           }""",
    )
    assert rows_of(rows, "duration", "latest", "outcome") == {("2 Year", "2014-11-30", "dkg:Concluded")}


def test_whom_north_korea_reached_out_to_in_kaesong_in_2013(oxigraph) -> None:
    """Whom did North Korea reach out to directly in 2013, bypassing Seoul, and how are they named?

    KEI: "However, North Korea has instead chosen to reach out directly to the companies in an effort to divide them
    from the South Korean government." KEI gives no number: the label names the firms without Foreign Affairs' 2015
    "dozens", which stays the group's count, from that article.
    """
    rows = select(
        oxigraph,
        """SELECT ?whom ?label ?count WHERE {
             event:2013-north-korea-outreach-to-kaesong-companies dkg:target ?whom .
             ?whom a dkg:Group ; rdfs:label ?label ; dkg:memberCount ?count .
           }""",
    )
    assert rows_of(rows, "whom", "label", "count") == {("group:south-korean-firms-in-kaesong", "South Korean firms in Kaesong", "24")}


def test_where_xi_jinping_went_on_the_korean_peninsula(oxigraph) -> None:
    """Where did Xi Jinping go on the Korean peninsula, and did he visit Pyongyang?

    "Last July, Chinese President Xi Jinping snubbed Pyongyang by visiting Seoul first, an unprecedented move for
    China’s usual tour of the Korean peninsula." Seoul only: the article mentions no visit to Pyongyang, and the
    visit's label does not suggest one.
    """
    rows = select(
        oxigraph,
        """SELECT ?visit ?host ?place ?label WHERE {
             ?visit a dkg:Visit ; dkg:initiator person:xi-jinping ; dkg:target ?host ; dkg:place ?place ; rdfs:label ?label .
           }""",
    )
    assert rows_of(rows, "visit", "host", "place", "label") == {
        (
            "event:2014-07-xi-jinping-state-visit-to-south-korea",
            "state:south-korea",
            "place:seoul",
            "Chinese President Xi Jinping visits Seoul first, snubbing Pyongyang",
        )
    }


def test_where_the_article_words_the_characterisations_of_north_koreas_moves(oxigraph) -> None:
    """Which of North Korea's moves does the article characterise with its own words, and which of the move's quotes
    holds each word?

    "Although surprising, such a gesture is not new." (the January 10 offer) / "Some experts consider Pyongyang’s
    so-called charm offensive simply “erratic,”". Every characterisation of an act lies in one of that act's quotes.
    """
    rows = select(
        oxigraph,
        """SELECT ?act ?how ?quote WHERE {
             VALUES ?act { event:2015-01-10-north-korea-conditional-offer-to-halt-nuclear-testing
                           event:2014-09-north-korea-charm-offensive }
             ?act dkg:characterisation ?how .
             OPTIONAL { ?act dkg:evidence/oa:hasSelector/oa:exact ?quote FILTER(CONTAINS(LCASE(?quote), LCASE(STR(?how)))) }
           }""",
    )
    assert rows_of(rows, "act", "how", "quote") == {
        (
            "event:2015-01-10-north-korea-conditional-offer-to-halt-nuclear-testing",
            "concession",
            "On January 10, Pyongyang offered a concession in its standoff with the West: It would temporarily halt its"
            " nuclear testing if Washington would cancel its upcoming military drills with South Korea.",
        ),
        (
            "event:2015-01-10-north-korea-conditional-offer-to-halt-nuclear-testing",
            "surprising",
            "Although surprising, such a gesture is not new.",
        ),
        ("event:2014-09-north-korea-charm-offensive", "so-called charm offensive", "Pyongyang’s so-called charm offensive"),
        ("event:2014-09-north-korea-charm-offensive", "thaw", "The thaw began in September, 2014."),
    }


def test_every_characterisation_lies_in_a_quote_of_its_fact(oxigraph) -> None:
    """Which characterisations ("surprising", "so-called charm offensive") could a reader not find in the quotes of
    the fact they describe? None: evidence_for on a fact shows where each of its words comes from."""
    rows = select(
        oxigraph,
        """SELECT ?fact ?how WHERE {
             ?fact dkg:characterisation ?how .
             FILTER NOT EXISTS { ?fact dkg:evidence/oa:hasSelector/oa:exact ?quote
                                 FILTER(CONTAINS(LCASE(?quote), LCASE(STR(?how)))) }
           }""",
    )
    assert rows == []
    assert int(select(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { ?fact dkg:characterisation ?how }")[0]["n"]) > 20


def test_how_north_korea_answered_chinas_suggestion_of_talks(oxigraph) -> None:
    """How did North Korea answer China's suggestion of talks with all parties, and had the talks taken place?

    KEI: "North Korea has indicated that it is willing to take China’s advice and engage in talks." / Choe: "[North
    Korea] is willing to accept China’s suggestion to have talks with all parties." A stated willingness to accept is
    the outcome dkg:Accepted (its definition says so); the answer is an expression of intent to meet, and the talks
    asked for are still only proposed at publication.
    """
    rows = select(
        oxigraph,
        """SELECT ?outcome ?answerType ?requestedModality WHERE {
             event:2013-china-suggestion-of-talks-with-all-parties dkg:outcome ?outcome ; dkg:response ?answer ;
                 dkg:requestedAct/dkg:modality ?requestedModality .
             ?answer a ?answerType . FILTER(?answerType = dkg:IntentToMeet)
           }""",
    )
    assert rows_of(rows, "outcome", "answerType", "requestedModality") == {("dkg:Accepted", "dkg:IntentToMeet", "dkg:Proposed")}
    definition = select(oxigraph, "SELECT ?d WHERE { dkg:Accepted skos:definition ?d }")[0]["d"]
    assert "stated willingness to accept" in definition
