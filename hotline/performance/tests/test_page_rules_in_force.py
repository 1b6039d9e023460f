"""Issue 13.6: the rule version in force is marked and not hidden under the sticky table header."""

from __future__ import annotations


def test_the_version_in_force_is_named_above_the_history(personas, login):
    page = login(personas.manager).get("/performance/rules/").content.decode()
    assert 'id="in-force"' in page and "现行规则" in page
    assert page.index('id="in-force"') < page.index('id="history"')
    history = page.split('id="history"')[1].split("</table>")[0]
    assert history.count('class="in-force"') == 1
    # a sticky header inside a scrolling box sticks 2.8rem below the box's top, over the first rows
    assert 'style="overflow-x:auto"><table class="grid" id="history"' not in page
