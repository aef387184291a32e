"""Airflow DAGs for CcOrNet LTV predictions (see README.md in this folder).

ccornet_ltv (daily, for the run's date {{ ds }}):

    features ---------------------------------------------> score -> (predictions/dt={{ ds }}/_SUCCESS)
    features_labelled -> is_training_day -> thresholds -> train -> publish_model --^
                    \\-> wait_for_old_predictions -> evaluate

  - features: the unlabelled snapshot as of {{ ds }}, scored the same day.
  - features_labelled: the snapshot as of {{ ds }} - H, whose horizon has now passed: labels.
  - thresholds, train, publish_model: weekly (Mondays); other days the current bundle is reused.
  - score: the current bundle on today's snapshot -> predictions/dt={{ ds }} (atomic, with _SUCCESS).
  - evaluate: the predictions made H days ago against what those users then spent.

ccornet_bi_predictions (daily): waits for predictions/dt={{ ds }}/_SUCCESS, then registers the
partition with the BI catalog (a command given as an Airflow Variable).

Jobs are plain processes: exit 0 = done, 1 = failed (retried), 2 = bad options, 130 = cancelled;
outputs are published atomically, so a retry simply runs the job again.
"""

from datetime import datetime, timedelta
import shlex

from airflow import DAG
from airflow.models import Variable
from airflow.operators.bash import BashOperator
from airflow.operators.python import ShortCircuitOperator
from airflow.sensors.filesystem import FileSensor

import ccornet_commands as commands

LAKE = commands.Lake(
    root=Variable.get("ccornet_lake", default_var="/data/lake"),
    events=Variable.get("ccornet_events", default_var=""),
    users=Variable.get("ccornet_users", default_var=""),
)
MODEL = Variable.get("ccornet_model", default_var="ccornet")
OBSERVATION_DAYS = int(Variable.get("ccornet_observation_days", default_var="90"))
HORIZON_DAYS = int(Variable.get("ccornet_horizon_days", default_var="30"))
# A snapshot whose predicted bucket shares moved further than this from training (PSI; 0.25 = a major shift) is not
# published: that is a broken input more often than a real change overnight. "none" only logs the drift.
MAX_PREDICTION_PSI = Variable.get("ccornet_max_prediction_psi", default_var="0.25")
TRAINING_WEEKDAY = 0  # Monday
DAY = "{{ ds }}"
LABELLED_DAY = "{{ macros.ds_add(ds, -%d) }}" % HORIZON_DAYS

DEFAULT_ARGS = {
    "owner": "growth-analytics",
    "depends_on_past": False,
    "retries": 3,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=1),
    "execution_timeout": timedelta(hours=6),
}


def ccornet(task_id: str, argv: list[str], **kwargs) -> BashOperator:
    """A task running one ccornet job; `ccornet` is looked up on PATH (dotnet tool or the built executable)."""
    return BashOperator(task_id=task_id, bash_command=shlex.join(argv), **kwargs)


def is_training_day(ds: str, **_) -> bool:
    return datetime.strptime(ds, "%Y-%m-%d").weekday() == TRAINING_WEEKDAY


with DAG(
    dag_id="ccornet_ltv",
    description="Features, weekly training, daily scoring and evaluation of CC-OR-Net LTV predictions",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["ltv", "ccornet"],
) as ltv:
    features = ccornet("features", commands.features(LAKE, DAY, OBSERVATION_DAYS, HORIZON_DAYS))
    features_labelled = ccornet("features_labelled", commands.labelled_features(LAKE, LABELLED_DAY, OBSERVATION_DAYS, HORIZON_DAYS))

    # Skips only thresholds on other days; score still runs (its trigger rule ignores the skipped branch).
    training_day = ShortCircuitOperator(task_id="is_training_day", python_callable=is_training_day,
                                        ignore_downstream_trigger_rules=False)
    thresholds = ccornet("thresholds", commands.thresholds(LAKE, LABELLED_DAY, DAY))
    train = ccornet("train", commands.train(LAKE, MODEL, LABELLED_DAY, DAY, epochs=20, seed=1),
                    execution_timeout=timedelta(hours=12))
    # Swap the "current" symlinks in one rename each, so score never sees a half-published model.
    publish_model = BashOperator(
        task_id="publish_model",
        bash_command=(
            f"ln -sfn {shlex.quote(LAKE.bundle(MODEL, DAY))} {shlex.quote(LAKE.current_bundle(MODEL))}.new && "
            f"mv -T {shlex.quote(LAKE.current_bundle(MODEL))}.new {shlex.quote(LAKE.current_bundle(MODEL))} && "
            f"ln -sfn {shlex.quote(LAKE.thresholds(DAY))} {shlex.quote(LAKE.current_thresholds)}.new && "
            f"mv -T {shlex.quote(LAKE.current_thresholds)}.new {shlex.quote(LAKE.current_thresholds)}"
        ),
    )
    score = ccornet("score", commands.score(LAKE, MODEL, DAY, None if MAX_PREDICTION_PSI == "none" else float(MAX_PREDICTION_PSI)),
                    trigger_rule="none_failed")

    # The predictions of H days ago exist only once the DAG has run that long: soft-fail skips evaluation then.
    old_predictions = FileSensor(task_id="wait_for_old_predictions", filepath=f"{LAKE.partition(LABELLED_DAY)}/_SUCCESS",
                                 mode="reschedule", poke_interval=300, timeout=3600, soft_fail=True)
    evaluate = ccornet("evaluate", commands.evaluate(LAKE, MODEL, LABELLED_DAY))

    features_labelled >> training_day >> thresholds >> train >> publish_model >> score
    features >> score
    features_labelled >> old_predictions >> evaluate


with DAG(
    dag_id="ccornet_bi_predictions",
    description="Registers each committed predictions partition with the BI catalog",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args=DEFAULT_ARGS,
    tags=["ltv", "bi"],
) as bi:
    # Only a partition with _SUCCESS is complete: the scorer writes it last, after the atomic rename.
    committed = FileSensor(task_id="wait_for_predictions", filepath=f"{LAKE.partition(DAY)}/_SUCCESS",
                           mode="reschedule", poke_interval=600, timeout=int(timedelta(hours=20).total_seconds()))
    # The command comes from a Variable and sees the partition as $DT and $PARTITION, e.g.
    # beeline -e "ALTER TABLE ltv_predictions ADD IF NOT EXISTS PARTITION (dt='$DT') LOCATION '$PARTITION'"
    register = BashOperator(
        task_id="register_partition",
        bash_command="{{ var.value.get('ccornet_bi_register_command', 'echo partition dt=$DT at $PARTITION is ready') }}",
        env={"DT": DAY, "PARTITION": LAKE.partition(DAY)},
        append_env=True,
    )
    committed >> register
