"""The seed articles come from one fixture, which says where they should be when
they are not there."""

import pytest

from tests.conftest import seed_in, seeds_in


def test_missing_seeds_fail_naming_the_expected_folder(tmp_path):
    missing = tmp_path / "shared" / "seeds"

    with pytest.raises(pytest.fail.Exception) as failure:
        seeds_in(missing)

    assert str(failure.value) == (
        f"The seed articles are missing: expected ../shared/seeds ({missing}) "
        "with the numbered .txt files (000_*.txt, ...) beside the project."
    )
    assert failure.value.pytrace is False  # the message alone, no traceback


def test_a_seeds_folder_without_articles_fails_the_same_way(tmp_path):
    (tmp_path / "README.md").write_text("No articles here.")

    with pytest.raises(pytest.fail.Exception, match=r"expected \.\./shared/seeds"):
        seeds_in(tmp_path)


def test_a_missing_seed_number_is_named(tmp_path):
    (tmp_path / "000_abc.txt").write_text("An article.")

    assert seed_in(tmp_path, "000") == tmp_path / "000_abc.txt"
    with pytest.raises(pytest.fail.Exception, match=r"No seed article 007_\*\.txt"):
        seed_in(tmp_path, "007")


def test_the_seeds_fixture_finds_the_three_seed_articles(seeds_dir, seed_path):
    assert [seed_path(n).parent for n in ("000", "001", "002")] == [seeds_dir] * 3
