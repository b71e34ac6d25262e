from models.names import cluster_key, display_name, homonym_suffix


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
