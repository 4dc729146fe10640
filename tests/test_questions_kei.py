"""Questions an analyst would ask of one article, answered from the built graph.

The article: Troy Stangarone, "Is North Korea Finally Ready To Talk?", KEI, The Peninsula, 2013-05-24
(../shared/sources/000_83ca1036fc8bebeb.txt). Each test asks one question in SPARQL over the built graph
(asserted and inferred triples) and compares the answer with the exact set the article gives; each
docstring quotes the sentence the expected answer comes from.
"""

from __future__ import annotations

from conftest import select

# Every query keeps to facts derived from this article, so facts added from other articles cannot change the answers.
KEI = "?fact prov:wasDerivedFrom article:kei-2013-05-24 ."


def pairs(rows: list[dict[str, str]], a: str, b: str) -> set[tuple[str, str]]:
    return {(row[a], row[b]) for row in rows}


def column(rows: list[dict[str, str]], name: str) -> set[str]:
    return {row[name] for row in rows}


# --- Who met whom, who visited whom ---------------------------------------------------------------


def test_who_met_or_visited_whom(oxigraph) -> None:
    """Which meetings and visits took place, and who met or visited whom?

    "The recent visit by Choe was the first high level contact between Pyongyang and Beijing in half a year."
    "In a subsequent meeting with Xi Jinping, Choe indicated that North Korea would take positive steps ..."
    "In the last week, a senior Japanese official made a surprise visit to North Korea ..."
    (Park Geun-hye's visit to Beijing is only "expected", so it is not among the visits that took place.)
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?who ?whom WHERE {{
          {KEI}
          ?fact a ?kind ; dkg:modality dkg:Actual ; dkg:initiator ?who ; dkg:target ?whom .
          VALUES ?kind {{ dkg:Meeting dkg:Visit }}
        }}""",
    )
    visit_choe = "event:2013-choe-ryong-hae-visit-to-china"
    meeting_xi = "event:2013-choe-ryong-hae-meeting-with-xi-jinping"
    visit_japan = "event:2013-05-japanese-official-visit-to-north-korea"
    assert {(r["fact"], r["who"], r["whom"]) for r in rows} == {
        (visit_choe, "person:choe-ryong-hae", "state:china"),
        (visit_choe, "state:north-korea", "state:china"),
        (meeting_xi, "person:choe-ryong-hae", "person:xi-jinping"),
        (meeting_xi, "person:choe-ryong-hae", "state:china"),
        (meeting_xi, "state:north-korea", "person:xi-jinping"),
        (meeting_xi, "state:north-korea", "state:china"),
        (visit_japan, "person:unnamed-senior-japanese-official-2013-05", "state:north-korea"),
        (visit_japan, "state:japan", "state:north-korea"),
    }


def test_whom_choe_met_in_person(oxigraph) -> None:
    """Which people did Choe Ryong-hae meet?

    "In a subsequent meeting with Xi Jinping, Choe indicated that North Korea would take positive steps to maintain
    peace and stability on the Korean peninsula, but did not specify the steps North Korea was willing to take."
    """
    rows = select(
        oxigraph,
        f"""SELECT DISTINCT ?person WHERE {{
          {KEI}
          ?fact a dkg:Consultation ; dkg:modality dkg:Actual ; dkg:participant person:choe-ryong-hae, ?person .
          ?person a dkg:Person . FILTER(?person != person:choe-ryong-hae)
        }}""",
    )
    assert column(rows, "person") == {"person:xi-jinping"}


def test_what_choe_told_xi_jinping(oxigraph) -> None:
    """What did Choe indicate to Xi Jinping, and did he say which steps?

    "In a subsequent meeting with Xi Jinping, Choe indicated that North Korea would take positive steps to maintain
    peace and stability on the Korean peninsula, but did not specify the steps North Korea was willing to take."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?type ?topic WHERE {{
          {KEI}
          ?fact a dkg:Statement ; dkg:initiator person:choe-ryong-hae ; dkg:target person:xi-jinping ; dkg:topic ?topic .
          ?fact a ?type . FILTER(STRSTARTS(STR(?type), STR(dkg:)))
          FILTER NOT EXISTS {{ ?fact a ?sub . ?sub rdfs:subClassOf+ ?type . FILTER(?sub != ?type) }}
          FILTER NOT EXISTS {{ ?fact dkg:offeredAct|dkg:requestedAct ?steps }}
        }}""",
    )
    assert {(r["fact"], r["type"], r["topic"]) for r in rows} == {
        (
            "event:2013-choe-ryong-hae-pledge-of-positive-steps",
            "dkg:ExpressionOfIntent",
            "topic:peace-and-stability-on-the-korean-peninsula",
        )
    }


