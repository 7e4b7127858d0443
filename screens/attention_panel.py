"""A home panel: records headquarters reviewed with issues, overdue corrective actions
and certificates about to lapse. Enter opens the item. (Drafts of every kind are in
home's own drafts list.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from field_app.certificates import Expiring, expiring
from field_app.i18n import _, format_date, ngettext
from field_app.models.action import CorrectiveAction
from screens.registry import FORMS
from screens.widgets.pick_list import PickList

if TYPE_CHECKING:
    from screens.app import FieldApp

EXPIRY_WARNING_DAYS = 90


@dataclass
class Attention:
    """What the panel shows, read together in a worker."""

    overdue: list[CorrectiveAction] = field(default_factory=list)
    certificates: list[Expiring] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    reviews: list[Any] = field(default_factory=list)
    """Records headquarters reviewed with issues, not yet corrected."""


class AttentionPanel(Vertical):
    """Reviews to answer, overdue actions and expiring certificates."""

    class Loaded(Message):
        """The panel's data."""

        def __init__(self, data: Attention) -> None:
            super().__init__()
            self.data = data

    def __init__(self, app: FieldApp) -> None:
        super().__init__(classes="home-panel home-section", id="attention")
        self.field_app = app
        self.targets: dict[str, str] = {}
        """Option id -> the enterprise it is about."""

    def compose(self) -> ComposeResult:
        yield Static(_("Actions overdue, certificates expiring"), classes="section-title")
        yield PickList(id="attention-list")

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Read the panel's data again (in a worker)."""
        app, today = self.field_app, self.field_app.today

        def run() -> None:
            store = app.store  # opened here, off the UI thread, when home did not need it
            data = Attention(
                overdue=store.actions.overdue(today, limit=30),
                certificates=expiring(store, today, EXPIRY_WARNING_DAYS, limit=30),
            )
            data.reviews = store.reviews.needing_attention(20)
            ids = [a.enterprise_id for a in data.overdue]
            ids += [r.enterprise_id for r in data.reviews]
            ids += [c.enterprise_id for c in data.certificates]
            data.names = store.enterprises.names(ids)
            self.post_message(self.Loaded(data))

        self.run_worker(run, thread=True, group="attention", exclusive=True)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        lists = self.query("#attention-list").results(PickList)
        target = next(lists, None)
        if target is None:
            # The worker finished while the app was closing (its widgets are removed
            # child first): there is no list left to fill.
            return
        data, today = message.data, self.field_app.today
        items: list[Option] = []
        self.targets = {f"action:{a.id}": a.enterprise_id for a in data.overdue}
        if data.reviews:
            items.append(
                Option(
                    "[b $warning]"
                    + ngettext(
                        "{n} record needs your attention",
                        "{n} records need your attention",
                        len(data.reviews),
                    ).format(n=len(data.reviews))
                    + "[/]",
                    disabled=True,
                )
            )
        for review in data.reviews:
            name = data.names.get(review.enterprise_id, "?")
            items.append(
                Option(
                    f"  {name}: {review.comment}",
                    id=f"review:{review.record_kind}:{review.record_id}",
                )
            )
        for action in data.overdue:
            days = (today - action.due_date).days if action.due_date else 0
            name = data.names.get(action.enterprise_id, "?")
            items.append(
                Option(
                    "[b $error]"
                    + ngettext("{n} day late", "{n} days late", days).format(n=days)
                    + f"[/] {name}: {action.what}",
                    id=f"action:{action.id}",
                )
            )
        for number, cert in enumerate(data.certificates):
            key = f"cert:{number}"
            self.targets[key] = cert.enterprise_id
            name = data.names.get(cert.enterprise_id, "?")
            if cert.days_left < 0:
                when = "[b $error]" + _("expired {date}").format(date=format_date(cert.expires_on))
            else:
                when = "[b $warning]" + _("expires {date}").format(
                    date=format_date(cert.expires_on)
                )
            items.append(Option(f"{when}[/] {cert.standard} · {name}", id=key))
        if not items:
            items.append(Option(_("Nothing overdue or expiring."), disabled=True))
        target.replace_options(items)

    @on(OptionList.OptionSelected, "#attention-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        # Handled here: home's own handler opens every option it hears as a visit.
        event.stop()
        key = event.option.id or ""
        kind, _sep, ident = key.partition(":")
        if kind == "action":
            from screens.actions_list import ActionsListScreen

            self.app.push_screen(ActionsListScreen("overdue", enterprise_id=self.targets[key]))
        elif kind == "cert":
            from screens.enterprise_detail import EnterpriseDetailScreen

            self.app.push_screen(EnterpriseDetailScreen(self.targets[key]))
        elif kind == "review":
            record_kind, _sep, record_id = ident.partition(":")
            if record_kind in FORMS:
                self.app.push_screen(FORMS[record_kind].open(record_id, False))
            else:
                from screens.visit_form import VisitFormScreen

                self.app.push_screen(VisitFormScreen(record_id))
