"""Questions that need both articles, asked of the built graph (with inferences) in SPARQL.

KEI: Troy Stangarone, "Is North Korea Finally Ready To Talk?", The Peninsula (KEI), 24 May 2013
(shared/sources/000_83ca1036fc8bebeb.txt). FA: Jung-Chul Lee and Inwook Kim, "Making Sense of North Korea",
Foreign Affairs, 21 January 2015 (shared/sources/002_29f3fe4274afec98.txt). Each test asserts the exact answer the
two articles give together; its docstring quotes the sentences from each.
"""

from __future__ import annotations

from conftest import select

FA = "https://w3id.org/diplokg/id/article/foreign-affairs-2015-01-21"
KEI = "https://w3id.org/diplokg/id/article/kei-2013-05-24"
FA_SHORT = "article:foreign-affairs-2015-01-21"
KEI_SHORT = "article:kei-2013-05-24"


def rows_of(rows: list[dict[str, str]], *keys: str) -> set[tuple[str | None, ...]]:
    """The rows as a set of tuples of the given variables (None where a variable is unbound)."""
    return {tuple(row.get(k) for k in keys) for row in rows}


def test_persons_in_both_articles(oxigraph) -> None:
    """Which persons appear in both articles? Exactly Choe Ryong-hae, Kim Jong-un, Park Geun-hye and Xi Jinping.

    KEI: "Choe Ryong-hae, one of North Korea’s most senior military officers" / "In a subsequent meeting with Xi
    Jinping" / "China’s warm initial embrace of Park Geun-hye" / "Kim Jong-un has yet to receive a summit invitation".
    FA: "sending Choe Ryong-hae, a senior official close to Kim" / "Chinese President Xi Jinping snubbed Pyongyang" /
    "Kim Jong Un expressed an interest in meeting with South Korean President Park Geun-Hye". Neither Jang Song Taek,
    Zhou Yongkang, Ri Su Yong, Putin nor Abe (FA only), nor the unnamed Japanese official (KEI only), is in both.
    """
    rows = select(
        oxigraph,
        """SELECT DISTINCT ?person WHERE {
             ?person a dkg:Person .
             ?f1 ?p1 ?person ; prov:wasDerivedFrom ?fa .
             ?f2 ?p2 ?person ; prov:wasDerivedFrom ?kei .
           }""",
        fa=FA,
        kei=KEI,
    )
    assert {r["person"] for r in rows} == {"person:choe-ryong-hae", "person:kim-jong-un", "person:park-geun-hye", "person:xi-jinping"}


def test_china_north_korea_relations_in_2013_and_2015(oxigraph) -> None:
    """How do the two articles describe relations between China and North Korea, in 2013 and in 2015?

    KEI (2013): "In recent months, North Korea’s relationship with China has become strained" / "repair frayed ties
    with China" / "Given the deterioration in relations with China, North Korea needed to take steps to improve
    relations with its sole international patron." FA (2015): "it appears that Beijing is no longer treating Pyongyang
    as a special ally" / "to its erstwhile friend" / "The BeijingPyongyang relationship further deteriorated after the
    purge of Jang" / "as onerous an ally as North Korea can be".
    """
    rows = select(
        oxigraph,
        """SELECT ?article ?fact ?state ?trend WHERE {
             VALUES ?article { article:kei-2013-05-24 article:foreign-affairs-2015-01-21 }
             ?fact a dkg:RelationCharacterisation ; dkg:relation relation:china-north-korea ; dkg:relationState ?state ;
                   prov:wasDerivedFrom ?article .
             OPTIONAL { ?fact dkg:trend ?trend }
           }""",
    )
    assert rows_of(rows, "article", "fact", "state", "trend") == {
        (KEI_SHORT, "characterisation:china-north-korea-2013-strained", "dkg:Strained", "dkg:Worsening"),
        (KEI_SHORT, "characterisation:china-north-korea-2013-deteriorating", "dkg:Deteriorating", "dkg:Worsening"),
        (KEI_SHORT, "characterisation:china-north-korea-2013-patron-client", "dkg:PatronClient", None),
        (FA_SHORT, "characterisation:china-north-korea-former-patron-client", "dkg:PatronClient", None),
        (FA_SHORT, "characterisation:china-north-korea-2014-deteriorating", "dkg:Deteriorating", "dkg:Worsening"),
        (FA_SHORT, "characterisation:china-north-korea-2015-no-longer-special-ally", "dkg:Deteriorating", "dkg:Worsening"),
        (FA_SHORT, "characterisation:china-north-korea-2015-strained", "dkg:Strained", None),
    }