def test_what_choe_said_on_chinese_state_tv(oxigraph) -> None:
    """What did Choe Ryong-hae say on Chinese State TV, in his own words?

    "Choe Ryong-hae, one of North Korea’s most senior military officers, said on Chinese State TV that “North Korea
    lauds China’s enormous efforts to maintain peace and stability on the Korean peninsula and push for a return to
    talks and consultations for the problems of the Korean peninsula, and is willing to accept China’s suggestion
    to have talks with all parties.”"
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?type ?quotation WHERE {{
          {KEI}
          ?fact dkg:initiator person:choe-ryong-hae ; dkg:medium organization:chinese-state-tv ; dkg:quotation ?quotation .
          ?fact a ?type . FILTER(STRSTARTS(STR(?type), STR(dkg:)))
          FILTER NOT EXISTS {{ ?fact a ?sub . ?sub rdfs:subClassOf+ ?type . FILTER(?sub != ?type) }}
        }}""",
    )
    assert {(r["fact"], r["type"], r["quotation"]) for r in rows} == {
        (
            "event:2013-choe-ryong-hae-praise-of-china",
            "dkg:Praise",
            "North Korea lauds China’s enormous efforts to maintain peace and stability on the Korean peninsula and push"
            " for a return to talks and consultations for the problems of the Korean peninsula",
        ),
        (
            "event:2013-choe-ryong-hae-accepts-china-suggestion-of-talks",
            "dkg:IntentToMeet",
            "is willing to accept China’s suggestion to have talks with all parties.",
        ),
    }


def test_china_suggestion_and_north_korean_acceptance(oxigraph) -> None:
    """What did China suggest to North Korea, and how did North Korea answer?

    "North Korea has indicated that it is willing to take China’s advice and engage in talks."
    "... and is willing to accept China’s suggestion to have talks with all parties."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?outcome ?requested ?requestedModality ?party ?answer WHERE {{
          {KEI}
          ?fact a dkg:Proposal ; dkg:initiator state:china ; dkg:target state:north-korea ; dkg:outcome ?outcome ;
                dkg:requestedAct ?requested ; dkg:response ?answer .
          ?requested dkg:modality ?requestedModality ; dkg:participant ?party .
        }}""",
    )
    assert {(r["fact"], r["outcome"], r["requested"], r["requestedModality"], r["answer"]) for r in rows} == {
        (
            "event:2013-china-suggestion-of-talks-with-all-parties",
            "dkg:Accepted",
            "event:2013-proposed-talks-with-all-parties",
            "dkg:Proposed",
            "event:2013-choe-ryong-hae-accepts-china-suggestion-of-talks",
        )
    }
    assert column(rows, "party") == {"state:north-korea", "group:all-parties-korean-peninsula-talks"}


# --- Roles -----------------------------------------------------------------------------------------


def test_who_is_one_of_north_koreas_most_senior_military_officers(oxigraph) -> None:
    """Who is "one of North Korea's most senior military officers", and when does the article attest it?

    "Choe Ryong-hae, one of North Korea’s most senior military officers, said on Chinese State TV ..."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?person ?earliest ?latest WHERE {{
          {KEI}
          ?fact a org:Membership ; org:member ?person ; org:organization state:north-korea ;
                org:role role:senior-military-officer ; org:memberDuring ?span .
          ?span dkg:earliest ?earliest ; dkg:latest ?latest .
        }}""",
    )
    assert rows == [{"person": "person:choe-ryong-hae", "earliest": "2013-05-24", "latest": "2013-05-24"}]


def test_who_wrote_the_article_and_in_what_role(oxigraph) -> None:
    """Who wrote the article, and what post did he hold at which institute?

    "Troy Stangarone is the Senior Director for Congressional Affairs and Trade for the Korea Economic Institute."
    """
    rows = select(
        oxigraph,
        """SELECT ?author ?role ?organization WHERE {
          article:kei-2013-05-24 schema:author ?author ; dkg:authorRole ?holding .
          ?holding a org:Membership ; org:member ?author ; org:role ?role ; org:organization ?organization .
        }""",
    )
    assert rows == [
        {
            "author": "person:troy-stangarone",
            "role": "role:senior-director-congressional-affairs-and-trade",
            "organization": "organization:korea-economic-institute",
        }
    ]


# --- China's measures ------------------------------------------------------------------------------


def test_which_measures_china_took_against_north_korea_and_when(oxigraph) -> None:
    """Which punitive measures did China (or its banks and regulators) take against North Korea, and when?

    "Beyond its co-sponsorship of the recent UN sanctions resolution against North Korea, China has begun taking
    firmer measures against North Korea in its banking system. First, Chinese financial regulators warned North
    Korean banks ... This has been followed by the Bank of China and there other major Chinese commercial banks
    halting money transfers with the state run North Korean Foreign Trade Bank ..."
    None is dated: all happened by publication (2013-05-24), no earliest date is given.
    """
    rows = select(
        oxigraph,
        f"""SELECT DISTINCT ?fact ?type ?latest ?earliest WHERE {{
          {KEI}
          ?fact a dkg:PunitiveMeasure ; dkg:modality dkg:Actual ; dkg:initiator ?by ; dkg:target ?against ; dkg:when ?span .
          FILTER(?by = state:china || EXISTS {{ ?by dkg:nationality state:china }})
          FILTER(?against = state:north-korea || EXISTS {{ ?against dkg:nationality state:north-korea }})
          ?fact a ?type . FILTER(STRSTARTS(STR(?type), STR(dkg:)))
          FILTER NOT EXISTS {{ ?fact a ?sub . ?sub rdfs:subClassOf+ ?type . FILTER(?sub != ?type) }}
          ?span dkg:latest ?latest . OPTIONAL {{ ?span dkg:earliest ?earliest }}
        }}""",
    )
    assert rows and all("earliest" not in r for r in rows)
    assert {(r["fact"], r["type"], r["latest"]) for r in rows} == {
        ("event:2013-china-co-sponsors-un-sanctions-resolution", "dkg:SanctionsResolution", "2013-05-24"),
        ("event:2013-chinese-regulators-warn-north-korean-banks", "dkg:RegulatoryWarning", "2013-05-24"),
        ("event:2013-chinese-banks-halt-transfers-with-foreign-trade-bank", "dkg:BankingRestriction", "2013-05-24"),
    }


