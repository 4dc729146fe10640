"""Questions the Foreign Affairs article answers, asked of the built graph (with inferences) in SPARQL.

Source: Jung-Chul Lee and Inwook Kim, "Making Sense of North Korea", Foreign Affairs, 21 January 2015
(shared/sources/002_29f3fe4274afec98.txt, a repost whose em-dashes were lost: "communicationboorish").
Each test asserts the exact answer the article gives; its docstring quotes the sentence the answer comes from.
"""

from __future__ import annotations

import pytest
from conftest import select

FA = "https://w3id.org/diplokg/id/article/foreign-affairs-2015-01-21"
CHARM_OFFENSIVE = "https://w3id.org/diplokg/id/event/2014-09-north-korea-charm-offensive"
AUTHORS = {"person:inwook-kim", "person:jung-chul-lee"}


def rows_of(rows: list[dict[str, str]], *keys: str) -> set[tuple[str | None, ...]]:
    """The rows as a set of tuples of the given variables (None where a variable is unbound)."""
    return {tuple(row.get(k) for k in keys) for row in rows}


def column(rows: list[dict[str, str]], key: str) -> set[str | None]:
    return {row.get(key) for row in rows}


# --- The charm offensive -----------------------------------------------------------------------------


def test_charm_offensive_acts_by_north_korea_and_their_targets(oxigraph) -> None:
    """Which acts did North Korea make as part of its charm offensive, and towards whom?

    "The thaw began in September, 2014. After a 15-year absence at the United Nations, Pyongyang sent Ri Su Yong,
    its foreign minister, to New York to speak before the General Assembly [...] In October, [...] top officials made
    an unprecedented appearance at the closing ceremony of the Asian Games in Incheon and proposed resuming high-level
    meetings with the South. Soon after, as an ostensible olive branch to Washington, Pyongyang gradually released
    three U.S. citizens [...] North Korea even reached out to Moscow in mid-November, sending Choe Ryong-hae [...]
    There, he met with Russian Prime Minister Vladimir Putin [...] during his new year’s address, Kim Jong Un expressed
    an interest in meeting with South Korean President Park Geun-Hye." / "On January 10, Pyongyang offered a
    concession [...] if Washington would cancel its upcoming military drills" / "is now testing the waters with other
    countries, particularly the United States". The parts are found through the transitive dkg:partOf.
    """
    rows = select(
        oxigraph,
        """SELECT ?act ?target WHERE {
             ?act dkg:partOf ?campaign ; dkg:initiator state:north-korea ; a dkg:Act ; prov:wasDerivedFrom ?article .
             OPTIONAL { ?act dkg:target ?target FILTER EXISTS { ?target a dkg:State } }
           }""",
        campaign=CHARM_OFFENSIVE,
        article=FA,
    )
    assert rows_of(rows, "act", "target") == {
        ("event:2014-09-ri-su-yong-visit-to-new-york", None),
        ("event:2014-09-ri-su-yong-speech-to-un-general-assembly", None),
        ("event:2014-10-north-korean-top-officials-visit-to-incheon", "state:south-korea"),
        ("event:2014-10-north-korea-proposal-to-resume-high-level-meetings", "state:south-korea"),
        ("event:north-korea-release-of-three-us-citizens", "state:united-states"),
        ("event:2014-11-north-korea-outreach-to-russia", "state:russia"),
        ("event:2014-11-choe-ryong-hae-visit-to-moscow", "state:russia"),
        ("event:2014-11-choe-ryong-hae-meeting-with-vladimir-putin", "state:russia"),
        ("event:2015-01-01-kim-jong-un-new-years-address", None),
        ("event:2015-01-01-kim-jong-un-interest-in-meeting-park-geun-hye", "state:south-korea"),
        ("event:2015-01-10-north-korea-conditional-offer-to-halt-nuclear-testing", "state:united-states"),
        ("event:north-korea-outreach-to-united-states", "state:united-states"),
    }


def test_charm_offensive_acts_in_order(oxigraph) -> None:
    """In what order did the main moves of the thaw come, from its start in September 2014 to January 10?

    "The thaw began in September, 2014. After a 15-year absence at the United Nations, Pyongyang sent Ri Su Yong [...]
    In October, [...] top officials made an unprecedented appearance at the closing ceremony of the Asian Games in
    Incheon [...] At the end of October, Pyongyang and Tokyo made progress [...] North Korea welcomed a delegation of
    Japanese officials for the first time in ten years [...] North Korea even reached out to Moscow in mid-November
    [...] during his new year’s address, Kim Jong Un expressed an interest in meeting with South Korean President
    Park Geun-Hye." / "On January 10, Pyongyang offered a concession in its standoff with the West".
    """
    rows = select(
        oxigraph,
        """SELECT ?act ?earliest WHERE {
             VALUES ?act { event:2014-09-ri-su-yong-speech-to-un-general-assembly
                           event:2014-10-north-korean-top-officials-visit-to-incheon
                           event:2014-10-japanese-officials-visit-to-north-korea
                           event:2014-11-choe-ryong-hae-visit-to-moscow
                           event:2015-01-01-kim-jong-un-interest-in-meeting-park-geun-hye
                           event:2015-01-10-north-korea-conditional-offer-to-halt-nuclear-testing }
             ?act dkg:partOf ?campaign ; dkg:when/dkg:earliest ?earliest .
           } ORDER BY ?earliest""",
        campaign=CHARM_OFFENSIVE,
    )
    assert [(r["act"], r["earliest"]) for r in rows] == [
        ("event:2014-09-ri-su-yong-speech-to-un-general-assembly", "2014-09-01"),
        ("event:2014-10-north-korean-top-officials-visit-to-incheon", "2014-10-01"),
        ("event:2014-10-japanese-officials-visit-to-north-korea", "2014-10-16"),
        ("event:2014-11-choe-ryong-hae-visit-to-moscow", "2014-11-08"),
        ("event:2015-01-01-kim-jong-un-interest-in-meeting-park-geun-hye", "2015-01-01"),
        ("event:2015-01-10-north-korea-conditional-offer-to-halt-nuclear-testing", "2015-01-10"),
    ]


