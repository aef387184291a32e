"""The ccornet command lines of the LTV DAG, built in one place without importing Airflow.

Every function returns an argv list. The DAG (ccornet_ltv_dag.py) passes Jinja templates such as
"{{ ds }}" as the values; the test in tests/CcOrNet.Jobs.Tests renders them with a real date and
parses every command with the real ccornet CLI, so a renamed option breaks the build, not the night run.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Lake:
    """Where the jobs read and write. Every dated output is a Hive-style dt=YYYY-MM-DD folder."""

    root: str
    events: str = ""
    users: str = ""

    @property
    def events_table(self) -> str:
        return self.events or f"{self.root}/events"

    @property
    def users_table(self) -> str:
        return self.users or f"{self.root}/users"

    def features(self, day: str) -> str:
        """Unlabelled snapshot as of `day`: what is scored."""
        return f"{self.root}/features/dt={day}"

    def labelled_features(self, day: str) -> str:
        """Snapshot as of `day` computed once its horizon has passed: labels for training and evaluation."""
        return f"{self.root}/features_labelled/dt={day}"

    def thresholds(self, day: str) -> str:
        return f"{self.root}/models/thresholds/dt={day}/thresholds.json"

    @property
    def current_thresholds(self) -> str:
        """A symlink to the thresholds the current bundles were trained with, swapped with them."""
        return f"{self.root}/models/thresholds/current.json"

    def bundle(self, model: str, day: str) -> str:
        return f"{self.root}/models/{model}/dt={day}"

    def current_bundle(self, model: str) -> str:
        """A symlink to the bundle in use, swapped atomically after a successful training run."""
        return f"{self.root}/models/{model}/current"

    @property
    def predictions(self) -> str:
        return f"{self.root}/predictions"

    def partition(self, day: str) -> str:
        return f"{self.predictions}/dt={day}"

    def evaluation(self, day: str) -> str:
        return f"{self.root}/evaluation/dt={day}"


def features(lake: Lake, as_of: str, observation_days: int, horizon_days: int) -> list[str]:
    return ["ccornet", "features", "--events", lake.events_table, "--users-table", lake.users_table,
            "--as-of", as_of, "--observation-days", str(observation_days), "--horizon-days", str(horizon_days),
            "--out", lake.features(as_of)]


def labelled_features(lake: Lake, as_of: str, observation_days: int, horizon_days: int) -> list[str]:
    """Ordered shards: a rerun of the week's training sees the same rows in the same order and trains the same model."""
    return ["ccornet", "features", "--events", lake.events_table, "--users-table", lake.users_table,
            "--as-of", as_of, "--observation-days", str(observation_days), "--horizon-days", str(horizon_days),
            "--require-label", "--ordered-shards", "--out", lake.labelled_features(as_of)]


def thresholds(lake: Lake, labelled_day: str, day: str) -> list[str]:
    return ["ccornet", "thresholds", "--features", lake.labelled_features(labelled_day), "--out", lake.thresholds(day)]


def train(lake: Lake, model: str, labelled_day: str, day: str, epochs: int, seed: int) -> list[str]:
    return ["ccornet", "train", "--features", lake.labelled_features(labelled_day), "--thresholds", lake.thresholds(day),
            "--model", model, "--epochs", str(epochs), "--seed", str(seed), "--out", lake.bundle(model, day)]


def score(lake: Lake, model: str, day: str, max_prediction_psi: float | None = None) -> list[str]:
    """With `max_prediction_psi`, a snapshot whose predicted bucket shares moved further from training fails the
    task and publishes nothing (docs/scoring.md, "Drift against training")."""
    gate = ["--max-prediction-psi", str(max_prediction_psi)] if max_prediction_psi is not None else []
    return ["ccornet", "score", "--model", lake.current_bundle(model), "--features", lake.features(day),
            "--as-of", day, "--out", lake.predictions, *gate]


def evaluate(lake: Lake, model: str, labelled_day: str) -> list[str]:
    """Predictions made on `labelled_day` judged on what users spent in the horizon after it."""
    return ["ccornet", "evaluate", "--predictions", f"{model}={lake.partition(labelled_day)}",
            "--labels", lake.labelled_features(labelled_day),
            "--thresholds", lake.current_thresholds,
            "--out", lake.evaluation(labelled_day)]


def every_command(lake: Lake, model: str, day: str, labelled_day: str,
                  observation_days: int, horizon_days: int, epochs: int, seed: int,
                  max_prediction_psi: float | None = None) -> dict[str, list[str]]:
    """Each DAG task's command line, by task id (what the test parses with the real CLI)."""
    return {
        "features": features(lake, day, observation_days, horizon_days),
        "features_labelled": labelled_features(lake, labelled_day, observation_days, horizon_days),
        "thresholds": thresholds(lake, labelled_day, day),
        "train": train(lake, model, labelled_day, day, epochs, seed),
        "score": score(lake, model, day, max_prediction_psi),
        "evaluate": evaluate(lake, model, labelled_day),
    }


if __name__ == "__main__":
    # `python3 ccornet_commands.py` prints the commands for a sample date as JSON (used by the test).
    import json
    import sys

    day = sys.argv[1] if len(sys.argv) > 1 else "2026-01-05"
    labelled = sys.argv[2] if len(sys.argv) > 2 else "2025-12-06"
    print(json.dumps(every_command(Lake("/lake"), "ccornet", day, labelled, 90, 30, 20, 1, 0.25)))
