"""The register's first page is asked for once, when the tab is first shown, and before
the filters' choices (the whole unit tree, slower than the page): on the one database
worker the page no longer waits behind them nor behind pages the sort settings asked for
while the tab was being built."""

from __future__ import annotations

from dataclasses import replace


def test_the_first_page_is_read_before_the_filter_choices(ctx, qtbot, monkeypatch):
    from app.services.demo import DemoSize, generate
    from app.ui.candidates import model as model_module
    from app.ui.candidates import tab as tab_module

    generate(ctx.db, replace(DemoSize.preset("commune"), candidates=60), seed=2)
    asked: list[str] = []
    choices, page = tab_module._filter_choices, model_module.find_candidates

    def recorded_choices(session):
        asked.append("choices")
        return choices(session)

    def recorded_page(session, *args, **kwargs):
        asked.append("page")
        return page(session, *args, **kwargs)

    monkeypatch.setattr(tab_module, "_filter_choices", recorded_choices)
    monkeypatch.setattr(model_module, "find_candidates", recorded_page)
    tab = tab_module.CandidatesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0)
    assert asked == ["page", "choices"]  # one page (none before the tab is shown), then
    # the choices
    assert tab.model.rowCount() == 60
    assert tab.model_type.count() > 1 and tab.unit.choices()  # the choices came after
