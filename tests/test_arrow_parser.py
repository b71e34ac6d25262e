"""The Arrow page parser on the real seed page and on the shapes it must survive."""

from __future__ import annotations

import pytest

from conftest import SEED_PAGE, arrow_page, paper
from models.arrow import parse_arrow_page, parse_arrow_text, repaired_links
from models.errors import SourceError
from models.records import AuthorRowRecord, ClusterRecord, PaperRecord

def papers_of(parsed) -> list[PaperRecord]:
    return [r for r in parsed.records if isinstance(r, PaperRecord)]


def clusters_of(parsed) -> list[ClusterRecord]:
    return [r for r in parsed.records if isinstance(r, ClusterRecord)]


SEED_PAPERS = [
    ("NeurIPS Conference", 2025, "Distilled Decoding 2: One-step Sampling of Image Auto-regressive Models with Conditional Score Distillation",
     ["Enshu Liu", "Qian Chen", "Xuefei Ning", "Shengen Yan", "Guohao Dai", "Zinan Lin", "Yu Wang"]),
    ("ICLR Conference", 2025, "Linear Combination of Saved Checkpoints Makes Consistency and Diffusion Models Better",
     ["Enshu Liu", "Junyi Zhu 0002", "Zinan Lin 0001", "Xuefei Ning", "Shuaiqi Wang", "Matthew B. Blaschko", "Sergey Yekhanin", "Shengen Yan"]),
    ("NeurIPS Conference", 2025, "R2R: Efficiently Navigating Divergent Reasoning Paths with Small-Large Model Token Routing",
     ["Tianyu Fu", "Yi Ge", "Yichen You", "Enshu Liu", "Zhihang Yuan", "Guohao Dai", "Shengen Yan", "Huazhong Yang"]),
    ("ICLR Conference", 2025, "ViDiT-Q: Efficient and Accurate Quantization of Diffusion Transformers for Image and Video Generation",
     ["Tianchen Zhao", "Tongcheng Fang", "Haofeng Huang", "Rui Wan", "Widyadewi Soedarmadji", "Enshu Liu", "Shiyao Li", "Zinan Lin 0001"]),
    ("NeurIPS Conference", 2024, "ArkVale: Efficient Generative LLM Inference with Recallable Key-Value Eviction",
     ["Renze Chen", "Zhuofeng Wang", "Beiquan Cao", "Tong Wu", "Size Zheng", "Xiuhong Li", "Xuechao Wei", "Shengen Yan"]),
    ("NeurIPS Conference", 2024, "DiTFastAttn: Attention Compression for Diffusion Transformer Models",
     ["Zhihang Yuan", "Hanling Zhang", "Pu Lu", "Xuefei Ning", "Linfeng Zhang", "Tianchen Zhao", "Shengen Yan", "Guohao Dai"]),
    ("ICML Conference", 2024, "Evaluating Quantized Large Language Models",
     ["Shiyao Li", "Xuefei Ning", "Luning Wang", "Tengxuan Liu", "Xiangsheng Shi", "Shengen Yan", "Guohao Dai 0001", "Huazhong Yang"]),
]


def test_seed_page_parses_to_exactly_its_seven_papers():
    parsed = parse_arrow_page(SEED_PAGE)
    assert [(p.venue, p.year, p.title, [a.name for a in p.authors]) for p in papers_of(parsed)] == [
        (venue, year, title, authors) for venue, year, title, authors in SEED_PAPERS
    ]
    assert {p.pub_type for p in papers_of(parsed)} == {"Conference Paper"}
    assert len(parsed.warnings) == 1 and "ViDiT-Q" in parsed.warnings[0]  # the name is not in view


def test_seed_page_declares_its_cluster_and_two_unlisted_author_rows():
    parsed = parse_arrow_page(SEED_PAGE)
    (cluster,) = clusters_of(parsed)
    assert cluster.name == "Shengen Yan"
    assert (cluster.declared_papers, cluster.declared_author_rows) == (7, 2)
    assert cluster.declaration_note == "2 author rows in the source, not itemized on this page"
    assert cluster.paper_keys == tuple(p.source_key for p in papers_of(parsed))
    assert not [r for r in parsed.records if isinstance(r, AuthorRowRecord)]  # not itemized: none invented


def test_seed_abstracts_are_kept_whole_with_their_extraction_damage():
    papers = papers_of(parse_arrow_page(SEED_PAGE))
    assert papers[0].abstract.startswith("Image Auto-regressive (AR) models have emerged")
    assert "from 3. 40 to 5. 43" in papers[0].abstract  # raw text kept as the source gave it
    assert papers[0].raw_text.startswith("NeurIPS Conference 2025 Conference Paper\n\nDistilled Decoding 2")


