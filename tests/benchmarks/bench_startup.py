"""Cold start to the first card painted, in a real terminal (tmux), beside a bare Textual app.

Run by hand: `uv run python tests/benchmarks/bench_startup.py [--sizes 100,100000] [--repeats 7]`.
For each collection size it builds a synthetic deck folder and a synced database, then times, in
tmux, from launching `flywheel review` to the moment the first card's text is on the screen; the
baseline is a Textual app that paints one screen and exits, timed the same way. Beside the
clock it prints the processor time each process had used when its marker showed (from `/proc`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks.measuring import settle  # noqa: E402

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static("BARE-READY")

    def on_mount(self) -> None:
        self.set_timer(0.05, self.exit)

Bare().run()
"""
FLYWHEEL = Path(sys.executable).parent / "flywheel"
NO_BYTECODE = "PYTHONDONTWRITEBYTECODE"


def write_decks(folder: Path, notes: int, files: int = 10) -> None:
    """Synthetic bilingual decks; the first note's front is the marker the benchmark waits for."""
    folder.mkdir(parents=True, exist_ok=True)
    per_file = max(1, notes // files)
    number = 0
    for index in range(files):
        lines = [f'name = "Bench::Deck {index:02d}"\n']
        for _ in range(per_file):
            if number >= notes:
                break
            front = "FIRST-CARD-MARKER" if number == 0 else f"Question {number} about the flywheel"
            lines.append(
                f'[[notes]]\nid = "bench/n{number}"\nen.front = "{front}"\n'
                f'en.back = "Answer {number}"\nko.front = "플라이휠 질문 {number}"\n'
                f'ko.back = "답 {number}"\n'
            )
            number += 1
        (folder / f"deck{index:02d}.toml").write_text("\n".join(lines), encoding="utf-8")


@dataclass(frozen=True)
class Launch:
    """One launch until its marker showed: seconds on the clock and of the process's processor
    time (user and system, which a loaded machine sways less)."""

    seconds: float
    processor_seconds: float


def processor_seconds(pid: int) -> float:
    """User and system time a live process has used so far, from `/proc`."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_in_tmux(
    command: list[str], marker: str, env: dict[str, str], timeout: float = 60
) -> Launch:
    """From starting `command` in a fresh tmux session until `marker` is on screen."""
    socket = f"bench-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket]
    env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
    start = time.perf_counter()
    # As an installed program runs: from cached bytecode, even where PYTHONDONTWRITEBYTECODE is set.
    server_env = {key: value for key, value in os.environ.items() if key != NO_BYTECODE}
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "100", "-y", "30", *env_args, *command],
        check=True,
        env=server_env,
    )
    pane = subprocess.run(
        [*tmux, "list-panes", "-F", "#{pane_pid}"], capture_output=True, text=True
    ).stdout.split()
    try:
        while time.perf_counter() - start < timeout:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            if marker in screen:
                seconds = time.perf_counter() - start
                return Launch(seconds, processor_seconds(int(pane[0])) if pane else 0.0)
            time.sleep(0.005)
        raise TimeoutError(f"{marker!r} never appeared")
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,100000")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed: apt-get install tmux")
    print(f"cores: {os.cpu_count()}, repeats: {args.repeats}, medians in ms, bytecode cached")
    print(
        "| notes | bare Textual app | flywheel review | ratio "
        "| processor time: bare | flywheel review | ratio |\n"
        "|---:|---:|---:|---:|---:|---:|---:|"
    )
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        bare_script = root / "bare.py"
        bare_script.write_text(BARE_APP)
        for size in (int(part) for part in args.sizes.split(",")):
            folder = root / f"decks-{size}"
            write_decks(folder, size)
            config = root / "config.toml"
            config.write_text("builtin_decks = false\n")
            env = {
                "FLYWHEEL_DB": str(root / f"c-{size}.db"),
                "FLYWHEEL_DECKS": str(folder),
                "FLYWHEEL_CONFIG": str(config),
                "FLYWHEEL_TODAY": "2026-01-15",
                "PYTHONPYCACHEPREFIX": str(root / "pycache"),
            }
            settle(config)  # an everyday config file is old enough for its settings to be cached
            for _ in range(2):  # the first sync, then the run that caches the settings
                subprocess.run(
                    [str(FLYWHEEL), "due", "--limit", "1"],
                    env={**os.environ, **env},
                    check=True,
                    capture_output=True,
                )
            bare, ours = [], []
            time_in_tmux([sys.executable, str(bare_script)], "BARE-READY", env)  # writes bytecode
            time_in_tmux([str(FLYWHEEL), "review"], "FIRST-CARD-MARKER", env)
            for _ in range(args.repeats):
                bare.append(time_in_tmux([sys.executable, str(bare_script)], "BARE-READY", env))
                ours.append(time_in_tmux([str(FLYWHEEL), "review"], "FIRST-CARD-MARKER", env))
            b, o = (statistics.median(run.seconds for run in runs) * 1000 for runs in (bare, ours))
            bare_cpu, our_cpu = (
                statistics.median(run.processor_seconds for run in runs) * 1000
                for runs in (bare, ours)
            )
            print(
                f"| {size:,} | {b:.0f} | {o:.0f} | {o / b:.2f}x "
                f"| {bare_cpu:.0f} | {our_cpu:.0f} | {our_cpu / bare_cpu:.2f}x |"
            )


if __name__ == "__main__":
    main()