def test_what_the_author_counts_as_chinas_concrete_measures(oxigraph) -> None:
    """What makes up the "increasingly concrete measures" Beijing took to show its displeasure, and whom did each target?

    "... while Beijing has taken increasingly concrete measures to demonstrate its displeasure with Pyongyang."
    followed by the co-sponsorship, the regulators' warning and the banks' halt of transfers.
    (dkg:hasPart is the inferred inverse of dkg:partOf.)
    """
    rows = select(
        oxigraph,
        """SELECT ?part ?target WHERE {
          event:2013-china-measures-against-north-korea dkg:hasPart ?part ; dkg:initiator state:china ; dkg:target state:north-korea .
          ?part dkg:target ?target .
        }""",
    )
    assert pairs(rows, "part", "target") == {
        ("event:2013-china-co-sponsors-un-sanctions-resolution", "state:north-korea"),
        ("event:2013-chinese-regulators-warn-north-korean-banks", "group:north-korean-banks-in-china"),
        ("event:2013-chinese-banks-halt-transfers-with-foreign-trade-bank", "organization:foreign-trade-bank-of-north-korea"),
    }


def test_who_halted_transfers_and_what_prompted_it(oxigraph) -> None:
    """Which banks halted transfers with the Foreign Trade Bank, and after what?

    "This has been followed by the Bank of China and there other major Chinese commercial banks halting money
    transfers with the state run North Korean Foreign Trade Bank after the United States accused it of helping to
    finance Pyongyang’s nuclear weapons programs."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?bank ?count ?cause ?accuser ?accused ?topic WHERE {{
          {KEI}
          ?fact a dkg:BankingRestriction ; dkg:target organization:foreign-trade-bank-of-north-korea ;
                dkg:initiator ?bank ; dkg:inResponseTo ?cause .
          OPTIONAL {{ ?bank dkg:memberCount ?count }}
          ?cause a dkg:Accusation ; dkg:initiator ?accuser ; dkg:target ?accused ; dkg:topic ?topic .
        }}""",
    )
    assert {(r["bank"], r.get("count")) for r in rows} == {
        ("organization:bank-of-china", None),
        ("group:three-other-major-chinese-commercial-banks", "3"),
    }
    assert {(r["cause"], r["accuser"], r["accused"], r["topic"]) for r in rows} == {
        (
            "event:2013-united-states-accuses-foreign-trade-bank",
            "state:united-states",
            "organization:foreign-trade-bank-of-north-korea",
            "topic:north-korean-nuclear-programs",
        )
    }


def test_chinese_banking_measures_in_order(oxigraph) -> None:
    """Which of China's banking measures came first?

    "First, Chinese financial regulators warned North Korean banks ... This has been followed by the Bank of China
    and there other major Chinese commercial banks halting money transfers with the state run North Korean Foreign
    Trade Bank ..."
    """
    rows = select(
        oxigraph,
        """SELECT ?first ?then WHERE {
          ?first dkg:partOf event:2013-china-measures-against-north-korea ; dkg:when ?s1 .
          ?then dkg:partOf event:2013-china-measures-against-north-korea ; dkg:when ?s2 .
          ?s1 time:before ?s2 .
        }""",
    )
    assert pairs(rows, "first", "then") == {
        ("event:2013-chinese-regulators-warn-north-korean-banks", "event:2013-chinese-banks-halt-transfers-with-foreign-trade-bank")
    }


def test_order_of_acts_the_article_does_not_date(oxigraph) -> None:
    """Which acts does the article put in order without dating them?

    "First, Chinese financial regulators warned North Korean banks ... This has been followed by the Bank of China";
    Choe "said on Chinese State TV that ..." / "In a subsequent meeting with Xi Jinping"; Japan and North Korea "held
    talks last fall prior to the December satellite test".
    """
    rows = select(
        oxigraph,
        f"""SELECT ?first ?then WHERE {{
          {KEI.replace("?fact", "?first")}
          ?first dkg:when ?s1 . ?then dkg:when ?s2 . ?s1 time:before ?s2 .
        }}""",
    )
    assert pairs(rows, "first", "then") == {
        ("event:2013-chinese-regulators-warn-north-korean-banks", "event:2013-chinese-banks-halt-transfers-with-foreign-trade-bank"),
        ("event:2013-choe-ryong-hae-praise-of-china", "event:2013-choe-ryong-hae-meeting-with-xi-jinping"),
        ("event:2012-fall-japan-north-korea-talks-on-soldiers-remains", "event:2012-12-north-korea-satellite-launch"),
    }


def test_how_china_debates_its_approach(oxigraph) -> None:
    """Where has China been debating how to approach North Korea?

    "There has been increasing debate on how best to approach North Korea in semi-official publications such as the
    Global Times ..."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?who ?nationality WHERE {{
          {KEI}
          ?fact a dkg:MediaDebate ; dkg:modality dkg:Actual ; dkg:topic topic:approach-to-north-korea ; dkg:participant ?who .
          ?who dkg:nationality ?nationality .
        }}""",
    )
    assert pairs(rows, "who", "nationality") == {
        ("group:chinese-semi-official-publications", "state:china"),
        ("organization:global-times", "state:china"),
    }