def test_offers_north_korea_made(oxigraph) -> None:
    """What did North Korea offer, what would it do and what did it ask in return? (dkg:Offer by inference)

    "On January 10, Pyongyang offered a concession in its standoff with the West: It would temporarily halt its
    nuclear testing if Washington would cancel its upcoming military drills with South Korea." / "top officials [...]
    proposed resuming high-level meetings with the South."
    """
    rows = select(
        oxigraph,
        """SELECT ?offer ?target ?offered ?offeredModality ?requested ?requestedBy WHERE {
             ?offer a dkg:Offer ; dkg:initiator state:north-korea ; dkg:target ?target ; prov:wasDerivedFrom ?article .
             OPTIONAL { ?offer dkg:offeredAct ?offered . ?offered dkg:modality ?offeredModality }
             OPTIONAL { ?offer dkg:requestedAct ?requested . ?requested dkg:initiator ?requestedBy }
           }""",
        article=FA,
    )
    assert rows_of(rows, "offer", "target", "offered", "offeredModality", "requested", "requestedBy") == {
        (
            "event:2015-01-10-north-korea-conditional-offer-to-halt-nuclear-testing",
            "state:united-states",
            "event:north-korea-nuclear-testing-halt-offered",
            "dkg:Proposed",
            "event:united-states-drills-cancellation-requested",
            "state:united-states",
        ),
        (
            "event:2014-10-north-korea-proposal-to-resume-high-level-meetings",
            "state:south-korea",
            "event:north-korea-south-korea-high-level-meetings-proposed",
            "dkg:Proposed",
            None,
            None,
        ),
    }
    concessions = select(
        oxigraph,
        """SELECT ?act ?kind WHERE {
             VALUES ?act { event:north-korea-nuclear-testing-halt-offered event:united-states-drills-cancellation-requested }
             ?act a dkg:Concession , ?kind .
             ?kind rdfs:subClassOf dkg:Concession . FILTER(?kind != dkg:Concession)
           }""",
    )
    assert rows_of(concessions, "act", "kind") == {
        ("event:north-korea-nuclear-testing-halt-offered", "dkg:Moratorium"),
        ("event:united-states-drills-cancellation-requested", "dkg:Cancellation"),
    }


def test_ri_su_yong_speech_to_the_general_assembly(oxigraph) -> None:
    """Who spoke for North Korea at the UN, where, in what role and with what call?

    "After a 15-year absence at the United Nations, Pyongyang sent Ri Su Yong, its foreign minister, to New York to
    speak before the General Assembly where he made a call “to prevent war and safeguard peace” in the Korean
    peninsula."
    """
    rows = select(
        oxigraph,
        """SELECT ?speaker ?audience ?place ?quotation ?role ?state ?absence WHERE {
             event:2014-09-ri-su-yong-speech-to-un-general-assembly a dkg:Speech ;
               dkg:initiator ?speaker ; dkg:target ?audience ; dkg:place ?place ; dkg:quotation ?quotation ;
               dkg:partOf ?visit .
             ?visit a dkg:Visit ; dkg:characterisation ?absence .
             ?speaker a dkg:Person .
             ?holding org:member ?speaker ; org:role ?role ; org:organization ?state ; prov:wasDerivedFrom ?article .
           }""",
        article=FA,
    )
    assert rows_of(rows, "speaker", "audience", "place", "quotation", "role", "state", "absence") == {
        (
            "person:ri-su-yong",
            "organization:un-general-assembly",
            "place:new-york-city",
            "to prevent war and safeguard peace",
            "role:foreign-minister",
            "state:north-korea",
            "after a 15-year absence at the United Nations",
        )
    }


def test_incheon_asian_games_appearance(oxigraph) -> None:
    """Who appeared at the Incheon Asian Games, at what, and what did they propose?

    "In October, after North Korean leader Kim Jong Un mysteriously disappeared from public view for a month, top
    officials made an unprecedented appearance at the closing ceremony of the Asian Games in Incheon and proposed
    resuming high-level meetings with the South."
    """
    rows = select(
        oxigraph,
        """SELECT ?who ?host ?place ?occasion ?how ?proposal ?proposed WHERE {
             event:2014-10-north-korean-top-officials-visit-to-incheon a dkg:Visit ; dkg:initiator ?who ; dkg:target ?host ;
               dkg:place ?place ; dkg:characterisation ?how ; dkg:partOf ?occasion .
             ?occasion a dkg:SportsEvent .
             ?proposal a dkg:OfferOfTalks ; dkg:initiator ?who ; dkg:offeredAct ?proposed ; prov:wasDerivedFrom ?article .
           }""",
        article=FA,
    )
    assert rows_of(rows, "who", "host", "place", "occasion", "how", "proposal", "proposed") == {
        (
            who,
            "state:south-korea",
            "place:incheon",
            "event:2014-10-asian-games-closing-ceremony-incheon",
            "unprecedented",
            "event:2014-10-north-korea-proposal-to-resume-high-level-meetings",
            "event:north-korea-south-korea-high-level-meetings-proposed",
        )
        for who in ("group:north-korean-top-officials-at-incheon", "state:north-korea")
    }


def test_release_of_three_us_citizens(oxigraph) -> None:
    """Whom did Pyongyang release, as a gesture to whom, and where and why had they been held?

    "Soon after, as an ostensible olive branch to Washington, Pyongyang gradually released three U.S. citizens who had
    been held in North Korean labor camps, some for evangelism, which is illegal there."
    """
    rows = select(
        oxigraph,
        """SELECT ?released ?count ?to ?how ?heldIn ?heldFor WHERE {
             event:north-korea-release-of-three-us-citizens a dkg:Release , dkg:Concession ;
               dkg:initiator state:north-korea ; dkg:participant ?released ; dkg:target ?to ; dkg:characterisation ?how .
             ?released a dkg:Group ; dkg:memberCount ?count .
             ?detention a dkg:Detention ; dkg:target ?released ; dkg:place ?heldIn ; dkg:topic ?heldFor ;
                        prov:wasDerivedFrom ?article .
           }""",
        article=FA,
    )
    assert rows_of(rows, "released", "count", "to", "how", "heldIn", "heldFor") == {
        (
            "group:three-us-citizens-held-in-north-korea",
            "3",
            "state:united-states",
            how,
            "place:north-korean-labor-camps",
            "topic:evangelism",
        )
        for how in ("ostensible olive branch", "gradually")
    }


