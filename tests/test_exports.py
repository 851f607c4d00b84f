import akhbar


def test_all_is_sorted_and_complete() -> None:
    assert akhbar.__all__ == sorted(akhbar.__all__)
    for name in akhbar.__all__:
        assert hasattr(akhbar, name), name