def test_urls_broken_by_text_extraction_become_links():
    papers = papers_of(parse_arrow_page(SEED_PAGE))
    assert papers[0].links == ("https://github.com/imagination-research/Distilled-Decoding-2",)
    assert papers[6].links == ("https://github.com/thu-nics/qllm-eval",)
    assert repaired_links("See https: //example. org/a-b. We then") == ["https://example.org/a-b"]


def test_singular_counts_and_a_missing_abstract():
    text = arrow_page("Ann Lee", [paper("Only paper", ["Ann Lee", "Bo Chen"], abstract=None)], declared_rows=1)
    parsed = parse_arrow_text(text, "one.txt")
    (cluster,) = clusters_of(parsed)
    assert (cluster.declared_papers, cluster.declared_author_rows) == (1, 1)
    assert papers_of(parsed)[0].abstract is None
    assert cluster.declaration_note == "1 author row in the source, not itemized on this page"


def test_missing_abstract_between_papers_does_not_swallow_the_next_paper():
    text = arrow_page("Ann Lee", [paper("First", ["Ann Lee"], abstract=None), paper("Second", ["Ann Lee"], venue="KDD Conference 2019 Journal Article")])
    papers = papers_of(parse_arrow_text(text))
    assert [(p.title, p.abstract, p.year, p.pub_type) for p in papers] == [
        ("First", None, 2024, "Conference Paper"),
        ("Second", "An abstract.", 2019, "Journal Article"),
    ]


def test_two_entries_with_the_same_title_are_two_papers():
    same = paper("Same title", ["Ann Lee"])
    papers = papers_of(parse_arrow_text(arrow_page("Ann Lee", [same, same])))
    assert len(papers) == 2
    assert papers[0].source_key != papers[1].source_key


def test_paper_keys_do_not_depend_on_the_author_list():
    before = papers_of(parse_arrow_text(arrow_page("Ann Lee", [paper("T", ["Ann Lee"])])))[0]
    after = papers_of(parse_arrow_text(arrow_page("Ann Lee", [paper("T", ["Ann Lee", "New Coauthor"])])))[0]
    assert before.source_key == after.source_key


def test_count_mismatch_is_a_warning_not_an_error():
    parsed = parse_arrow_text(arrow_page("Ann Lee", [paper("T", ["Ann Lee"])], declared_papers=3), "p.txt")
    assert parsed.warnings == ["p.txt: the page declares 3 papers but lists 1"]
    assert clusters_of(parsed)[0].declared_papers == 3


def test_multi_paragraph_abstract_is_one_abstract():
    text = arrow_page("Ann Lee", [paper("T", ["Ann Lee"], abstract="First part.\n\nSecond part.")])
    assert papers_of(parse_arrow_text(text))[0].abstract == "First part.\n\nSecond part."


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Some other page\n\nwith text\n", 1, "not an Arrow author name cluster page"),
        ("Arrow Research search\n\nAuthor name cluster\n\nAnn Lee\n\n1 paper\n", 7, "no 'Possible papers' section"),
        (
            "Author name cluster\n\nAnn Lee\n\nPossible papers\n\n1\n\nICML Conference 2024 Conference Paper\n\nTitle\n\n  • Ann Lee\nnot a bullet\n",
            14,
            "expected an author bullet",
        ),
        ("Author name cluster\n\nAnn Lee\n\nPossible papers\n\n1\n\nstray text before any paper\n", 9, "expected a paper's venue line"),
    ],
)
def test_damaged_pages_name_the_line(text, line, message):
    with pytest.raises(SourceError) as raised:
        parse_arrow_text(text, "bad.txt")
    assert raised.value.line == line
    assert message in str(raised.value)
    assert str(raised.value).startswith(f"bad.txt:{line}: ")


def test_truncated_page_is_an_error_not_a_longer_abstract():
    text = arrow_page("Ann Lee", [paper("T", ["Ann Lee"])]) + "\nNeurIPS Conference 2025 Conference Paper\n"
    with pytest.raises(SourceError, match="truncated"):
        parse_arrow_text(text, "cut.txt")


def test_files_that_are_not_text(tmp_path):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02Author name cluster")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Author name cluster\n\nM\u00fcller\n".encode("latin-1"))
    with pytest.raises(SourceError, match="binary"):
        parse_arrow_page(binary)
    with pytest.raises(SourceError, match=r"latin.txt:3: not UTF-8"):
        parse_arrow_page(latin)


def _without_blank_line_before(text: str, venue_line: str) -> str:
    """`text` with the blank line before `venue_line` taken out, as a hand-edited page had it."""
    assert f"\n\n{venue_line}\n" in text
    return text.replace(f"\n\n{venue_line}\n", f"\n{venue_line}\n", 1)


