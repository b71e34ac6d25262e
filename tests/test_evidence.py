"""The evidence index kept up to date decision by decision: the same fits as one built afresh, and fast."""

from __future__ import annotations

import random
import time
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings

from models.evidence import SHOWN_FIT, EvidenceIndex
from models.person_profile import PaperParts, Profile
from models.schema import Verdict
from models.store import Store
from models.suggest.text import link_key
from tests.reviewer_steps import COAUTHORS, STEPS, WORDS, kept_up_to_date, silva_cluster


def _all_fits(evidence: EvidenceIndex, contents) -> dict:
    return {paper.paper_id: [(f.person_id, f.label, f.score, f.reasons) for f in evidence.fits(paper)] for paper in contents.papers}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS)
def test_an_index_kept_up_to_date_gives_the_fits_of_one_built_afresh(tmp_path_factory, steps):
    for evidence, contents in kept_up_to_date(tmp_path_factory.mktemp("evidence"), steps, EvidenceIndex, EvidenceIndex.update):
        assert _all_fits(evidence, contents) == _all_fits(EvidenceIndex(contents), contents)


def _parts(number: int) -> PaperParts:
    return PaperParts.of({f"co author{number % 7}": f"Co Author{number % 7}"}, f"Venue {number % 5}", 1990 + number % 30,
                         None, {f"w{number % 11}": 0.6, f"w{number % 13 + 20}": 0.8}, None)


def test_a_paper_goes_in_and_out_of_a_big_profile_in_the_time_of_one_paper():
    big, small = Profile(), Profile()
    for number in range(20_000):
        big.add(_parts(number))
    for number in range(20):
        small.add(_parts(number))
    one = _parts(5)

    def seconds(profile: Profile) -> float:
        started = time.perf_counter()
        for _ in range(200):
            profile.without(one).similarity(one.vector)
            profile.without(one).coauthor_papers("co author5")
            profile.without(one).year_span()
            profile.remove(one)
            profile.add(one)
        return time.perf_counter() - started

    seconds(small)  # warm
    assert seconds(big) < 5 * seconds(small) + 0.01  # not a thousand times the small one


def test_the_sums_come_back_to_nothing():
    profile = Profile()
    parts = [_parts(number) for number in range(50)]
    for part in parts:
        profile.add(part)
    assert profile.without(parts[0]).papers == 49
    assert profile.without(None).similarity(parts[0].vector) == pytest.approx(
        sum(v * sum(p.vector.as_dict().get(w, 0) for p in parts) for w, v in parts[0].vector.as_dict().items())
        / sum(sum(p.vector.as_dict().get(w, 0) for p in parts) ** 2 for w in {w for p in parts for w in p.vector.words}) ** 0.5)
    for part in parts:
        profile.remove(part)
    assert profile == Profile()


def _random_parts(pick: random.Random) -> PaperParts:
    coauthors = {link_key(name): name for name in pick.sample(COAUTHORS, pick.randint(0, 4))}
    weights = {word: pick.random() for word in pick.sample(WORDS, pick.randint(1, 5))}
    norm = sum(value * value for value in weights.values()) ** 0.5
    return PaperParts.of(coauthors, pick.choice(["VLDB", "ICDE", None]), pick.choice([1990, 2001, None]),
                         pick.choice(["Univ. A", None]), {word: value / norm for word, value in weights.items()},
                         pick.choice(["marcos", "mario", None]))