# --- The Leap Day Agreement ------------------------------------------------------------------------


def test_who_reached_the_leap_day_agreement_and_when(oxigraph) -> None:
    """Who reached the Leap Day Agreement, and when?

    "Shortly after coming to power, North Korea reached what became known as the “Leap Day Agreement” with the
    United States." (the leap day: 29 February 2012)
    """
    rows = select(
        oxigraph,
        f"""SELECT ?party ?day ?precision ?outcome WHERE {{
          {KEI}
          ?fact a dkg:AgreementReached ; dkg:agreement agreement:leap-day-agreement ; dkg:modality dkg:Actual ;
                dkg:initiator ?party ; dkg:outcome ?outcome ; dkg:when ?span .
          ?span dkg:earliest ?day ; dkg:latest ?day ; dkg:precision ?precision .
        }}""",
    )
    assert {(r["party"], r["day"], r["precision"], r["outcome"]) for r in rows} == {
        ("state:north-korea", "2012-02-29", "dkg:Day", "dkg:Collapsed"),
        ("state:united-states", "2012-02-29", "dkg:Day", "dkg:Collapsed"),
    }


def test_what_the_leap_day_agreement_committed_each_side_to(oxigraph) -> None:
    """What did the Leap Day Agreement commit each side to?

    "The agreement called for Pyongyang to maintain a freeze on nuclear tests, long range missile launches, and
    nuclear enrichment activities, while the United States would provide food aid."
    """
    rows = select(
        oxigraph,
        """SELECT ?party ?act ?type WHERE {
          ?act dkg:committedUnder agreement:leap-day-agreement ; dkg:modality dkg:Committed ; dkg:initiator ?party .
          ?act a ?type . FILTER(STRSTARTS(STR(?type), STR(dkg:)))
          FILTER NOT EXISTS { ?act a ?sub . ?sub rdfs:subClassOf+ ?type . FILTER(?sub != ?type) }
        }""",
    )
    assert {(r["party"], r["act"], r["type"]) for r in rows} == {
        ("state:north-korea", "event:2012-north-korea-nuclear-test-moratorium", "dkg:Moratorium"),
        ("state:north-korea", "event:2012-north-korea-long-range-missile-launch-moratorium", "dkg:Moratorium"),
        ("state:north-korea", "event:2012-north-korea-nuclear-enrichment-moratorium", "dkg:Moratorium"),
        ("state:united-states", "event:2012-united-states-food-aid-to-north-korea", "dkg:FoodAid"),
    }


def test_where_the_article_says_north_korea_agreed_to_stop_long_range_launches(oxigraph) -> None:
    """Which passages of the article support North Korea's commitment to freeze long range missile launches?

    "The agreement called for Pyongyang to maintain a freeze on nuclear tests, long range missile launches, and
    nuclear enrichment activities, while the United States would provide food aid."
    "... despite having just agreed not to conduct long range missile tests."
    """
    rows = select(
        oxigraph,
        """SELECT ?source ?quote WHERE {
          event:2012-north-korea-long-range-missile-launch-moratorium dkg:evidence ?evidence .
          ?evidence oa:hasSource ?source ; oa:hasSelector/oa:exact ?quote .
        }""",
    )
    assert pairs(rows, "source", "quote") == {
        (
            "article:kei-2013-05-24",
            "The agreement called for Pyongyang to maintain a freeze on nuclear tests, long range missile launches, and"
            " nuclear enrichment activities",
        ),
        ("article:kei-2013-05-24", "despite having just agreed not to conduct long range missile tests"),
    }


def test_what_ended_the_leap_day_agreement(oxigraph) -> None:
    """What became of the Leap Day Agreement, and what brought it down?

    "That deal fell apart within weeks as Pyongyang followed through on a satellite launch despite having just
    agreed not to conduct long range missile tests."
    (dkg:committedUnder is a subproperty of dkg:agreement: the commitments are found too and kept out by class.)
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?cause ?causeType ?by ?since WHERE {{
          {KEI}
          ?fact dkg:agreement agreement:leap-day-agreement ; a dkg:AgreementCollapse ; dkg:modality dkg:Actual ;
                dkg:causedBy ?cause .
          ?cause a ?causeType ; dkg:initiator ?by ; dkg:modality dkg:Actual ; dkg:when/dkg:earliest ?since .
          FILTER(?causeType IN (dkg:SatelliteLaunch, dkg:MissileLaunch))
        }}""",
    )
    assert {(r["fact"], r["cause"], r["causeType"], r["by"], r["since"]) for r in rows} == {
        (
            "event:2012-leap-day-agreement-collapse",
            "event:2012-north-korea-satellite-launch-after-leap-day-agreement",
            "dkg:SatelliteLaunch",
            "state:north-korea",
            "2012-02-29",
        )
    }


# --- Launches, tests, the crisis, and the order of events ---------------------------------------------