def test_japanese_delegation_on_the_abductees(oxigraph) -> None:
    """Which delegation did North Korea welcome at the end of October, about what, and with what result?

    "At the end of October, Pyongyang and Tokyo made progress in ending decades of chilly relations after the abduction
    of possibly hundreds of Japanese citizens during the Cold War. Although the two countries do not have formal
    diplomatic relations, North Korea welcomed a delegation of Japanese officials for the first time in ten years to
    discuss new investigations into the hostages’ whereabouts."
    """
    rows = select(
        oxigraph,
        """SELECT ?visitor ?host ?first ?talks ?topic ?outcome WHERE {
             event:2014-10-japanese-officials-visit-to-north-korea a dkg:Visit ; dkg:initiator ?visitor ; dkg:target ?host ;
               dkg:characterisation ?first ; dkg:partOf ?campaign .
             ?talks a dkg:Talks ; dkg:partOf event:2014-10-japanese-officials-visit-to-north-korea ; dkg:topic ?topic ;
               dkg:outcome ?outcome ; prov:wasDerivedFrom ?article .
           }""",
        campaign=CHARM_OFFENSIVE,
        article=FA,
    )
    assert rows_of(rows, "visitor", "host", "first", "talks", "topic", "outcome") == {
        (
            visitor,
            "state:north-korea",
            "for the first time in ten years",
            "event:2014-10-japan-north-korea-talks-on-abductees",
            "topic:abduction-of-japanese-citizens",
            "dkg:Progress",
        )
        for visitor in ("group:japanese-officials-delegation", "state:japan")
    }


def test_choe_ryong_hae_tour_of_moscow(oxigraph) -> None:
    """Who did Pyongyang send to Moscow, for how long, whom did he meet and what did his host say?

    "North Korea even reached out to Moscow in mid-November, sending Choe Ryong-hae, a senior official close to Kim, on
    an eight-day tour of the capital. There, he met with Russian Prime Minister Vladimir Putin who said, “A further
    deepening of political ties and trade and economic cooperation is definitely in the interest of the peoples of both
    countries and ensuring regional stability and security.”"
    """
    rows = select(
        oxigraph,
        """SELECT ?host ?place ?duration ?means ?met ?said WHERE {
             ?visit a dkg:Visit ; dkg:initiator person:choe-ryong-hae ; dkg:target ?host ; dkg:place ?place ;
               time:hasDuration [ time:numericDuration ?amount ; time:unitType ?unit ] ; prov:wasDerivedFrom ?article .
             BIND(CONCAT(STR(?amount), " ", STRAFTER(STR(?unit), "#unit")) AS ?duration)
             ?outreach a dkg:Outreach ; dkg:means ?visit .
             BIND(?outreach AS ?means)
             ?meeting a dkg:Meeting ; dkg:partOf ?visit ; dkg:participant ?met .
             ?met a dkg:Person . FILTER(?met != person:choe-ryong-hae)
             ?statement dkg:partOf ?meeting ; dkg:initiator ?met ; dkg:quotation ?said .
           }""",
        article=FA,
    )
    assert rows_of(rows, "host", "place", "duration", "means", "met", "said") == {
        (
            "state:russia",
            "place:moscow",
            "8 Day",
            "event:2014-11-north-korea-outreach-to-russia",
            "person:vladimir-putin",
            "A further deepening of political ties and trade and economic cooperation is definitely in the interest of the "
            "peoples of both countries and ensuring regional stability and security.",
        )
    }


def test_choe_ryong_hae_role_and_tie_in_2014(oxigraph) -> None:
    """What was Choe Ryong-hae when he went to Moscow, and whom was he close to?

    "sending Choe Ryong-hae, a senior official close to Kim, on an eight-day tour of the capital."
    """
    roles = select(
        oxigraph,
        """SELECT ?role ?state WHERE {
             ?holding a dkg:RoleHolding ; org:member person:choe-ryong-hae ; org:role ?role ; org:organization ?state ;
               prov:wasDerivedFrom ?article .
           }""",
        article=FA,
    )
    assert rows_of(roles, "role", "state") == {("role:senior-official", "state:north-korea")}
    ties = select(
        oxigraph,
        """SELECT ?kind ?to WHERE {
             ?tie dkg:tieFrom person:choe-ryong-hae ; dkg:tieKind ?kind ; dkg:tieTo ?to ; prov:wasDerivedFrom ?article .
           }""",
        article=FA,
    )
    assert rows_of(ties, "kind", "to") == {("dkg:CloseTo", "person:kim-jong-un")}


def test_kim_jong_un_interest_in_meeting_park(oxigraph) -> None:
    """Whom did Kim Jong Un say he would meet, when, and in what capacity is she named?

    "In another surprising move, during his new year’s address, Kim Jong Un expressed an interest in meeting with
    South Korean President Park Geun-Hye."
    """
    rows = select(
        oxigraph,
        """SELECT ?target ?summit ?summitModality ?address ?date ?precision WHERE {
             event:2015-01-01-kim-jong-un-interest-in-meeting-park-geun-hye a dkg:IntentToMeet ;
               dkg:initiator person:kim-jong-un ; dkg:target ?target ; dkg:topic ?summit ; dkg:partOf ?address ;
               dkg:when [ dkg:earliest ?date ; dkg:latest ?date ; dkg:precision ?precision ] .
             ?summit a dkg:Summit ; dkg:modality ?summitModality .
             ?address a dkg:Speech .
           }""",
    )
    assert rows_of(rows, "target", "summit", "summitModality", "address", "date", "precision") == {
        (
            target,
            "event:kim-jong-un-park-geun-hye-summit-proposed",
            "dkg:Proposed",
            "event:2015-01-01-kim-jong-un-new-years-address",
            "2015-01-01",
            "dkg:Day",
        )
        for target in ("person:park-geun-hye", "state:south-korea")
    }
    park = select(
        oxigraph,
        """SELECT ?role ?state WHERE {
             ?h org:member person:park-geun-hye ; org:role ?role ; org:organization ?state ; prov:wasDerivedFrom ?article .
           }""",
        article=FA,
    )
    assert rows_of(park, "role", "state") == {("role:head-of-state", "state:south-korea")}