def test_china_as_patron_current_in_2013_former_in_2015(oxigraph) -> None:
    """When is China North Korea’s patron? KEI attests it at its date; FA only as a past state ("erstwhile").

    KEI: "North Korea needed to take steps to improve relations with its sole international patron." FA: "Beijing is
    no longer treating Pyongyang as a special ally" / "to its erstwhile friend".
    """
    rows = select(
        oxigraph,
        """SELECT ?article ?earliest ?latest ?precision WHERE {
             VALUES ?article { article:kei-2013-05-24 article:foreign-affairs-2015-01-21 }
             ?fact dkg:relation relation:china-north-korea ; dkg:relationState dkg:PatronClient ; prov:wasDerivedFrom ?article ;
                   dkg:when ?span .
             ?span dkg:latest ?latest ; dkg:precision ?precision .
             OPTIONAL { ?span dkg:earliest ?earliest }
           } ORDER BY ?article""",
    )
    assert [(r["article"], r.get("earliest"), r["latest"], r["precision"]) for r in rows] == [
        (FA_SHORT, None, "2015-01-21", "dkg:BoundOnly"),
        (KEI_SHORT, "2013-05-24", "2013-05-24", "dkg:Day"),
    ]


def test_china_south_korea_relations_in_2013_and_2015(oxigraph) -> None:
    """How do the articles describe relations between China and South Korea?

    KEI: "In contrast to China’s warm initial embrace of Park Geun-hye, who is expected to visit Beijing in June".
    FA: "Meanwhile, the relationship between Beijing and Seoul has grown closer than ever before".
    """
    rows = select(
        oxigraph,
        """SELECT ?article ?state ?trend WHERE {
             VALUES ?article { article:kei-2013-05-24 article:foreign-affairs-2015-01-21 }
             ?fact a dkg:RelationCharacterisation ; dkg:relation relation:china-south-korea ; dkg:relationState ?state ;
                   prov:wasDerivedFrom ?article .
             OPTIONAL { ?fact dkg:trend ?trend }
           }""",
    )
    assert rows_of(rows, "article", "state", "trend") == {(KEI_SHORT, "dkg:Close", None), (FA_SHORT, "dkg:Close", "dkg:Better")}


def test_relations_both_articles_characterise(oxigraph) -> None:
    """Which bilateral relations do both articles characterise?

    KEI: "North Korea’s relationship with China has become strained" / "China’s warm initial embrace of Park Geun-hye"
    / "the current crisis with South Korea". FA: "The BeijingPyongyang relationship further deteriorated" / "the
    relationship between Beijing and Seoul has grown closer than ever before" / "Japan and South Korea engaging
    simultaneously with North Korea to repair their damaged relations".
    """
    rows = select(
        oxigraph,
        """SELECT DISTINCT ?relation WHERE {
             ?f1 a dkg:RelationCharacterisation ; dkg:relation ?relation ; prov:wasDerivedFrom ?fa .
             ?f2 a dkg:RelationCharacterisation ; dkg:relation ?relation ; prov:wasDerivedFrom ?kei .
           }""",
        fa=FA,
        kei=KEI,
    )
    assert {r["relation"] for r in rows} == {"relation:china-north-korea", "relation:china-south-korea", "relation:north-korea-south-korea"}


def test_choe_ryong_hae_missions_to_beijing_and_moscow(oxigraph) -> None:
    """Where did Choe Ryong-hae go for Pyongyang, whom did he meet, and which article says so? (in time order)

    KEI (2013): "The recent visit by Choe was the first high level contact between Pyongyang and Beijing in half a
    year." / "In a subsequent meeting with Xi Jinping, Choe indicated that North Korea would take positive steps".
    FA (2014): "North Korea even reached out to Moscow in mid-November, sending Choe Ryong-hae [...] on an eight-day
    tour of the capital. There, he met with Russian Prime Minister Vladimir Putin".
    """
    visits = select(
        oxigraph,
        """SELECT ?visit ?host ?article ?latest WHERE {
             VALUES ?article { article:kei-2013-05-24 article:foreign-affairs-2015-01-21 }
             ?visit a dkg:Visit ; dkg:initiator person:choe-ryong-hae ; dkg:target ?host ; prov:wasDerivedFrom ?article ;
                    dkg:when/dkg:latest ?latest .
           } ORDER BY ?latest""",
    )
    assert [(r["visit"], r["host"], r["article"]) for r in visits] == [
        ("event:2013-choe-ryong-hae-visit-to-china", "state:china", KEI_SHORT),
        ("event:2014-11-choe-ryong-hae-visit-to-moscow", "state:russia", FA_SHORT),
    ]
    meetings = select(
        oxigraph,
        """SELECT ?meeting ?met ?article WHERE {
             VALUES ?article { article:kei-2013-05-24 article:foreign-affairs-2015-01-21 }
             ?meeting a dkg:Meeting ; dkg:initiator person:choe-ryong-hae ; dkg:participant ?met ; prov:wasDerivedFrom ?article .
             ?met a dkg:Person . FILTER(?met != person:choe-ryong-hae)
           }""",
    )
    assert rows_of(meetings, "meeting", "met", "article") == {
        ("event:2013-choe-ryong-hae-meeting-with-xi-jinping", "person:xi-jinping", KEI_SHORT),
        ("event:2014-11-choe-ryong-hae-meeting-with-vladimir-putin", "person:vladimir-putin", FA_SHORT),
    }