def test_which_launches_and_tests_north_korea_carried_out(oxigraph) -> None:
    """Which launches and tests did North Korea carry out?

    "After December’s satellite launch, February’s nuclear test, and months of talk of war, ..."
    "... Pyongyang followed through on a satellite launch despite having just agreed not to conduct long range
    missile tests." (a different launch, weeks after the Leap Day Agreement)
    (dkg:Provocation is a superclass: the classes are found by reasoning.)
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?type WHERE {{
          {KEI}
          ?fact a dkg:Provocation ; dkg:initiator state:north-korea ; dkg:modality dkg:Actual .
          ?fact a ?type . FILTER(?type IN (dkg:SatelliteLaunch, dkg:MissileLaunch, dkg:NuclearTest))
        }}""",
    )
    assert pairs(rows, "fact", "type") == {
        ("event:2012-12-north-korea-satellite-launch", "dkg:SatelliteLaunch"),
        ("event:2012-north-korea-satellite-launch-after-leap-day-agreement", "dkg:SatelliteLaunch"),
        ("event:2013-02-north-korea-nuclear-test", "dkg:NuclearTest"),
    }


def test_what_opened_the_crisis(oxigraph) -> None:
    """Which provocations and threats make up the first full scale crisis under Kim Jong-un?

    "After December’s satellite launch, February’s nuclear test, and months of talk of war, is North Korea finally
    beginning to turn the corner in the first full scale crisis under Kim Jong-un?"
    """
    rows = select(
        oxigraph,
        f"""SELECT DISTINCT ?fact WHERE {{
          {KEI}
          ?fact dkg:partOf event:2013-north-korea-crisis ; dkg:initiator state:north-korea .
          {{ ?fact a dkg:Provocation }} UNION {{ ?fact a dkg:Threat }}
        }}""",
    )
    assert column(rows, "fact") == {
        "event:2012-12-north-korea-satellite-launch",
        "event:2013-02-north-korea-nuclear-test",
        "event:2013-north-korea-war-rhetoric",
    }


def test_order_of_the_dated_events(oxigraph) -> None:
    """In what order did the events the article dates happen?

    "Shortly after coming to power, North Korea reached what became known as the “Leap Day Agreement” ..."
    "North Korea and Japan held talks last fall prior to the December satellite test on the remains of Japanese soldiers"
    "After December’s satellite launch, February’s nuclear test, ..."
    "... there was a shift in the rhetorical use of dialogue in April ..."
    "In the last week, a senior Japanese official made a surprise visit to North Korea ..."
    (acts that happened, dated to a day, week, month or season; not those bounded on one side only)
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?earliest WHERE {{
          {KEI}
          ?fact a dkg:Act ; dkg:modality dkg:Actual ; dkg:when ?span .
          ?span dkg:earliest ?earliest ; dkg:latest ?latest ; dkg:precision ?precision .
          FILTER(?precision != dkg:BoundOnly)
        }} ORDER BY ?earliest ?latest""",
    )
    assert [r["fact"] for r in rows] == [
        "event:2012-02-29-leap-day-agreement-reached",
        "event:2012-fall-japan-north-korea-talks-on-soldiers-remains",
        "event:2012-12-north-korea-satellite-launch",
        "event:2013-02-north-korea-nuclear-test",
        "event:2013-04-north-korea-dialogue-rhetoric",
        "event:2013-05-japanese-official-visit-to-north-korea",
    ]


def test_earlier_talks_with_japan_came_to_nothing(oxigraph) -> None:
    """What were North Korea's talks with Japan last fall about, and what came of them?

    "North Korea and Japan held talks last fall prior to the December satellite test on the remains of Japanese
    soldiers, but ultimately nothing came of those talks."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?party ?topic ?outcome ?earliest ?latest ?precision WHERE {{
          {KEI}
          ?fact a dkg:Talks ; dkg:modality dkg:Actual ; dkg:participant state:japan, ?party ; dkg:topic ?topic ;
                dkg:outcome ?outcome ; dkg:when ?span .
          FILTER(?party != state:japan)
          ?span dkg:earliest ?earliest ; dkg:latest ?latest ; dkg:precision ?precision .
        }}""",
    )
    assert [dict(r) for r in rows] == [
        {
            "fact": "event:2012-fall-japan-north-korea-talks-on-soldiers-remains",
            "party": "state:north-korea",
            "topic": "topic:remains-of-japanese-soldiers",
            "outcome": "dkg:NoResult",
            "earliest": "2012-09-01",
            "latest": "2012-12-22",
            "precision": "dkg:Season",
        }
    ]


# --- Offers, refusals, Kaesong ----------------------------------------------------------------------


def test_offers_of_talks_to_north_korea_and_their_fate(oxigraph) -> None:
    """Who offered North Korea talks, and what became of each offer?

    "... despite the regime’s refusal to accept U.S. and South Korean offers of talks."
    "Since the closure of the Kaesong Industrial Complex, the South Korean government has called for talks with North
    Korea to restart operations and retrieve finished goods and materials. North Korea has rejected these talks."
    "... is willing to accept China’s suggestion to have talks with all parties."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?by ?outcome WHERE {{
          {KEI}
          ?fact a dkg:Offer ; dkg:modality dkg:Actual ; dkg:target state:north-korea ; dkg:initiator ?by ; dkg:outcome ?outcome .
        }}""",
    )
    assert {(r["fact"], r["by"], r["outcome"]) for r in rows} == {
        ("event:2013-united-states-offer-of-talks-to-north-korea", "state:united-states", "dkg:Rejected"),
        ("event:2013-south-korea-offer-of-talks-to-north-korea", "state:south-korea", "dkg:Rejected"),
        ("event:2013-south-korea-call-for-kaesong-talks", "state:south-korea", "dkg:Rejected"),
        ("event:2013-china-suggestion-of-talks-with-all-parties", "state:china", "dkg:Accepted"),
    }