# --- Provocations and the Sony hack ------------------------------------------------------------------


def test_provocations_in_the_article(oxigraph) -> None:
    """Which provocations does the article mention? (dkg:Provocation holds only by inference from its subclasses)

    "its usual mode of communicationboorish threats and missile launchesand" / "citing the minor military
    provocations against South Korea that followed a week after the visit to Incheon last October" / "particularly
    concerning its recent nuclear tests" / "for sinking one of its navy ships that killed 46 sailors".
    """
    rows = select(
        oxigraph,
        """SELECT ?act ?by WHERE { ?act a dkg:Provocation ; prov:wasDerivedFrom ?article ; dkg:initiator ?by }""",
        article=FA,
    )
    assert rows_of(rows, "act", "by") == {
        ("event:north-korea-missile-launches", "state:north-korea"),
        ("event:2014-10-north-korea-military-provocations-against-south-korea", "state:north-korea"),
        ("event:north-korea-recent-nuclear-tests", "state:north-korea"),
        ("event:north-korea-sinking-of-south-korean-navy-ship", "state:north-korea"),
    }
    asserted = select(
        oxigraph,
        "SELECT ?act WHERE { GRAPH ?g { ?act a dkg:Provocation } FILTER(?g != <https://w3id.org/diplokg/graph/inferred>) }",
    )
    inferred_only = {r["act"] for r in rows} - {r["act"] for r in asserted}
    assert inferred_only == {r["act"] for r in rows}


def test_sony_pictures_hacking_attribution_and_denial(oxigraph) -> None:
    """Who hacked Sony Pictures according to the article, who denies it, and what followed?

    "The hacking of Sony Picturesfor which North Korea vehemently denies responsibilityalso lends itself to the view
    that North Korea’s foreign policy is incoherent and uncoordinated" / "to stop any further retaliation over the Sony
    hacks". The article names no hacker: the hacking has no initiator.
    """
    hacking = select(
        oxigraph,
        """SELECT ?target ?initiator WHERE {
             event:sony-pictures-hacking a dkg:Cyberattack ; dkg:target ?target .
             OPTIONAL { event:sony-pictures-hacking dkg:initiator ?initiator }
           }""",
    )
    assert rows_of(hacking, "target", "initiator") == {("organization:sony-pictures", None)}
    reactions = select(
        oxigraph,
        """SELECT ?act ?kind ?by ?against ?how WHERE {
             { ?act dkg:topic event:sony-pictures-hacking } UNION { ?act dkg:inResponseTo event:sony-pictures-hacking }
             ?act a ?kind ; dkg:initiator ?by ; dkg:modality dkg:Actual ; prov:wasDerivedFrom ?article .
             VALUES ?kind { dkg:Denial dkg:Retaliation }
             OPTIONAL { ?act dkg:target ?against }
             OPTIONAL { ?act dkg:characterisation ?how }
           }""",
        article=FA,
    )
    assert rows_of(reactions, "act", "kind", "by", "against", "how") == {
        ("event:north-korea-denial-of-sony-pictures-hacking", "dkg:Denial", "state:north-korea", None, "vehemently"),
        ("event:united-states-retaliation-over-sony-hacks", "dkg:Retaliation", "state:united-states", "state:north-korea", None),
    }
    views = select(
        oxigraph,
        "SELECT ?view ?holder WHERE { ?view dkg:about event:sony-pictures-hacking ; dkg:claimant ?holder ; prov:wasDerivedFrom ?article }",
        article=FA,
    )
    assert rows_of(views, "view", "holder") == {("claim:foreign-affairs-2015-01-21-incoherent-policy-view", "group:washington-circles")}


# --- Beijing's disapproval ---------------------------------------------------------------------------


def test_china_acts_towards_north_korea(oxigraph) -> None:
    """What did China do towards North Korea, according to the article?

    "Its selective neutrality and even open opposition to North Korea’s provocations, particularly concerning its
    recent nuclear tests, is apparent. At times, Beijing has even denied shipments of fuel and food to its erstwhile
    friend" / "Last July, Chinese President Xi Jinping snubbed Pyongyang by visiting Seoul first" / "Beijing will most
    likely continue providing some aid to its prickly neighbor to keep it afloat."
    """
    rows = select(
        oxigraph,
        """SELECT ?act ?kind WHERE {
             ?act a dkg:Act ; dkg:initiator state:china ; dkg:target state:north-korea ; dkg:modality dkg:Actual ;
                  prov:wasDerivedFrom ?article ; a ?kind .
             VALUES ?kind { dkg:Criticism dkg:AidWithheld dkg:Snub dkg:AidProvision }
           }""",
        article=FA,
    )
    assert rows_of(rows, "act", "kind") == {
        ("event:china-opposition-to-north-korea-provocations", "dkg:Criticism"),
        ("event:china-denial-of-fuel-and-food-shipments", "dkg:AidWithheld"),
        ("event:2014-07-china-snub-of-north-korea", "dkg:Snub"),
        ("event:china-aid-to-north-korea", "dkg:AidProvision"),
    }
    punitive = select(
        oxigraph,
        "SELECT ?act WHERE { ?act a dkg:PunitiveMeasure ; dkg:initiator state:china ; prov:wasDerivedFrom ?article }",
        article=FA,
    )
    assert column(punitive, "act") == {"event:china-denial-of-fuel-and-food-shipments"}


def test_signs_beijing_no_longer_treats_pyongyang_as_special_ally(oxigraph) -> None:
    """On what does the article base its reading that Beijing no longer treats Pyongyang as a special ally?

    "On the other, it appears that Beijing is no longer treating Pyongyang as a special ally. Its selective neutrality
    and even open opposition to North Korea’s provocations [...] is apparent. At times, Beijing has even denied
    shipments of fuel and food to its erstwhile friend" / "Last July, Chinese President Xi Jinping snubbed Pyongyang".
    """
    rows = select(
        oxigraph,
        """SELECT ?sign ?certainty ?supports WHERE {
             characterisation:china-north-korea-2015-no-longer-special-ally dkg:about ?sign ; dkg:certainty ?certainty ;
               dkg:supports ?supports .
             ?sign a dkg:Act .
           }""",
    )
    assert rows_of(rows, "sign", "certainty", "supports") == {
        (sign, "dkg:Probable", "claim:foreign-affairs-2015-01-21-motivations-twofold")
        for sign in (
            "event:china-opposition-to-north-korea-provocations",
            "event:china-denial-of-fuel-and-food-shipments",
            "event:2014-07-china-snub-of-north-korea",
        )
    }


