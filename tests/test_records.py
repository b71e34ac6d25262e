"""The records readers yield: AuthorMention's hand-written __init__ stays in step with its fields."""

import dataclasses
import inspect

import pytest

from models.records import AuthorMention


def test_author_mention_init_takes_its_fields_in_order_with_their_defaults():
    parameters = list(inspect.signature(AuthorMention.__init__).parameters.values())[1:]
    fields = dataclasses.fields(AuthorMention)
    assert [(p.name, p.default) for p in parameters] == [
        (f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default) for f in fields
    ]


def test_author_mention_is_a_frozen_value():
    mention = AuthorMention("Ann Lee", "r1", affiliation="Uni A")
    assert (mention.name, mention.author_row_key, mention.role, mention.affiliation, mention.orcid) == ("Ann Lee", "r1", "author", "Uni A", None)
    assert mention == AuthorMention("Ann Lee", "r1", "author", "Uni A")
    assert hash(mention) == hash(AuthorMention("Ann Lee", "r1", "author", "Uni A"))
    assert mention != AuthorMention("Ann Lee", "r2", "author", "Uni A")
    assert dataclasses.replace(mention, role="editor").role == "editor"
    with pytest.raises(dataclasses.FrozenInstanceError):
        mention.name = "Bo Chen"