def test_choe_ryong_hae_described_differently_over_time(oxigraph) -> None:
    """What is Choe Ryong-hae called in each article?

    KEI: "Choe Ryong-hae, one of North Korea’s most senior military officers". FA: "Choe Ryong-hae, a senior official
    close to Kim".
    """
    rows = select(
        oxigraph,
        """SELECT ?role ?article ?earliest WHERE {
             VALUES ?article { article:kei-2013-05-24 article:foreign-affairs-2015-01-21 }
             ?h a dkg:RoleHolding ; org:member person:choe-ryong-hae ; org:organization state:north-korea ; org:role ?role ;
                prov:wasDerivedFrom ?article ; org:memberDuring/dkg:earliest ?earliest .
           } ORDER BY ?earliest""",
    )
    assert [(r["role"], r["article"]) for r in rows] == [
        ("role:senior-military-officer", KEI_SHORT),
        ("role:senior-official", FA_SHORT),
    ]


def test_events_both_articles_report_and_their_quotes(oxigraph) -> None:
    """Which events do both articles report, and what does each article say of them?

    Only the abduction of Japanese citizens: KEI "considering the resumption of talks with Pyongyang on the abduction
    of Japanese citizens"; FA "after the abduction of possibly hundreds of Japanese citizens during the Cold War".
    One event node carries one derivation and one quote per article.
    """
    rows = select(
        oxigraph,
        """SELECT DISTINCT ?event ?source ?quote WHERE {
             ?event a dkg:Event ; prov:wasDerivedFrom ?fa , ?kei ; dkg:evidence ?evidence .
             ?evidence oa:hasSource ?source ; oa:hasSelector/oa:exact ?quote .
           }""",
        fa=FA,
        kei=KEI,
    )
    assert rows_of(rows, "event", "source", "quote") == {
        (
            "event:north-korea-abduction-of-japanese-citizens",
            FA_SHORT,
            "after the abduction of possibly hundreds of Japanese citizens during the Cold War",
        ),
        ("event:north-korea-abduction-of-japanese-citizens", KEI_SHORT, "talks with Pyongyang on the abduction of Japanese citizens"),
    }


def test_japan_north_korea_contacts_on_the_abductees(oxigraph) -> None:
    """What Japanese visits to North Korea and talks on the abductees do the articles report, and how did they go?

    KEI (2013): "In the last week, a senior Japanese official made a surprise visit to North Korea that has the
    Japanese government considering the resumption of talks with Pyongyang on the abduction of Japanese citizens."
    FA (2014): "At the end of October, Pyongyang and Tokyo made progress [...] North Korea welcomed a delegation of
    Japanese officials for the first time in ten years to discuss new investigations into the hostages’ whereabouts."
    """
    visits = select(
        oxigraph,
        """SELECT ?visit ?article ?earliest ?precision WHERE {
             VALUES ?article { article:kei-2013-05-24 article:foreign-affairs-2015-01-21 }
             ?visit a dkg:Visit ; dkg:initiator state:japan ; dkg:target state:north-korea ; prov:wasDerivedFrom ?article ;
                    dkg:when [ dkg:earliest ?earliest ; dkg:precision ?precision ] .
           } ORDER BY ?earliest""",
    )
    assert [(r["visit"], r["article"], r["earliest"], r["precision"]) for r in visits] == [
        ("event:2013-05-japanese-official-visit-to-north-korea", KEI_SHORT, "2013-05-17", "dkg:Week"),
        ("event:2014-10-japanese-officials-visit-to-north-korea", FA_SHORT, "2014-10-16", "dkg:PartOfMonth"),
    ]
    talks = select(
        oxigraph,
        """SELECT ?talks ?article ?modality ?outcome WHERE {
             VALUES ?article { article:kei-2013-05-24 article:foreign-affairs-2015-01-21 }
             ?talks a dkg:Talks ; dkg:topic topic:abduction-of-japanese-citizens ; dkg:modality ?modality ;
                    prov:wasDerivedFrom ?article .
             FILTER NOT EXISTS { ?talks dkg:modality dkg:Recommended }
             OPTIONAL { ?talks dkg:outcome ?outcome }
           }""",
    )
    assert rows_of(talks, "talks", "article", "modality", "outcome") == {
        ("event:2013-japan-north-korea-abduction-talks", KEI_SHORT, "dkg:Considered", None),
        ("event:2014-10-japan-north-korea-talks-on-abductees", FA_SHORT, "dkg:Actual", "dkg:Progress"),
    }


