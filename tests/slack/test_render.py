"""Block Kit rendering: replies, forms as modals, and reading a submitted modal back."""

from __future__ import annotations

from bot.slack.render.blocks import reply_blocks
from bot.slack.render.modals import FormContext, field_errors, form_view
from bot.slack.render.state import submitted_values
from handlers.vocabulary import Button, Choice, Field, FieldKind, Form, Reply


def test_a_reply_as_blocks() -> None:
    reply = Reply(
        title="Concerns (2) <b>",
        fields=(("Reference", "C-00001"),),
        lines=("a & b",),
        buttons=(
            Button("concern.open", "Open C-00001", "1"),
            Button("concern.open", "Open C-00002", "2"),
            Button("concern.acknowledge", "Acknowledge", "1", "primary"),
        ),
    )
    blocks = reply_blocks(reply)
    assert blocks[0]["text"]["text"] == "*Concerns (2) &lt;b&gt;*"
    assert blocks[1]["fields"][0]["text"] == "*Reference*\nC-00001"
    assert blocks[2]["text"]["text"] == "a &amp; b"
    ids = [e["action_id"] for e in blocks[3]["elements"]]
    assert ids == ["concern.open", "concern.open~1", "concern.acknowledge"]
    assert blocks[3]["elements"][2]["style"] == "primary"


def test_long_lists_are_cut_to_what_slack_allows() -> None:
    reply = Reply(title="Many", lines=tuple(f"line {n}" for n in range(40)))
    short = reply_blocks(reply, max_lines=5)
    assert "… and 35 more" in short[-1]["text"]["text"]
    many = Reply(title="x", buttons=tuple(Button("b", str(n), str(n)) for n in range(60)))
    assert [len(b["elements"]) for b in reply_blocks(many)[1:]] == [25, 25, 10]


PUPILS = tuple(Choice(str(n), f"Pupil {n}") for n in range(1, 131))
FORM = Form(
    action="concern.log",
    title="A title far too long for a Slack modal",
    fields=(
        Field("pupils", "Pupil(s)", FieldKind.PUPIL, multiple=True, choices=PUPILS),
        Field("observed", "What?", FieldKind.LONG_TEXT, help="Facts."),
        Field("urgency", "Urgency", FieldKind.CHOICE, choices=(Choice("low", "Low"),),
              initial="low"),
        Field("on", "When", FieldKind.DATE, required=False),
        Field("minutes", "Minutes", FieldKind.NUMBER),
        Field("absent", "Absent", FieldKind.PUPIL, required=False, multiple=True),
    ),
)  # fmt: skip


def test_a_form_as_a_modal() -> None:
    view = form_view(
        FORM,
        context=FormContext("concern.log", {"concern_id": 3}),
        initial={"pupils": ["7"], "minutes": "20"},
        refresh_on=frozenset({"urgency"}),
    )
    assert len(view["title"]["text"]) <= 24 and view["callback_id"] == "form:concern.log"
    assert FormContext.decode(view["private_metadata"]).ids == {"concern_id": 3}
    assert view["blocks"][0]["text"]["text"] == "*A title far too long for a Slack modal*"
    blocks = {b["block_id"]: b for b in view["blocks"][1:]}
    pupils = blocks["pupils"]["element"]
    assert pupils["type"] == "multi_external_select"  # more than 100 pupils
    assert pupils["initial_options"] == [
        {"text": {"type": "plain_text", "text": "Pupil 7", "emoji": True}, "value": "7"}
    ]
    assert blocks["observed"]["element"] == {
        "type": "plain_text_input", "multiline": True, "action_id": "observed"
    }  # fmt: skip
    assert blocks["observed"]["hint"]["text"] == "Facts."
    assert blocks["urgency"]["element"]["initial_option"]["value"] == "low"
    assert blocks["urgency"]["dispatch_action"] is True
    assert blocks["on"]["optional"] is True and blocks["on"]["element"]["type"] == "datepicker"
    assert blocks["minutes"]["element"]["initial_value"] == "20"
    assert "absent" not in blocks  # nothing to choose from: left out


def test_errors_go_beside_their_fields() -> None:
    view = form_view(FORM, context=FormContext("concern.log"))
    shown = field_errors(view, {"observed": "Say more.", "source": "Bad.", "form": "Oops."})
    assert shown == {"observed": "Say more.", "pupils": "Bad. Oops."}


def test_a_submitted_modal_as_values() -> None:
    state = {
        "pupils": {"pupils": {"type": "multi_external_select",
                              "selected_options": [{"value": "7"}, {"value": "9"}]}},
        "observed": {"observed": {"type": "plain_text_input", "value": None}},
        "urgency": {"urgency": {"type": "static_select", "selected_option": {"value": "low"}}},
        "on": {"on": {"type": "datepicker", "selected_date": "2026-11-20"}},
        "minutes": {"minutes": {"type": "number_input", "value": "20"}},
        "lead": {"lead": {"type": "users_select", "selected_user": "U1"}},
        "none": {"none": {"type": "static_select", "selected_option": None}},
    }  # fmt: skip
    assert submitted_values(state) == {
        "pupils": ["7", "9"], "observed": "", "urgency": "low", "on": "2026-11-20",
        "minutes": "20", "lead": "U1", "none": "",
    }  # fmt: skip