@pytest.mark.parametrize("count", [5, 31, 32, 400])
def test_papers_added_at_once_make_the_sums_one_by_one_would(count):
    pick = random.Random(count)
    parts = [_random_parts(pick) for _ in range(count)]
    at_once, one_by_one = Profile(), Profile()
    at_once.add_many(parts)
    for part in parts:
        one_by_one.add(part)
    leaving = parts[: count // 2]
    at_once.add_many(leaving, -1)
    for part in leaving:
        one_by_one.remove(part)
    for profile in (at_once, one_by_one):
        assert profile.papers == count - len(leaving)
    for counts in ("coauthors", "names", "middles", "venues", "years", "affiliations", "first_names"):
        assert getattr(at_once, counts) == getattr(one_by_one, counts), counts
    assert at_once.words.keys() == one_by_one.words.keys()
    for word, total in at_once.words.items():
        assert total == pytest.approx(one_by_one.words[word])
        assert total == pytest.approx(sum(part.vector.as_dict().get(word, 0.0) for part in parts[count // 2:]))
    assert at_once.words_norm2 == pytest.approx(sum(value * value for value in one_by_one.words.values()))
    assert one_by_one.words_norm2 == pytest.approx(at_once.words_norm2)
    at_once.add_many(parts[count // 2:], -1)
    assert at_once == Profile()


def test_a_word_is_one_string_shared_by_every_paper():
    # Two equal strings made apart, as two papers' titles give them.
    first = PaperParts.of({}, None, None, None, {"".join(["que", "ry"]): 1.0}, None)
    second = PaperParts.of({}, None, None, None, {"".join(["qu", "ery"]): 1.0}, None)
    assert first.vector.words[0] is second.vector.words[0]


def test_the_analysis_leaves_no_paper_for_a_decision_to_work_out_on_the_gui_thread(tmp_path, monkeypatch):
    """A first person made of many papers once waited for their evidence on the GUI thread (0.5 s for 1,000)."""
    from gui.session import analyse

    with Store(tmp_path / "a.sqlite3", reviewer="tester") as store:
        cluster_id = silva_cluster(store, tmp_path)
        contents = store.load_cluster(cluster_id)
        evidence = analyse(contents, store.abstracts(cluster_id)).evidence
        change = store.create_person(cluster_id, [paper.paper_id for paper in contents.papers[:20]])
        contents = store.load_cluster(cluster_id)

        def worked_out_again(*_args, **_kwargs):
            raise AssertionError("a paper's parts were worked out after the analysis")

        monkeypatch.setattr(PaperParts, "of", worked_out_again)
        evidence.update(contents, change.decisions)
        assert evidence.fits(contents.papers[0])[0].person_id == contents.people[0].id
        store.close(backup=False)


def test_the_next_analysis_of_the_cluster_takes_over_its_papers_parts(tmp_path, monkeypatch):
    """The parts depend on the papers alone: worked out once per loaded cluster, not once per analysis."""
    from gui.session import analyse

    with Store(tmp_path / "r.sqlite3", reviewer="tester") as store:
        cluster_id = silva_cluster(store, tmp_path)
        contents = store.load_cluster(cluster_id)
        first = analyse(contents, store.abstracts(cluster_id)).evidence
        store.create_person(cluster_id, [paper.paper_id for paper in contents.papers[:5]])
        contents = store.load_cluster(cluster_id)
        reuse = first.reusable()
        fresh = _all_fits(EvidenceIndex(contents), contents)
        worked_out = PaperParts.of
        monkeypatch.setattr(PaperParts, "of", lambda *_args, **_kwargs: pytest.fail("a paper's parts were worked out again"))
        second = analyse(contents, store.abstracts(cluster_id), reuse).evidence
        assert _all_fits(second, contents) == fresh
        monkeypatch.setattr(PaperParts, "of", worked_out)
        # Another cluster's, or other papers': nothing is taken over.
        other = replace(reuse, cluster_id=cluster_id + 1)
        assert _all_fits(EvidenceIndex(contents, None, other), contents) == fresh
        fewer = replace(reuse, papers=reuse.papers - {contents.papers[0].paper_id})
        made_again = EvidenceIndex(contents, None, fewer).reusable().parts
        assert made_again and all(parts is not reuse.parts[paper] for paper, parts in made_again.items())
        store.close(backup=False)


def test_a_paper_nothing_ties_to_a_person_has_no_best_fit(tmp_path):
    """Its best score showed as "0.00 Ann Lee" in the Fit column: the cluster's first person "won" a tie of nothings."""
    from conftest import arrow_page, paper
    from models.schema import Verdict

    page = tmp_path / "ann.txt"
    page.write_text(arrow_page("Ann Lee", [
        paper("Sparse kernels for sensor arrays", ["Ann Lee", "Bo Chen"], "ICML Conference 2024 Conference Paper", None),
        paper("Kernel methods in sparse sensing", ["Ann Lee", "Bo Chen"], "ICML Conference 2024 Conference Paper", None),
        paper("Pottery of the late bronze age", ["Ann Lee", "Ed Fox"], "Antiquity Journal 2024 Journal Article", None),
        paper("Sparse sensor kernels revisited", ["Ann Lee", "Bo Chen"], "NeurIPS 2024 Conference Paper", None),
    ]))
    with Store(tmp_path / "e.sqlite3") as store:
        store.import_files([page])
        cluster = store.clusters()[0]
        first, second, pottery, revisited = store.load_cluster(cluster.id).papers
        store.decide(cluster.id, [first.paper_id, second.paper_id], Verdict.PERSON)
        contents = store.load_cluster(cluster.id)
    evidence = EvidenceIndex(contents)
    by_id = {p.paper_id: p for p in contents.papers}
    assert evidence.best_fit(by_id[revisited.paper_id]).label == "Ann Lee"  # a coauthor and title words speak for her
    assert [round(fit.score, 2) for fit in evidence.fits(by_id[pottery.paper_id])] == [0.0]  # the detail pane still lists it
    assert evidence.best_fit(by_id[pottery.paper_id]) is None


def _shengen_yan_with_people(store, people: list[list[int]]):
    """The example cluster with a person made of each list of papers (numbered from 1, in source order)."""
    from conftest import SEED_PAGE

    store.import_files([SEED_PAGE])
    cluster = store.clusters()[0]
    ids = [paper.paper_id for paper in store.load_cluster(cluster.id).papers]
    for number, papers in enumerate(people, 1):
        store.create_person(cluster.id, [ids[paper - 1] for paper in papers], label=f"Person {number}")
    contents = store.load_cluster(cluster.id)
    return contents, EvidenceIndex(contents, store.abstracts(cluster.id)), contents.papers


def test_a_coauthor_with_dblps_suffix_counts_as_the_name_without_it(store):
    """Paper 7 writes "Guohao Dai 0001", the person's three papers "Guohao Dai"; paper 4 "Zinan Lin 0001", paper 1 "Zinan Lin"."""
    from models.profiles import person_stats

    contents, evidence, papers = _shengen_yan_with_people(store, [[1, 3, 6]])
    (fit,) = evidence.fits(papers[6])
    assert fit.reasons[0] == "shares coauthors Xuefei Ning (2), Guohao Dai (3), Huazhong Yang (1)"
    (fit,) = evidence.fits(papers[3])
    assert fit.reasons[0] == "shares coauthors Tianchen Zhao (1), Enshu Liu (2), Zinan Lin (1)"
    store.decide(contents.cluster.id, [papers[6].paper_id], Verdict.PERSON, contents.people[0].id)
    card = person_stats(store.load_cluster(contents.cluster.id), contents.people[0].id)
    assert card.coauthors[0] == ("Guohao Dai", 4)  # the person card: one coauthor, not "Guohao Dai 0001 (1)" beside him


def test_a_fit_scores_only_what_its_reasons_name(store):
    """ "Person 2 0.12: nothing in common yet" in the pane and a fit in the Fit column: a few words
    below the similarity the reasons name had made the score."""
    _contents, evidence, papers = _shengen_yan_with_people(store, [[1, 3, 6], [5]])
    fits = {fit.label: fit for fit in evidence.fits(papers[6])}
    assert (fits["Person 2"].score, fits["Person 2"].reasons) == (0.0, ("nothing in common yet",))
    assert evidence.best_fit(papers[6]).label == "Person 1"
    (_, year_only) = evidence.fits(papers[1])
    assert (year_only.label, year_only.score, year_only.reasons) == ("Person 2", 0.0, ("2025 is 1 year after its last paper (2024)",))


def test_a_venue_reason_says_is_for_one_paper_and_are_for_more(store):
    """A tester read "1 of its papers are in The Benchmark Handbook" in the detail pane."""
    _contents, evidence, papers = _shengen_yan_with_people(store, [[1], [2, 3, 6]])
    venues = {fit.label: [r for r in fit.reasons if " in NeurIPS" in r] for fit in evidence.fits(papers[4])}
    assert venues == {"Person 1": ["1 of its papers is in NeurIPS Conference"], "Person 2": ["2 of its papers are in NeurIPS Conference"]}


def test_every_fit_the_fit_column_shows_has_a_reason_that_scored(store):
    """Each paper its own person: every paper's fit to every other, as the pane and the Fit column show it."""
    scoring = ("shares coauthors", "of its papers", "same affiliation", "writes the first name", "similar words")
    _contents, evidence, papers = _shengen_yan_with_people(store, [[number] for number in range(1, 8)])
    for paper in papers:
        fits = evidence.fits(paper)
        assert len(fits) == 6
        for fit in fits:
            named = [reason for reason in fit.reasons if any(words in reason for words in scoring)]
            assert bool(named) == (fit.score >= SHOWN_FIT), (paper.title, fit)


def test_the_fits_shown_always_hold_the_papers_own_person(tmp_path):
    """The pane listed the best 3 fits; with people tied at 0.00 in the people panel's order, a paper of the
    4th person never showed its own person's fit (a tester, on Arnetminer's Ajay Gupta)."""
    from conftest import arrow_page, paper

    page = tmp_path / "ann.txt"
    topics = ["Sparse kernels", "Pottery glazes", "Tidal turbines", "Lichen growth", "Bird migration", "Quantum dots"]
    page.write_text(arrow_page("Ann Lee", [
        paper(topic, ["Ann Lee", f"Co Author{number}"], f"Venue{number} 20{10 + number} Journal Article", None)
        for number, topic in enumerate(topics)
    ]))
    with Store(tmp_path / "e.sqlite3") as store:
        store.import_files([page])
        cluster = store.clusters()[0]
        ids = [p.paper_id for p in store.load_cluster(cluster.id).papers]
        for number, papers in enumerate([[0], [1], [2], [3], [4, 5]], 1):
            store.create_person(cluster.id, [ids[p] for p in papers], label=f"Person {number}")
        contents = store.load_cluster(cluster.id)
    evidence = EvidenceIndex(contents)
    fifth = contents.people[4].id
    paper = next(p for p in contents.papers if p.paper_id == ids[4])
    assert [fit.person_id for fit in evidence.fits(paper)][:3] == [p.id for p in contents.people[:3]]  # ties: panel order
    shown = evidence.shown_fits(paper)
    assert [fit.person_id for fit in shown.fits] == [p.id for p in contents.people[:3]] + [fifth]  # the best 3, then its own
    assert (shown.people, shown.own_person_id, shown.best) == (5, fifth, 3)
    alone = next(p for p in contents.papers if p.paper_id == ids[0])  # its own person has no other paper to weigh
    assert [fit.person_id for fit in evidence.shown_fits(alone).fits] == [p.id for p in contents.people[1:4]]  # 3 of 4
    # The pane says how many people were weighed, and marks the paper's own person.
    from gui.detail_pane import paper_html
    from models.history import DecisionState

    html = paper_html(paper, DecisionState(Verdict.PERSON, fifth), "Person 5", shown)
    assert "against each of 5 people's other papers: the best 3, and its own person" in html
    assert "<b>Person 5</b> (its person now) 0.00" in html


def _block_in_a_person(tmp_path, block_venue: str):
    """Jie Tang's shape: a person of 6 papers on one line of work (coauthors Li Ma and Wen Wu) that an accepted group
    also gave 3 mesh papers of another Jie Tang, tied to each other by Fuyan Zhang and to the rest by nothing."""
    from conftest import arrow_page, paper

    own = [paper(f"Graph mining of social networks part {n}", ["Jie Tang", "Li Ma" if n % 2 else "Wen Wu", "Li Ma"],
                 "KDD 2024 Conference Paper", None) for n in range(6)]
    block = [paper(f"Mesh simplification with quadrics {n}", ["Jie Tang", "Fuyan Zhang"], block_venue, None) for n in range(3)]
    page = tmp_path / "jie.txt"
    page.write_text(arrow_page("Jie Tang", own + block))
    with Store(tmp_path / "e.sqlite3") as store:
        store.import_files([page])
        cluster = store.clusters()[0]
        papers = store.load_cluster(cluster.id).papers
        store.create_person(cluster.id, [p.paper_id for p in papers])
        contents = store.load_cluster(cluster.id)
    return contents, EvidenceIndex(contents), contents.papers[:6], contents.papers[6:]


def test_a_block_of_papers_that_came_into_a_person_together_does_not_vouch_for_itself(tmp_path):
    """The 3 mesh papers scored 0.51 in Jie Tang, "shares coauthors Fuyan Zhang (2)", among the genuine papers'
    fits, so sorting the Fit column did not find them; moved out, they fit her 0.00. A group of a person's papers tied
    by coauthors, at most half of them, is now judged against the person's papers outside it."""
    from models.evidence import column_fits

    contents, evidence, own, block = _block_in_a_person(tmp_path, "Computer Graphics Forum 2024 Journal Article")
    block_fit = evidence.own_fit(block[0])
    assert block_fit.score < 0.05
    assert block_fit.reasons[0] == "against its person's papers outside the 3 papers it shares coauthors with (Fuyan Zhang)"
    assert not any("Fuyan Zhang (2)" in reason for reason in block_fit.reasons)
    own_fits = [evidence.own_fit(paper) for paper in own]  # the person's main body: each against the other 5
    assert all(fit.score > 0.5 and fit.reasons[0].startswith("shares coauthors") for fit in own_fits)
    weakest_first = sorted(column_fits(contents, evidence).items(), key=lambda item: item[1].score)
    assert {paper_id for paper_id, _fit in weakest_first[:3]} == {paper.paper_id for paper in block}


def test_a_block_that_shares_a_venue_with_the_person_still_shows_it(tmp_path):
    """Outside the block, what the rest of the person has in common with it still counts, and is said."""
    _contents, evidence, _own, block = _block_in_a_person(tmp_path, "KDD 2024 Conference Paper")
    fit = evidence.own_fit(block[0])
    assert "6 of its papers are in KDD" in fit.reasons
    assert fit.score > 0.3


def test_an_affiliation_none_of_the_persons_papers_gives_is_said_but_not_scored(tmp_path):
    """David Jensen's paper 4 gave "Rockwell Collins, Cedar Rapids", against a person whose papers gave UMass Amherst:
    the pane said only "0.00: 2004 is within its years 1997–2009". Evidence against is said; people move, so it
    takes nothing off the score."""
    from test_formats_arnetminer import person_file, publication

    umass = "University of Massachusetts Amherst"
    body = "".join(publication(str(n), f"David Jensen,Co Author{n}", organization=umass if n < 3 else "null", year=str(2000 + n))
                   for n in range(5))
    body += publication("9", "David Jensen,Someone Else", organization="Rockwell Collins, Cedar Rapids", year="2003")
    body += publication("10", "David Jensen,Someone Else", year="2003")  # the same paper with no affiliation
    with Store(tmp_path / "e.sqlite3") as store:
        store.import_files([person_file(tmp_path, body, "David Jensen")])
        cluster = store.clusters()[0]
        papers = store.load_cluster(cluster.id).papers
        store.create_person(cluster.id, [p.paper_id for p in papers[:5]])
        contents = store.load_cluster(cluster.id)
    evidence = EvidenceIndex(contents)
    (fit,) = evidence.fits(contents.papers[5])
    assert "3 of its papers give an affiliation, none Rockwell Collins, Cedar Rapids" in fit.reasons
    (without,) = evidence.fits(contents.papers[6])
    assert fit.score == without.score and not any("an affiliation" in reason for reason in without.reasons)
    (own,) = evidence.fits(contents.papers[0])  # the person's own papers give UMass: no such line
    assert not any("an affiliation" in reason for reason in own.reasons)


def _affiliation_reasons(tmp_path, persons: list[str], paper: str) -> list[str]:
    """The reasons a paper giving `paper` as its affiliation fits a person whose papers give `persons`."""
    from xml.sax.saxutils import escape

    from test_formats_arnetminer import person_file, publication

    body = "".join(publication(str(n), f"Fei Su,Co Author{n}", organization=escape(org), year="2004")
                   for n, org in enumerate(persons))
    body += publication("99", "Fei Su,Someone Else", organization=escape(paper), year="2004")
    with Store(tmp_path / "a.sqlite3") as store:
        store.import_files([person_file(tmp_path, body, "Fei Su")])
        cluster = store.clusters()[0]
        papers = store.load_cluster(cluster.id).papers
        store.create_person(cluster.id, [p.paper_id for p in papers[:-1]])
        contents = store.load_cluster(cluster.id)
    (fit,) = EvidenceIndex(contents).fits(contents.papers[-1])
    return [reason for reason in fit.reasons if "an affiliation" in reason]


BUPT = ["Beijing University of Posts and Telecommunications", "Beijing Univ. of Posts & Telecommun., Beijing, China",
        "Beijing University of Posts and Telecommunications, Beijing 100876, P.R.China", "Duke University, Durham, NC"]


@pytest.mark.parametrize("persons, paper", [
    # Fei Su paper 35 against Fei Su (2): "5 of its papers give an affiliation, none Sch. of Telecommun. Eng., …"
    (BUPT, "Sch. of Telecommun. Eng., Beijing Univ. of Posts & Telecommun., Beijing, China"),
    # John Hale paper 39: "1 of its papers gives an affiliation, not Michigan State University, East Lansing, MI"
    (["Michigan State University"], "Michigan State University, East Lansing, MI"),
    (["Michigan State University, East Lansing, MI"], "Michigan State University"),
    (["Dept. of Comput. Sci., Tulsa Univ., OK"], "University of Tulsa, Tulsa, OK, USA"),
    (["Intel Corporation, Folsom, CA"], "Intel"),
    (["Massachusetts Institute of Technology"], "MIT, Cambridge, MA"),
    (["Institute of Automation, Chinese Academy of Sciences"], "Inst. of Autom., Chinese Acad. of Sci., Beijing"),
])
def test_one_institution_written_otherwise_is_no_evidence_against(tmp_path, persons, paper):
    assert _affiliation_reasons(tmp_path, persons, paper) == []


@pytest.mark.parametrize("persons, paper, said", [
    (BUPT, "Intel Corporation, Folsom, CA", "4 of its papers give an affiliation, none Intel Corporation, Folsom, CA"),
    # The same city, country or department is no same institution.
    (["Tsinghua University, Beijing, China"], "Sch. of Telecommun. Eng., Beijing Univ. of Posts & Telecommun., Beijing, China",
     "1 of its papers gives an affiliation, not Sch. of Telecommun. Eng., Beijing Univ. of Posts & Telecommun., Beijing, China"),
    (["Dept. of Computer Science, University of Michigan, Ann Arbor"], "Dept. of Computer Science, Michigan State University",
     "1 of its papers gives an affiliation, not Dept. of Computer Science, Michigan State University"),
    (["Beijing Normal University"], "Beijing University", "1 of its papers gives an affiliation, not Beijing University"),
    (["University of Massachusetts Amherst"], "Rockwell Collins, Cedar Rapids",
     "1 of its papers gives an affiliation, not Rockwell Collins, Cedar Rapids"),
])
def test_another_institution_is_still_said(tmp_path, persons, paper, said):
    assert _affiliation_reasons(tmp_path, persons, paper) == [said]


def _thomas_meyer_in_one_person(tmp_path):
    from conftest import SHARED_DATA

    path = SHARED_DATA / "arnetminer" / "Thomas Meyer.xml"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    store = Store(tmp_path / "m.sqlite3")
    store.import_files([str(path)])
    cluster = store.clusters()[0]
    papers = store.load_cluster(cluster.id).papers
    store.create_person(cluster.id, [paper.paper_id for paper in papers])  # Ctrl+A Y
    return store, cluster, papers


def test_a_coauthor_group_of_several_papers_vouches_for_itself(tmp_path):
    """Thomas Meyer, all 31 papers in one person: paper 26 shares Richard Booth with 6 others and read "0.00: against
    its person's papers outside the 7 papers it shares coauthors with (Richard Booth)"; unsure, it fit him at 0.59."""
    store, cluster, papers = _thomas_meyer_in_one_person(tmp_path)
    with store:
        contents = store.load_cluster(cluster.id)
        paper = contents.papers[25]
        decided = EvidenceIndex(contents, store.abstracts(cluster.id)).own_fit(paper)
        store.decide(cluster.id, [paper.paper_id], Verdict.UNSURE)
        contents = store.load_cluster(cluster.id)
        unsure = EvidenceIndex(contents, store.abstracts(cluster.id)).best_fit(paper)
    assert decided.score > 0.5 and "shares coauthors Richard Booth (6)" in decided.reasons
    assert (decided.score, decided.reasons) == (unsure.score, unsure.reasons)  # the same paper, the same person


def test_a_small_group_weighed_outside_says_how_it_fits_with_it(tmp_path):
    """A block of 3 is still weighed against the person's papers outside it, and says what the fit is with them, as
    the paper unsure shows it ("0.77 → 1 John Hale" unsure, "0.00 in 1 John Hale" decided, with no word why)."""
    _contents, evidence, _own, block = _block_in_a_person(tmp_path, "Computer Graphics Forum 2024 Journal Article")
    fit = evidence.own_fit(block[0])
    assert fit.score < 0.05 and fit.reasons[-1].endswith(" with them") and float(fit.reasons[-1].split()[0]) > 0.3
