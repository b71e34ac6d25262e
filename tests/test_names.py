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