def test_what_north_korea_refused(oxigraph) -> None:
    """Which offers of talks did North Korea refuse, and whose?

    "... despite the regime’s refusal to accept U.S. and South Korean offers of talks."
    "North Korea has rejected these talks."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?offer ?offerer WHERE {{
          {KEI}
          ?fact a dkg:Refusal ; dkg:initiator state:north-korea ; dkg:modality dkg:Actual ; dkg:inResponseTo ?offer ; dkg:target ?offerer .
          ?offer dkg:initiator ?offerer .
        }}""",
    )
    assert {(r["fact"], r["offer"], r["offerer"]) for r in rows} == {
        (
            "event:2013-north-korea-refusal-of-us-and-south-korean-talks",
            "event:2013-united-states-offer-of-talks-to-north-korea",
            "state:united-states",
        ),
        (
            "event:2013-north-korea-refusal-of-us-and-south-korean-talks",
            "event:2013-south-korea-offer-of-talks-to-north-korea",
            "state:south-korea",
        ),
        ("event:2013-north-korea-rejects-kaesong-talks", "event:2013-south-korea-call-for-kaesong-talks", "state:south-korea"),
    }


def test_kim_jong_un_has_no_summit_invitation(oxigraph) -> None:
    """Has China invited Kim Jong-un to a summit?

    "In contrast to China’s warm initial embrace of Park Geun-hye, who is expected to visit Beijing in June, Kim
    Jong-un has yet to receive a summit invitation from China."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?modality WHERE {{
          {KEI}
          ?fact a dkg:Invitation ; dkg:initiator state:china ; dkg:target person:kim-jong-un ; dkg:modality ?modality .
        }}""",
    )
    assert pairs(rows, "fact", "modality") == {("event:2013-china-summit-invitation-to-kim-jong-un", "dkg:NotHappened")}


def test_who_is_expected_in_beijing_and_when(oxigraph) -> None:
    """Who is expected to visit Beijing, and when?

    "In contrast to China’s warm initial embrace of Park Geun-hye, who is expected to visit Beijing in June, ..."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?who ?earliest ?latest WHERE {{
          {KEI}
          ?fact a dkg:Visit ; dkg:modality dkg:Expected ; dkg:place place:beijing ; dkg:initiator ?who ; dkg:when ?span .
          ?who a dkg:Person .
          ?span dkg:earliest ?earliest ; dkg:latest ?latest ; dkg:precision dkg:Month .
        }}""",
    )
    assert rows == [{"who": "person:park-geun-hye", "earliest": "2013-06-01", "latest": "2013-06-30"}]


def test_how_north_korea_handled_kaesong(oxigraph) -> None:
    """After the Kaesong Industrial Complex closed, what did South Korea ask, and what did North Korea do instead?

    "Since the closure of the Kaesong Industrial Complex, the South Korean government has called for talks with North
    Korea to restart operations and retrieve finished goods and materials. North Korea has rejected these talks.
    However, North Korea has instead chosen to reach out directly to the companies in an effort to divide them from
    the South Korean government."
    """
    chain = select(
        oxigraph,
        f"""SELECT ?fact ?by WHERE {{
          {KEI}
          ?fact dkg:inResponseTo+ event:2013-kaesong-industrial-complex-closure ; dkg:initiator ?by .
        }}""",
    )
    assert pairs(chain, "fact", "by") == {
        ("event:2013-south-korea-call-for-kaesong-talks", "state:south-korea"),
        ("event:2013-north-korea-rejects-kaesong-talks", "state:north-korea"),
    }
    outreach = select(
        oxigraph,
        f"""SELECT ?fact ?whom ?nationality WHERE {{
          {KEI}
          ?fact a dkg:Outreach ; dkg:initiator state:north-korea ; dkg:modality dkg:Actual ;
                dkg:topic topic:kaesong-industrial-complex-operations ; dkg:target ?whom .
          ?whom dkg:nationality ?nationality .
        }}""",
    )
    assert {(r["fact"], r["whom"], r["nationality"]) for r in outreach} == {
        ("event:2013-north-korea-outreach-to-kaesong-companies", "group:south-korean-firms-in-kaesong", "state:south-korea")
    }


# --- Japan and the envoy's visit --------------------------------------------------------------------


def test_what_japan_did_or_might_do(oxigraph) -> None:
    """What did Japan do, or take part in, or might it do (acts done to Japan aside), and did each happen?

    "In the last week, a senior Japanese official made a surprise visit to North Korea that has the Japanese
    government considering the resumption of talks with Pyongyang on the abduction of Japanese citizens."
    "If North Korea were to take meaningful efforts to resolve the issue, Japan would be better placed to play a role
    in a revived Six Party Talks."
    "North Korea and Japan held talks last fall ... on the remains of Japanese soldiers ..."
    (dkg:initiator and dkg:target are subproperties of dkg:participant: Japan's own acts are found by reasoning; acts
    targeting Japan, such as the abduction of its citizens, are left out; talks with Japan as their other side are
    something Japan takes part in.)
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?modality WHERE {{
          {KEI}
          ?fact a dkg:Act ; dkg:participant state:japan ; dkg:modality ?modality .
          FILTER NOT EXISTS {{ ?fact dkg:target state:japan FILTER NOT EXISTS {{ ?fact a dkg:Consultation }} }}
        }}""",
    )
    assert pairs(rows, "fact", "modality") == {
        ("event:2013-05-japanese-official-visit-to-north-korea", "dkg:Actual"),
        ("event:2013-05-japan-considers-resuming-abduction-talks", "dkg:Actual"),
        ("event:2012-fall-japan-north-korea-talks-on-soldiers-remains", "dkg:Actual"),
        ("event:2013-japan-north-korea-abduction-talks", "dkg:Considered"),
        ("event:2013-revived-six-party-talks", "dkg:Hypothetical"),
    }