def test_removal_of_jang_song_taek_and_zhou_yongkang(oxigraph) -> None:
    """Who was removed in North Korea and in China, how, by whom and when?

    "the early December, 2013 execution of Jang Song Taek, the uncle of Kim Jong Un and formerly the second most
    powerful man in North Korea" / "The BeijingPyongyang relationship further deteriorated after the purge of Jang,
    since China had just arrested Zhou Yongkang, its own third most powerful politician."
    """
    rows = select(
        oxigraph,
        """SELECT ?act ?kind ?by ?whom ?earliest ?latest ?precision WHERE {
             VALUES ?kind { dkg:Purge dkg:Execution dkg:Arrest }
             ?act a ?kind ; dkg:initiator ?by ; dkg:target ?whom ; prov:wasDerivedFrom ?article ; dkg:when ?span .
             ?span dkg:precision ?precision .
             OPTIONAL { ?span dkg:earliest ?earliest } OPTIONAL { ?span dkg:latest ?latest }
           }""",
        article=FA,
    )
    assert rows_of(rows, "act", "kind", "by", "whom", "earliest", "latest", "precision") == {
        ("event:jang-song-taek-purge", "dkg:Purge", "state:north-korea", "person:jang-song-taek", None, "2013-12-15", "dkg:BoundOnly"),
        (
            "event:2013-12-jang-song-taek-execution",
            "dkg:Execution",
            "state:north-korea",
            "person:jang-song-taek",
            "2013-12-01",
            "2013-12-15",
            "dkg:PartOfMonth",
        ),
        ("event:zhou-yongkang-arrest", "dkg:Arrest", "state:china", "person:zhou-yongkang", None, "2015-01-21", "dkg:BoundOnly"),
    }
    ties = select(
        oxigraph,
        """SELECT ?kind ?to WHERE {
             ?tie dkg:tieFrom person:jang-song-taek ; dkg:tieKind ?kind ; dkg:tieTo ?to ; prov:wasDerivedFrom ?article .
           }""",
        article=FA,
    )
    assert rows_of(ties, "kind", "to") == {("dkg:UncleOf", "person:kim-jong-un")}


def test_ranked_standing_of_the_removed_men(oxigraph) -> None:
    """Who was "the second most powerful man" and who "the third most powerful politician", and where?

    "Jang Song Taek, the uncle of Kim Jong Un and formerly the second most powerful man in North Korea" / "China had
    just arrested Zhou Yongkang, its own third most powerful politician."
    """
    rows = select(
        oxigraph,
        """SELECT ?person ?state ?rank WHERE {
             ?h a dkg:RoleHolding ; org:member ?person ; org:organization ?state ; org:role role:most-powerful-official ;
                dkg:rank ?rank ; prov:wasDerivedFrom ?article .
           } ORDER BY ?rank""",
        article=FA,
    )
    assert [(r["person"], r["state"], r["rank"]) for r in rows] == [
        ("person:jang-song-taek", "state:north-korea", "2"),
        ("person:zhou-yongkang", "state:china", "3"),
    ]


def test_officials_in_charge_of_china_north_korea_relations(oxigraph) -> None:
    """Who had been in charge of relations between Beijing and Pyongyang? (dkg:hasResponsibleRole by inference)

    "Both men had been in charge of bilateral relations and their removal left the two countries without any reliable
    high-level personnel to tamp down rising tensions."
    """
    rows = select(
        oxigraph,
        """SELECT ?person ?state ?role WHERE {
             relation:china-north-korea dkg:hasResponsibleRole ?h .
             ?h org:member ?person ; org:organization ?state ; org:role ?role ; prov:wasDerivedFrom ?article .
           }""",
        article=FA,
    )
    assert rows_of(rows, "person", "state", "role") == {
        ("person:jang-song-taek", "state:north-korea", "role:official-in-charge-of-bilateral-relations"),
        ("person:zhou-yongkang", "state:china", "role:official-in-charge-of-bilateral-relations"),
    }
    removal = select(
        oxigraph,
        "SELECT ?about WHERE { claim:foreign-affairs-2015-01-21-removal-left-no-reliable-personnel dkg:about ?about . ?about a dkg:Event }",
    )
    assert column(removal, "about") == {"event:jang-song-taek-purge", "event:zhou-yongkang-arrest"}


def test_xi_jinping_visit_to_seoul_and_snub(oxigraph) -> None:
    """Where did Xi Jinping go last July, as what, and whom did it snub?

    "Last July, Chinese President Xi Jinping snubbed Pyongyang by visiting Seoul first, an unprecedented move for
    China’s usual tour of the Korean peninsula."
    """
    rows = select(
        oxigraph,
        """SELECT ?visit ?place ?host ?snubbed ?role WHERE {
             ?snub a dkg:Snub ; dkg:initiator person:xi-jinping ; dkg:target ?snubbed ; dkg:means ?visit .
             ?visit a dkg:StateVisit ; dkg:initiator person:xi-jinping ; dkg:place ?place ; dkg:target ?host .
             ?h org:member person:xi-jinping ; org:role ?role ; org:organization state:china ; prov:wasDerivedFrom ?article .
           }""",
        article=FA,
    )
    assert rows_of(rows, "visit", "place", "host", "snubbed", "role") == {
        (
            "event:2014-07-xi-jinping-state-visit-to-south-korea",
            "place:seoul",
            "state:south-korea",
            "state:north-korea",
            "role:head-of-state",
        )
    }


