from models.names import cluster_key, display_name, homonym_suffix, split_author_list, without_generation


def test_key_is_case_folded_with_white_space_collapsed():
    assert cluster_key("  Shengen   YAN ") == "shengen yan"


def test_dblp_homonym_suffix_is_dropped():
    assert cluster_key("Zinan Lin 0001") == "zinan lin"
    assert display_name("Zinan Lin 0001") == "Zinan Lin"
    assert homonym_suffix("Zinan Lin 0001") == "0001"
    assert homonym_suffix("Zinan Lin") is None


def test_unicode_is_nfc_and_diacritics_are_kept():
    decomposed = "Mu\u0308ller"
    assert cluster_key(decomposed) == cluster_key("Müller") == "müller"
    assert cluster_key("Müller") != cluster_key("Muller")


def test_case_folding_is_unicode_aware():
    assert cluster_key("STRAẞE") == cluster_key("strasse")


def test_initials_are_their_own_name():
    assert cluster_key("J. Lee") != cluster_key("Jae Lee")


def test_a_year_like_word_inside_a_name_is_kept():
    assert cluster_key("Model 2024 Team") == "model 2024 team"


def test_a_coauthor_with_dblps_suffix_is_the_coauthor_without_it():
    """The Arrow page writes "Guohao Dai 0001" on one paper and "Guohao Dai" on three: one coauthor."""
    from models.evaluation import coauthor_key
    from models.names import without_homonym_suffix
    from models.suggest.text import link_key, name_key

    assert without_homonym_suffix("Guohao Dai 0001") == "Guohao Dai"
    for key in (coauthor_key, name_key, link_key):
        assert key("Guohao Dai 0001") == key("Guohao Dai") == "guohao dai"
        assert key("Chun-Tian Cheng 0002") == key("Chun-Tian Cheng")


def test_only_four_digits_after_a_name_are_dblps_suffix():
    from models.evaluation import coauthor_key
    from models.names import without_homonym_suffix

    for kept in ("Zinan Lin 001", "Zinan Lin 00001", "Zinan Lin0001", "0001", "2001", "12 0001", "Model 2024 Team"):
        assert without_homonym_suffix(kept) == kept
    assert coauthor_key("12 0001") == "12 0001"  # a name that is only digits stays as it is
    assert display_name("12 0001") == "12 0001"


def test_a_generational_suffix_stays_in_the_key_and_comes_off_where_asked():
    # Clusters are exact names: "Jack W. Smith Jr." is not filed under his father's name by the key.
    assert cluster_key("Jack W. Smith Jr.") == "jack w. smith jr."
    assert without_generation("Thomas Wolf, II") == without_generation("Thomas Wolf II") == "Thomas Wolf"
    assert without_generation("Jack W. Smith, JR") == without_generation("Jack W. Smith sr") == "Jack W. Smith"
    assert without_generation("W. Frank King III") == "W. Frank King"
    assert without_generation("Naosuke Ii") == "Naosuke Ii"  # a Japanese surname, not a numeral
    assert without_generation("Jr.") == "Jr."  # a name that is only a suffix stays whole


def test_a_generational_suffix_in_an_author_list_stays_with_its_author():
    # Arnetminer's "Philip J. Smith.xml":172 and "Thomas Wolf.xml":262.
    smiths = "Jodi Heintz Obradovich,Stephanie Guerlain,Philip J. Smith,Jack W. Smith, Jr.,Sally Rudmann,Larry Sachs"
    assert split_author_list(smiths) == [
        "Jodi Heintz Obradovich", "Stephanie Guerlain", "Philip J. Smith", "Jack W. Smith Jr.", "Sally Rudmann", "Larry Sachs",
    ]
    wolf = "Thomas Wolf, II,Andreas Wicker,Bernd Gutmann,Herbert Weber, II"
    assert split_author_list(wolf) == ["Thomas Wolf II", "Andreas Wicker", "Bernd Gutmann", "Herbert Weber II"]
    assert split_author_list("a gupta: b chen :: sr:c li", ":") == ["a gupta", "b chen sr", "c li"]
    assert split_author_list(" , Ann Lee,,") == ["Ann Lee"]