def test_the_japanese_envoys_visit(oxigraph) -> None:
    """Who made the surprise visit to North Korea, when, how is it described, and what followed from it?

    "In the last week, a senior Japanese official made a surprise visit to North Korea that has the Japanese
    government considering the resumption of talks with Pyongyang on the abduction of Japanese citizens."
    "... because of the secretive nature of the initial overture and North Korea’s leak of the visit, ..."
    """
    visit = "https://w3id.org/diplokg/id/event/2013-05-japanese-official-visit-to-north-korea"
    rows = select(
        oxigraph,
        """SELECT ?envoy ?role ?state ?earliest ?latest ?precision WHERE {
          ?visit a dkg:Visit ; dkg:initiator ?envoy ; dkg:target state:north-korea ; dkg:when ?span .
          ?envoy a dkg:Person .
          ?holding a org:Membership ; org:member ?envoy ; org:role ?role ; org:organization ?state .
          ?span dkg:earliest ?earliest ; dkg:latest ?latest ; dkg:precision ?precision .
        }""",
        visit=visit,
    )
    assert rows == [
        {
            "envoy": "person:unnamed-senior-japanese-official-2013-05",
            "role": "role:senior-official",
            "state": "state:japan",
            "earliest": "2013-05-17",
            "latest": "2013-05-24",
            "precision": "dkg:Week",
        }
    ]
    described = select(oxigraph, "SELECT ?c WHERE { ?visit dkg:characterisation ?c }", visit=visit)
    assert column(described, "c") == {"surprise", "secretive"}
    followed = select(
        oxigraph,
        f"""SELECT ?fact ?type ?by WHERE {{
          {KEI}
          {{ ?fact dkg:causedBy ?visit }} UNION {{ ?fact a dkg:Disclosure ; dkg:topic ?visit }}
          ?fact dkg:initiator ?by ; a ?type . FILTER(?type IN (dkg:PolicyConsideration, dkg:Disclosure))
        }}""",
        visit=visit,
    )
    assert {(r["fact"], r["type"], r["by"]) for r in followed} == {
        ("event:2013-05-japan-considers-resuming-abduction-talks", "dkg:PolicyConsideration", "state:japan"),
        ("event:2013-05-north-korea-leak-of-japanese-visit", "dkg:Disclosure", "state:north-korea"),
    }


# --- Relations --------------------------------------------------------------------------------------


def test_which_relations_are_strained(oxigraph) -> None:
    """Which bilateral relations does the author describe as strained (or in crisis), between which states?

    "In recent months, North Korea’s relationship with China has become strained as the new leadership in Pyongyang
    raised tensions across the region."
    "At the same time, it’s handling of the current crisis with South Korea ..."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?relation ?state WHERE {{
          {KEI}
          ?fact a dkg:RelationCharacterisation ; dkg:relationState dkg:Strained ; dkg:relation ?relation .
          ?relation dkg:between ?state .
        }}""",
    )
    assert pairs(rows, "relation", "state") == {
        ("relation:china-north-korea", "state:china"),
        ("relation:china-north-korea", "state:north-korea"),
        ("relation:north-korea-south-korea", "state:north-korea"),
        ("relation:north-korea-south-korea", "state:south-korea"),
    }


def test_how_the_author_characterises_china_north_korea_ties(oxigraph) -> None:
    """How does the author characterise China–North Korea relations, and which way are they going?

    "In recent months, North Korea’s relationship with China has become strained ..."
    "Given the deterioration in relations with China, North Korea needed to take steps to improve relations with its
    sole international patron."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?state ?trend WHERE {{
          {KEI}
          ?fact dkg:relation relation:china-north-korea ; dkg:relationState ?state ; dkg:claimant person:troy-stangarone .
          OPTIONAL {{ ?fact dkg:trend ?trend }}
        }}""",
    )
    assert {(r["state"], r.get("trend")) for r in rows} == {
        ("dkg:Strained", "dkg:Worsening"),
        ("dkg:Deteriorating", "dkg:Worsening"),
        ("dkg:PatronClient", None),
    }


# --- Claims: what the author assesses, and what is attributed to others -------------------------------


def test_open_questions_the_author_asks(oxigraph) -> None:
    """Which open questions does the author pose?

    Headline: "Is North Korea Finally Ready To Talk?"
    "... is North Korea finally beginning to turn the corner in the first full scale crisis under Kim Jong-un?"
    "... the real question is whether this is a sign that North Korea is willing to engage again in discussions on
    its nuclear programs or merely a tactical step designed to reduce pressure on the regime and repair frayed ties
    with China?"
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact WHERE {{ {KEI} ?fact a dkg:OpenQuestion ; prov:wasAttributedTo person:troy-stangarone . }}""",
    )
    assert column(rows, "fact") == {
        "claim:kei-2013-05-24-ready-to-talk",
        "claim:kei-2013-05-24-turning-the-corner",
        "claim:kei-2013-05-24-real-question",
    }


