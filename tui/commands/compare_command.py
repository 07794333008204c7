"""`flywheel compare [--deck D] [--json]`: how well SM-2 and FSRS predict the user's own recall.

Read-only: it scores forecasts on the history and changes no schedule (the scheduler stays SM-2).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from cards.decks.printable import printable
from cards.decks.vocabulary import require_deck
from cards.plural import counted
from cards.workspace import Workspace
from tui.commands.plumbing import warn_about

if TYPE_CHECKING:  # the models (py-fsrs, fsrs-rs) load when the command runs, not with --help
    from cards.compare.comparison import Comparison, ModelScore, TooLittle


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("--deck", metavar="D", help="only this deck and its subdecks")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    store, report = workspace.open_store()
    with store:
        warn_about(store, report, workspace)
        if args.deck is not None:
            require_deck(args.deck, store.card_totals())
        result = store.compare(workspace.today, args.deck)
    if args.json:
        print(json.dumps(as_json(result), indent=2))
    else:
        print(as_text(result, args.deck))
    return 0


def as_json(result: Comparison | TooLittle) -> dict[str, object]:
    from cards.compare.comparison import TooLittle

    if isinstance(result, TooLittle):
        return {"reviews": result.reviews, "needed": result.needed, "models": []}
    return {
        "reviews": result.reviews,
        "answers": result.answers,
        "fitted_on": result.fitted_on,
        "retention": round(result.retention, 4),
        "fully_fitted": result.fully_fitted,
        "answers_after_today": result.later,
        "models": [_model_json(model) for model in result.models],
    }


def _model_json(model: ModelScore) -> dict[str, object]:
    workload = model.workload
    return {
        "name": model.name,
        "log_loss": model.log_loss,
        "rmse_bins": model.rmse_bins,
        "auc": model.auc,
        "reviews": model.reviews,
        "reviews_per_day_30": None if workload is None else round(workload.next_30_days, 1),
        "reviews_per_day_365": None if workload is None else round(workload.next_365_days, 1),
    }


def as_text(result: Comparison | TooLittle, deck: str | None = None) -> str:
    from cards.compare.comparison import TooLittle
    from cards.compare.fitting import MIN_FIT_REVIEWS

    where = "" if deck is None else f" in {printable(deck)}"
    if isinstance(result, TooLittle):
        return (
            f"Too little history{where} to compare yet: FSRS is fitted on the earlier half of "
            f"your reviews and scored on the later half, which takes {result.needed} reviews "
            f"(answers to a card on a later study day than its previous answer); "
            f"there are {result.reviews}, {result.needed - result.reviews} to go."
        )
    lines = [
        f"How well each model predicted your recall{where}: {result.reviews} reviews scored "
        f"(the later half; FSRS fitted on the earlier {result.fitted_on}), "
        f"from {result.answers} answers.",
        "",
        f"{'model':<16} {'log loss':>9} {'RMSE (bins)':>12} {'AUC':>6}   "
        f"{'reviews/day, next 30 d':>22} {'365 d':>6}",
    ]
    for model in result.models:
        auc = "-" if model.auc is None else f"{model.auc:.3f}"
        workload = model.workload
        per_day = (
            ("-", "-")
            if workload is None
            else (
                f"{workload.next_30_days:.1f}",
                f"{workload.next_365_days:.1f}",
            )
        )
        lines.append(
            f"{model.name:<16} {model.log_loss:>9.4f} {model.rmse_bins:>12.4f} {auc:>6}   "
            f"{per_day[0]:>22} {per_day[1]:>6}"
        )
    if result.later:
        lines += [
            "",
            f"{counted(result.later, 'answer')} dated after the study day left out: this is the "
            "comparison as it stood that day.",
        ]
    if not result.fully_fitted:
        lines += [
            "",
            "FSRS-6 fitted has only its first-day stabilities fitted so far, the rest are the",
            f"defaults: fsrs-rs fits them on {MIN_FIT_REVIEWS} reviews of cards already reviewed "
            "on an earlier day.",
        ]
    lines += [
        "",
        "Lower log loss and RMSE, and higher AUC, mean forecasts closer to what you recalled.",
        f"Reviews a day: the cards you have studied, simulated at the {result.retention:.0%} "
        "recall SM-2 achieved.",
        "Flywheel still schedules with SM-2; this comparison changes nothing.",
    ]
    return "\n".join(lines)
