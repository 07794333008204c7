"""SM-2 against FSRS: how well each predicts the user's own recall, read from the review log.

`events` says what is replayed and what is scored, `predictions` gives each model's forecasts,
`bins` and `metrics` score them, `fitting` fits FSRS to the history, `workload` simulates the
reviews each scheduler would ask for, `comparison` puts the figures together, and `memory`
gives one card's FSRS state for card info (`cache` keeps results while the log stands).
"""