def test_grounds_for_the_authors_tentative_answer(oxigraph) -> None:
    """What does the author tentatively conclude, how sure is he, and on what grounds?

    "While it would be premature to say that North Korea will not at some point seek to engage in meaningful
    discussions regarding its nuclear program, other factors indicate that the current moves may be more tactical.
    Given the deterioration in relations with China, North Korea needed to take steps to improve relations with its
    sole international patron. At the same time, it’s handling of the current crisis with South Korea and
    prospective talks with Japan suggest that it may not yet be ready for full fledged talks ..."
    Earlier: "recent actions by Pyongyang raise concerns that this is potentially a tactical step ..." and "the record
    for talks under Kim Jong-un is not positive."
    """
    rows = select(
        oxigraph,
        """SELECT ?ground ?groundCertainty ?certainty WHERE {
          claim:kei-2013-05-24-current-moves-more-tactical dkg:claimant person:troy-stangarone ; dkg:certainty ?certainty .
          ?ground dkg:supports claim:kei-2013-05-24-current-moves-more-tactical ; dkg:certainty ?groundCertainty .
        }""",
    )
    assert column(rows, "certainty") == {"dkg:Possible"}
    assert pairs(rows, "ground", "groundCertainty") == {
        ("claim:kei-2013-05-24-needed-to-improve-china-ties", "dkg:Certain"),
        ("claim:kei-2013-05-24-not-yet-ready-for-nuclear-talks", "dkg:Possible"),
        ("claim:kei-2013-05-24-potentially-tactical", "dkg:Possible"),
        ("claim:kei-2013-05-24-talks-record-not-positive", "dkg:Certain"),
    }


def test_what_the_author_says_of_china(oxigraph) -> None:
    """What does the author assess about China's policy towards North Korea?

    "Instead, while it is too soon to say that China has decided that it will change its policy towards North Korea,
    there are clear signs that Beijing has grown weary of North Korea’s actions."
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?certainty WHERE {{
          {KEI}
          ?fact a dkg:Assessment ; dkg:claimant person:troy-stangarone ; dkg:about state:china ; dkg:certainty ?certainty .
          FILTER NOT EXISTS {{ ?fact a dkg:RelationCharacterisation }}
        }}""",
    )
    assert pairs(rows, "fact", "certainty") == {
        ("claim:kei-2013-05-24-too-soon-china-policy-change", "dkg:Certain"),
        ("claim:kei-2013-05-24-beijing-weary", "dkg:Certain"),
    }


def test_claims_attributed_to_others_than_the_author(oxigraph) -> None:
    """Which claims does the article attribute to someone other than its author, to whom, and from which countries?

    "However, because of the secretive nature of the initial overture and North Korea’s leak of the visit, concerns
    have been raised in South Korea and the United States that if not properly handled Japan’s efforts could be used
    by North Korea to divide the United States, South Korea, and Japan on policy towards Pyongyang."
    (dkg:claimant is a subproperty of prov:wasAttributedTo.)
    """
    rows = select(
        oxigraph,
        f"""SELECT ?fact ?type ?who ?country WHERE {{
          {KEI}
          ?fact a dkg:Claim ; prov:wasAttributedTo ?who . FILTER(?who != person:troy-stangarone)
          ?fact a ?type . FILTER(STRSTARTS(STR(?type), STR(dkg:)))
          FILTER NOT EXISTS {{ ?fact a ?sub . ?sub rdfs:subClassOf+ ?type . FILTER(?sub != ?type) }}
          OPTIONAL {{ ?who dkg:nationality ?country }}
        }}""",
    )
    assert {(r["fact"], r["type"], r["who"], r.get("country")) for r in rows} == {
        (
            "claim:kei-2013-05-24-japan-efforts-could-divide-allies",
            "dkg:Concern",
            "group:concerned-voices-in-south-korea-and-the-united-states",
            "state:south-korea",
        ),
        (
            "claim:kei-2013-05-24-japan-efforts-could-divide-allies",
            "dkg:Concern",
            "group:concerned-voices-in-south-korea-and-the-united-states",
            "state:united-states",
        ),
    }


def test_promise_and_peril_of_japans_talks(oxigraph) -> None:
    """What are the promise and the peril the author sees in Japan's prospective talks with North Korea?

    "In the case of Japan, the prospective talks with North Korea regarding the abduction issue hold both promise and
    peril. If North Korea were to take meaningful efforts to resolve the issue, Japan would be better placed to play
    a role in a revived Six Party Talks. However, ... concerns have been raised ... that if not properly handled
    Japan’s efforts could be used by North Korea to divide the United States, South Korea, and Japan ..."
    """
    rows = select(
        oxigraph,
        """SELECT ?claim ?type WHERE {
          ?claim dkg:supports claim:kei-2013-05-24-japan-talks-promise-and-peril ; a ?type .
          FILTER(?type IN (dkg:Prediction, dkg:Concern))
        }""",
    )
    assert pairs(rows, "claim", "type") == {
        ("claim:kei-2013-05-24-japan-role-in-six-party-talks", "dkg:Prediction"),
        ("claim:kei-2013-05-24-japan-efforts-could-divide-allies", "dkg:Concern"),
    }