def test_a_paper_right_after_an_abstract_is_its_own_paper_not_part_of_the_abstract():
    # A changed copy of the Shengen Yan page had a new paper's venue line right under the last abstract:
    # its title, bullets and abstract went into "Evaluating Quantized Large Language Models"'s abstract.
    new = paper("A new paper", ["Ann Lee", "Shengen Yan"], venue="ICLR Conference 2024 Conference Paper", abstract="Its own abstract.")
    text = SEED_PAGE.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + arrow_page("x", [new]).split("\n\nPossible papers\n\n1\n\n")[-1]
    text = _without_blank_line_before(text.replace("\n7 papers\n", "\n8 papers\n").replace("\n\n7\n\n", "\n\n8\n\n", 1), new["venue"])
    parsed = parse_arrow_text(text, "changed.txt")
    papers = papers_of(parsed)
    seed = papers_of(parse_arrow_page(SEED_PAGE))
    assert [p.title for p in papers] == [p.title for p in seed] + ["A new paper"]
    assert papers[6].abstract == seed[6].abstract  # "Evaluating Quantized ...": 1,207 characters, not 2,638
    assert (papers[7].abstract, [a.name for a in papers[7].authors], papers[7].year) == ("Its own abstract.", ["Ann Lee", "Shengen Yan"], 2024)
    assert papers[7].line == text.split("\n").index(new["venue"]) + 1
    assert not [w for w in parsed.warnings if "declares" in w]


def test_a_paper_right_after_an_abstract_keeps_its_first_abstracts_paragraphs():
    first = paper("First", ["Ann Lee"], abstract="One paragraph.\n\nAnother paragraph.")
    text = _without_blank_line_before(arrow_page("Ann Lee", [first, paper("Second", ["Ann Lee"], venue="KDD Conference 2019 Journal Article")]),
                                      "KDD Conference 2019 Journal Article")
    assert [(p.title, p.abstract) for p in papers_of(parse_arrow_text(text))] == [
        ("First", "One paragraph.\n\nAnother paragraph."), ("Second", "An abstract.")
    ]


def test_a_paper_right_after_the_authors_of_a_paper_without_an_abstract_is_its_own_paper():
    second = paper("Second", ["Ann Lee", "Bo Chen"], venue="KDD Conference 2019 Journal Article")
    text = _without_blank_line_before(arrow_page("Ann Lee", [paper("First", ["Ann Lee"], abstract=None), second]), second["venue"])
    assert [(p.title, [a.name for a in p.authors], p.abstract) for p in papers_of(parse_arrow_text(text))] == [
        ("First", ["Ann Lee"], None), ("Second", ["Ann Lee", "Bo Chen"], "An abstract.")
    ]


def test_an_abstract_line_that_only_looks_like_a_venue_line_is_refused_at_its_line():
    # Not followed by a title and author bullets, it starts no paper; read as abstract text it might hide one.
    abstract = "We test it on the benchmark.\nImageNet Challenge 2012 Classification Task"
    text = arrow_page("Ann Lee", [paper("T", ["Ann Lee"], abstract=abstract), paper("U", ["Ann Lee"])])
    with pytest.raises(SourceError) as raised:
        parse_arrow_text(text, "odd.txt")
    assert raised.value.line == text.split("\n").index("ImageNet Challenge 2012 Classification Task") + 1
    assert "'ImageNet Challenge 2012 Classification Task'" in str(raised.value) and "'T'" in str(raised.value)


def test_a_page_listing_fewer_papers_than_its_list_counts_is_refused():
    # A paper whose venue line cannot be read ("NeurIPS 2025", no type) went silently into the abstract above it.
    second = paper("Second", ["Ann Lee", "Bo Chen"], venue="NeurIPS 2025")
    text = arrow_page("Ann Lee", [paper("First", ["Ann Lee"]), second])
    with pytest.raises(SourceError) as raised:
        parse_arrow_text(text, "short.txt")
    assert raised.value.line == text.split("\n").index("  • Ann Lee", text.split("\n").index("Second")) + 1
    assert "the list counts 2 papers but 1 was read" in str(raised.value)
    assert "'First'" in str(raised.value)


def test_a_page_cut_short_between_papers_is_refused_at_its_count():
    text = arrow_page("Ann Lee", [paper("First", ["Ann Lee"]), paper("Second", ["Ann Lee"])])
    text = text[: text.index("ICML Conference 2024 Conference Paper\n\nSecond")]
    with pytest.raises(SourceError) as raised:
        parse_arrow_text(text, "cut.txt")
    assert raised.value.line == text.split("\n").index("2") + 1
    assert "the list counts 2 papers but 1 was read" in str(raised.value)


def test_more_entries_than_the_list_counts_is_still_a_warning():
    same = paper("Same title", ["Ann Lee"])
    text = arrow_page("Ann Lee", [same, same]).replace("\n\n2\n\n", "\n\n1\n\n", 1).replace("2 papers", "1 paper")
    parsed = parse_arrow_text(text, "twice.txt")
    assert len(papers_of(parsed)) == 2
    assert parsed.warnings == ["twice.txt: the page declares 1 paper but lists 2"]