def test_china_south_korea_free_trade_agreement(oxigraph) -> None:
    """What did China and South Korea conclude in November, after how long, and has it been ratified?

    "In November, China and South Korea sealed their new partnership by concluding two years of discussion over a free
    trade agreement, although Seoul has yet to ratify the agreement."
    """
    rows = select(
        oxigraph,
        """SELECT ?act ?kind ?modality ?outcome WHERE {
             ?act dkg:agreement agreement:china-south-korea-fta ; a ?kind ; dkg:modality ?modality ; prov:wasDerivedFrom ?article .
             VALUES ?kind { dkg:AgreementReached dkg:Talks dkg:Ratification }
             OPTIONAL { ?act dkg:outcome ?outcome }
           }""",
        article=FA,
    )
    assert rows_of(rows, "act", "kind", "modality", "outcome") == {
        ("event:2014-11-china-south-korea-fta-concluded", "dkg:AgreementReached", "dkg:Actual", None),
        ("event:china-south-korea-fta-talks", "dkg:Talks", "dkg:Actual", "dkg:Concluded"),
        ("event:south-korea-ratification-of-china-fta", "dkg:Ratification", "dkg:NotHappened", None),
    }
    parties = select(oxigraph, "SELECT ?p WHERE { event:2014-11-china-south-korea-fta-concluded dkg:participant ?p }")
    assert column(parties, "p") == {"state:china", "state:south-korea"}
    ratifier = select(oxigraph, "SELECT ?p WHERE { event:south-korea-ratification-of-china-fta dkg:initiator ?p }")
    assert column(ratifier, "p") == {"state:south-korea"}


# --- Relations -----------------------------------------------------------------------------------------


def test_how_china_north_korea_relations_are_described(oxigraph) -> None:
    """How does the article describe relations between China and North Korea?

    "it appears that Beijing is no longer treating Pyongyang as a special ally" / "to its erstwhile friend" / "The
    BeijingPyongyang relationship further deteriorated after the purge of Jang" / "as onerous an ally as North Korea can
    be" / "to its prickly neighbor to keep it afloat".
    """
    rows = select(
        oxigraph,
        """SELECT ?fact ?state ?trend ?certainty WHERE {
             ?fact a dkg:RelationCharacterisation ; dkg:relation relation:china-north-korea ; dkg:relationState ?state ;
                   dkg:certainty ?certainty ; prov:wasDerivedFrom ?article .
             OPTIONAL { ?fact dkg:trend ?trend }
           }""",
        article=FA,
    )
    assert rows_of(rows, "fact", "state", "trend", "certainty") == {
        ("characterisation:china-north-korea-former-patron-client", "dkg:PatronClient", None, "dkg:Certain"),
        ("characterisation:china-north-korea-2014-deteriorating", "dkg:Deteriorating", "dkg:Worsening", "dkg:Certain"),
        ("characterisation:china-north-korea-2015-no-longer-special-ally", "dkg:Deteriorating", "dkg:Worsening", "dkg:Probable"),
        ("characterisation:china-north-korea-2015-strained", "dkg:Strained", None, "dkg:Certain"),
    }
    claimants = select(
        oxigraph,
        "SELECT DISTINCT ?c WHERE { ?f dkg:relation relation:china-north-korea ; dkg:claimant ?c ; prov:wasDerivedFrom ?article }",
        article=FA,
    )
    assert column(claimants, "c") == AUTHORS


def test_how_china_south_korea_relations_are_described(oxigraph) -> None:
    """How does the article describe relations between Beijing and Seoul, and what acts show it?

    "Meanwhile, the relationship between Beijing and Seoul has grown closer than ever before, forged by deepening
    economic ties and shared political interests." (then Xi’s visit to Seoul and the free trade agreement)
    """
    rows = select(
        oxigraph,
        """SELECT ?fact ?state ?trend ?act WHERE {
             ?fact a dkg:RelationCharacterisation ; dkg:relation relation:china-south-korea ; dkg:relationState ?state ;
                   dkg:trend ?trend ; prov:wasDerivedFrom ?article ; dkg:about ?act .
             ?act a dkg:Act .
           }""",
        article=FA,
    )
    assert rows_of(rows, "fact", "state", "trend", "act") == {
        ("characterisation:china-south-korea-2014-close", "dkg:Close", "dkg:Better", act)
        for act in ("event:2014-07-xi-jinping-state-visit-to-south-korea", "event:2014-11-china-south-korea-fta-concluded")
    }


def test_japan_north_korea_relations_over_time(oxigraph) -> None:
    """How does the article describe Japan–North Korea relations, in order of the time described?

    "At the end of October, Pyongyang and Tokyo made progress in ending decades of chilly relations [...] Although the
    two countries do not have formal diplomatic relations" / "to repair their damaged relations and rebuild trust".
    """
    rows = select(
        oxigraph,
        """SELECT ?state ?latest WHERE {
             ?fact a dkg:RelationCharacterisation ; dkg:relation relation:japan-north-korea ; dkg:relationState ?state ;
                   dkg:when/dkg:latest ?latest ; prov:wasDerivedFrom ?article .
           } ORDER BY ?latest ?state""",
        article=FA,
    )
    assert [(r["state"], r["latest"]) for r in rows] == [
        ("dkg:Chilly", "2014-10-31"),
        ("dkg:Improving", "2014-10-31"),
        ("dkg:Damaged", "2015-01-21"),
        ("dkg:NoFormalRelations", "2015-01-21"),
    ]


# --- Views and recommendations -----------------------------------------------------------------------