def test_six_party_talks_as_a_possibility_in_both(oxigraph) -> None:
    """Do the articles see a return to the Six-Party Talks, and as what?

    KEI: "Japan would be better placed to play a role in a revived Six Party Talks." FA: "One potential avenue for
    resuming these discussions is the six-party talks."
    """
    rows = select(
        oxigraph,
        """SELECT ?talks ?article ?modality WHERE {
             VALUES ?article { article:kei-2013-05-24 article:foreign-affairs-2015-01-21 }
             ?talks dkg:forum forum:six-party-talks ; dkg:modality ?modality ; prov:wasDerivedFrom ?article .
           }""",
    )
    assert rows_of(rows, "talks", "article", "modality") == {
        ("event:2013-revived-six-party-talks", KEI_SHORT, "dkg:Hypothetical"),
        ("event:six-party-talks-resumption-hypothetical", FA_SHORT, "dkg:Hypothetical"),
    }


def test_kim_jong_un_leadership_attested_by_each_article(oxigraph) -> None:
    """Over what periods does each article attest Kim Jong-un as North Korea’s leader?

    KEI: "Shortly after coming to power, North Korea reached what became known as the “Leap Day Agreement”" / "the
    first full scale crisis under Kim Jong-un". FA: "In October, after North Korean leader Kim Jong Un mysteriously
    disappeared from public view" / "North Korean leader Kim Jong Un laughs during his visit [...] January 16, 2015".
    """
    rows = select(
        oxigraph,
        """SELECT ?article ?earliest ?latest WHERE {
             VALUES ?article { article:kei-2013-05-24 article:foreign-affairs-2015-01-21 }
             ?h org:member person:kim-jong-un ; org:role role:leader ; org:organization state:north-korea ;
                prov:wasDerivedFrom ?article ; org:memberDuring [ dkg:earliest ?earliest ; dkg:latest ?latest ] .
           } ORDER BY ?earliest""",
    )
    assert [(r["article"], r["earliest"], r["latest"]) for r in rows] == [
        (KEI_SHORT, "2012-02-29", "2013-05-24"),
        (FA_SHORT, "2014-10-01", "2015-01-21"),
    ]


def test_kaesong_in_both_articles(oxigraph) -> None:
    """What do the articles say happened at the Kaesong Industrial Complex and with its South Korean firms?

    KEI (2013): "Since the closure of the Kaesong Industrial Complex, the South Korean government has called for talks
    with North Korea to restart operations [...] North Korea has instead chosen to reach out directly to the companies".
    FA (2015): "creating more industrial complexes like the one in Kaesong where dozens of South Korean firms employ over
    50,000 North Korean workers."
    """
    rows = select(
        oxigraph,
        """SELECT DISTINCT ?act ?kind ?article WHERE {
             VALUES ?article { article:kei-2013-05-24 article:foreign-affairs-2015-01-21 }
             ?act dkg:participant|dkg:target|dkg:topic ?kaesong ; prov:wasDerivedFrom ?article ; a ?kind ;
               dkg:modality dkg:Actual .
             VALUES ?kaesong { organization:kaesong-industrial-complex group:south-korean-firms-in-kaesong }
             VALUES ?kind { dkg:Closure dkg:OfferOfTalks dkg:Outreach dkg:Cooperation }
           }""",
    )
    assert rows_of(rows, "act", "kind", "article") == {
        ("event:2013-kaesong-industrial-complex-closure", "dkg:Closure", KEI_SHORT),
        ("event:2013-south-korea-call-for-kaesong-talks", "dkg:OfferOfTalks", KEI_SHORT),
        ("event:2013-north-korea-outreach-to-kaesong-companies", "dkg:Outreach", KEI_SHORT),
        ("event:kaesong-south-korean-firms-employ-north-korean-workers", "dkg:Cooperation", FA_SHORT),
    }


def test_which_side_is_the_patron(oxigraph) -> None:
    """Which state do the articles make the patron of China–North Korea relations?

    KEI: "North Korea needed to take steps to improve relations with its sole international patron."
    FA: "it appears that Beijing is no longer treating Pyongyang as a special ally".
    """
    rows = select(
        oxigraph,
        """SELECT ?article ?patron WHERE {
             ?fact a dkg:RelationCharacterisation ; dkg:relation relation:china-north-korea ; dkg:relationState dkg:PatronClient ;
                   dkg:patron ?patron ; prov:wasDerivedFrom ?article .
           }""",
    )
    assert rows_of(rows, "article", "patron") == {(KEI_SHORT, "state:china"), (FA_SHORT, "state:china")}