def test_views_the_authors_reject_and_who_holds_them(oxigraph) -> None:
    """Which views do the authors reject, and whose views are they?

    "Some experts consider Pyongyang’s so-called charm offensive simply “erratic,”" / "also lends itself to the view
    that North Korea’s foreign policy is incoherent and uncoordinated because the country is politically unstable and
    that factionalization may even bring the country to sudden collapse. Although popular in many Washington circles,
    this view is far from plausible." / "Skeptics might argue that Pyongyang’s charm offensive is opportunistic [...]
    the United States should continue strangling North Korea [...] Unfortunately, the chokehold approach is based on an
    increasingly out-of-touch assumption" / "But dismissing Pyongyang’s charm offensive as just another antic would be
    a massive missed opportunity."
    """
    rows = select(
        oxigraph,
        """SELECT DISTINCT ?view ?holder WHERE {
             ?rejection dkg:rejects ?view ; dkg:claimant ?author ; prov:wasDerivedFrom ?article .
             ?article schema:author ?author .
             ?view dkg:claimant ?holder .
           }""",
        article=FA,
    )
    assert rows_of(rows, "view", "holder") == {
        ("claim:foreign-affairs-2015-01-21-erratic-view", "group:some-experts"),
        ("claim:foreign-affairs-2015-01-21-incoherent-policy-view", "group:washington-circles"),
        ("claim:foreign-affairs-2015-01-21-sudden-collapse-view", "group:washington-circles"),
        ("claim:foreign-affairs-2015-01-21-skeptics-opportunistic", "group:skeptics"),
        ("claim:foreign-affairs-2015-01-21-skeptics-chokehold", "group:skeptics"),
    }
    rejecters = select(
        oxigraph,
        "SELECT DISTINCT ?c WHERE { ?r dkg:rejects ?v ; dkg:claimant ?c ; prov:wasDerivedFrom ?article }",
        article=FA,
    )
    assert column(rejecters, "c") == AUTHORS


def test_recommendations_to_washington(oxigraph) -> None:
    """What do the authors recommend, and to whom?

    "Washington could “outsource” diplomacy with North Korea to its two regional alliesJapan and South Koreaby nudging
    them to initiate and carry out a policy of engagement" / "The strategy would involve encouraging Japan and South
    Korea to strengthen their economic ties" / "By greenlighting NorthSouth cooperation, Washington would give Seoul the
    nudge it needs" / "One way Washington can immediately boost Seoul’s confidence is to stop any further retaliation
    over the Sony hacks or adapt its upcoming joint military drills".
    """
    rows = select(
        oxigraph,
        """SELECT ?rec ?addressee WHERE {
             ?rec a dkg:Recommendation ; dkg:addressee ?addressee ; dkg:claimant ?author ; prov:wasDerivedFrom ?article .
             ?article schema:author ?author .
           }""",
        article=FA,
    )
    assert rows_of(rows, "rec", "addressee") == {
        ("claim:foreign-affairs-2015-01-21-outsourcing", "state:united-states"),
        ("claim:foreign-affairs-2015-01-21-encourage-ties-and-outstanding-issues", "state:united-states"),
        ("claim:foreign-affairs-2015-01-21-greenlight-north-south-cooperation", "state:united-states"),
        ("claim:foreign-affairs-2015-01-21-boost-seoul-confidence", "state:united-states"),
    }


def test_recommended_acts_per_actor(oxigraph) -> None:
    """Which acts do the authors recommend, and which actor would carry out each?

    "Washington could “outsource” diplomacy with North Korea to its two regional alliesJapan and South Koreaby nudging
    them to initiate and carry out a policy of engagement by strengthening political and economic ties." / "This more
    gradual approach, that involves Japan and South Korea engaging simultaneously with North Korea" / "is to stop any
    further retaliation over the Sony hacks or adapt its upcoming joint military drills in a way that signals it’s
    willing to negotiate."
    """
    rows = select(
        oxigraph,
        """SELECT ?act ?actor ?towards WHERE {
             ?act dkg:modality dkg:Recommended ; dkg:initiator ?actor ; prov:wasDerivedFrom ?article .
             OPTIONAL { ?act dkg:target ?towards }
           }""",
        article=FA,
    )
    assert rows_of(rows, "act", "actor", "towards") == {
        ("event:united-states-outsourcing-of-north-korea-diplomacy-recommended", "state:united-states", "state:north-korea"),
        ("event:united-states-halt-of-further-sony-retaliation-recommended", "state:united-states", "state:north-korea"),
        ("event:united-states-adaptation-of-joint-drills-recommended", "state:united-states", "state:north-korea"),
        ("event:japan-south-korea-engagement-with-north-korea-recommended", "state:japan", "state:north-korea"),
        ("event:japan-south-korea-engagement-with-north-korea-recommended", "state:south-korea", "state:north-korea"),
    }
    outsourced_to = select(
        oxigraph,
        """SELECT ?ally WHERE { event:united-states-outsourcing-of-north-korea-diplomacy-recommended dkg:participant ?ally
                                 FILTER NOT EXISTS { event:united-states-outsourcing-of-north-korea-diplomacy-recommended
                                                     dkg:initiator|dkg:target ?ally } }""",
    )
    assert column(outsourced_to, "ally") == {"state:japan", "state:south-korea"}
    issues = select(
        oxigraph,
        """SELECT ?issue WHERE { event:japan-south-korea-talks-with-north-korea-on-outstanding-issues-recommended
                                   dkg:partOf event:japan-south-korea-engagement-with-north-korea-recommended ; dkg:topic ?issue }""",
    )
    assert column(issues, "issue") == {
        "topic:abduction-of-japanese-citizens",
        "topic:separated-families",
        "event:2010-05-24-south-korea-sanctions-on-north-korea",
    }


# --- Dates, roles and known errors -------------------------------------------------------------------


DATES = [
    # (event, the article's words, earliest, latest, precision)
    ("event:2014-10-north-korean-top-officials-visit-to-incheon", "In October", "2014-10-01", "2014-10-31", "dkg:Month"),
    ("event:2014-07-xi-jinping-state-visit-to-south-korea", "Last July", "2014-07-01", "2014-07-31", "dkg:Month"),
    ("event:2014-11-north-korea-outreach-to-russia", "in mid-November", "2014-11-08", "2014-11-23", "dkg:PartOfMonth"),
    ("event:2014-10-japanese-officials-visit-to-north-korea", "At the end of October", "2014-10-16", "2014-10-31", "dkg:PartOfMonth"),
    ("event:2013-12-jang-song-taek-execution", "the early December, 2013", "2013-12-01", "2013-12-15", "dkg:PartOfMonth"),
    ("event:2015-01-10-north-korea-conditional-offer-to-halt-nuclear-testing", "On January 10", "2015-01-10", "2015-01-10", "dkg:Day"),
    ("event:2014-11-china-south-korea-fta-concluded", "In November", "2014-11-01", "2014-11-30", "dkg:Month"),
    ("event:2010-05-24-south-korea-sanctions-on-north-korea", "May 24, 2010", "2010-05-24", "2010-05-24", "dkg:Day"),
    (
        "event:2003-2008-roh-moo-hyun-administration-engagement-with-north-korea",
        "during 200308",
        "2003-01-01",
        "2008-12-31",
        "dkg:MultiYear",
    ),
]


@pytest.mark.parametrize(("event", "phrase", "earliest", "latest", "precision"), DATES, ids=[d[1] for d in DATES])
def test_dates_keep_the_articles_precision(oxigraph, event: str, phrase: str, earliest: str, latest: str, precision: str) -> None:
    """When did it happen, at the precision the article gives?

    "In October, [...] top officials made an unprecedented appearance" / "Last July, Chinese President Xi Jinping"
    / "North Korea even reached out to Moscow in mid-November" / "At the end of October, Pyongyang and Tokyo made
    progress" / "the early December, 2013 execution of Jang Song Taek" / "On January 10, Pyongyang offered" / "In
    November, China and South Korea sealed their new partnership" / "Seoul’s May 24, 2010 sanctions" / "the Roh
    Moo-Hyun administration, during 200308". "Last July" and "In November" are resolved from the publication date.
    """
    rows = select(
        oxigraph,
        """SELECT ?phrase ?earliest ?latest ?precision WHERE {
             ?event prov:wasDerivedFrom ?article ;
                    dkg:when [ dkg:phrase ?phrase ; dkg:earliest ?earliest ; dkg:latest ?latest ; dkg:precision ?precision ] .
           }""",
        event=event.replace("event:", "https://w3id.org/diplokg/id/event/"),
        article=FA,
    )
    assert rows_of(rows, "phrase", "earliest", "latest", "precision") == {(phrase, earliest, latest, precision)}


def test_kim_jong_un_absence_from_view(oxigraph) -> None:
    """How long did Kim Jong Un disappear, and what does the article let us say of when?

    "In October, after North Korean leader Kim Jong Un mysteriously disappeared from public view for a month, top
    officials made an unprecedented appearance". The absence came before the October appearance; only its latest
    bound follows from the text.
    """
    rows = select(
        oxigraph,
        """SELECT ?duration ?how ?earliest ?latest ?precision WHERE {
             ?absence a dkg:PublicAbsence ; dkg:initiator person:kim-jong-un ;
                      time:hasDuration [ time:numericDuration ?amount ; time:unitType ?unit ] ;
                      dkg:characterisation ?how ; dkg:when ?span ; prov:wasDerivedFrom ?article .
             ?span dkg:latest ?latest ; dkg:precision ?precision .
             OPTIONAL { ?span dkg:earliest ?earliest }
             BIND(CONCAT(STR(?amount), " ", STRAFTER(STR(?unit), "#unit")) AS ?duration)
           }""",
        article=FA,
    )
    assert rows_of(rows, "duration", "how", "earliest", "latest", "precision") == {
        ("1 Month", "mysteriously", None, "2014-10-31", "dkg:BoundOnly")
    }


def test_roles_the_article_gives_officials(oxigraph) -> None:
    """Which roles does the article give each official (authors’ affiliations aside)?

    "Pyongyang sent Ri Su Yong, its foreign minister" / "North Korean leader Kim Jong Un" / "Choe Ryong-hae, a senior
    official close to Kim" / "he met with Russian Prime Minister Vladimir Putin" / "Chinese President Xi Jinping" /
    "South Korean President Park Geun-Hye" / "Prime Minister Shinzo Abe’s administration" / "formerly the second most
    powerful man in North Korea" / "its own third most powerful politician" / "Both men had been in charge of bilateral
    relations".
    """
    rows = select(
        oxigraph,
        """SELECT ?person ?role ?state WHERE {
             ?h a dkg:RoleHolding ; org:member ?person ; org:role ?role ; org:organization ?state ; prov:wasDerivedFrom ?article .
             ?state a dkg:State .
           }""",
        article=FA,
    )
    assert rows_of(rows, "person", "role", "state") == {
        ("person:ri-su-yong", "role:foreign-minister", "state:north-korea"),
        ("person:kim-jong-un", "role:leader", "state:north-korea"),
        ("person:choe-ryong-hae", "role:senior-official", "state:north-korea"),
        ("person:vladimir-putin", "role:prime-minister", "state:russia"),
        ("person:xi-jinping", "role:head-of-state", "state:china"),
        ("person:park-geun-hye", "role:head-of-state", "state:south-korea"),
        ("person:shinzo-abe", "role:prime-minister", "state:japan"),
        ("person:jang-song-taek", "role:most-powerful-official", "state:north-korea"),
        ("person:jang-song-taek", "role:official-in-charge-of-bilateral-relations", "state:north-korea"),
        ("person:zhou-yongkang", "role:most-powerful-official", "state:china"),
        ("person:zhou-yongkang", "role:official-in-charge-of-bilateral-relations", "state:china"),
    }


def test_known_error_putin_called_prime_minister(oxigraph) -> None:
    """What does the article get wrong? It calls Putin "Russian Prime Minister" (he was President in November 2014).

    "There, he met with Russian Prime Minister Vladimir Putin who said, [...]"
    """
    rows = select(
        oxigraph,
        """SELECT ?fact ?person ?role ?state ?quote WHERE {
             ?fact dkg:accuracy dkg:KnownError ; prov:wasDerivedFrom ?article ; org:member ?person ; org:role ?role ;
                   org:organization ?state ; dkg:evidence/oa:hasSelector/oa:exact ?quote .
           }""",
        article=FA,
    )
    assert rows_of(rows, "fact", "person", "role", "state", "quote") == {
        (
            "holding:vladimir-putin-prime-minister-2014",
            "person:vladimir-putin",
            "role:prime-minister",
            "state:russia",
            "he met with Russian Prime Minister Vladimir Putin",
        )
    }
    every_error = select(oxigraph, "SELECT ?fact WHERE { ?fact dkg:accuracy dkg:KnownError ; prov:wasDerivedFrom ?article }", article=FA)
    assert column(every_error, "fact") == {"holding:vladimir-putin-prime-minister-2014"}
