"""The department's console: influence and connectivity analytics (pages, exports, the job and its command)."""

import click
from flask.cli import AppGroup

from recommend import insights_job

from .. import jobs
from ..extensions import store

TASK = "insights.compute"
insights_cli = AppGroup("insights", help="The department's analytics: influence, countries, networks, growth.")


@jobs.task(TASK)
def compute_job(progress: jobs.Progress, seed: int = 1) -> dict:
    """The job: one analytics run over the current graph, stored (a failure is recorded and raised)."""
    return insights_job.compute(store(), seed, progress.step)


@insights_cli.command("compute")
@click.option("--seed", "seed_value", default=1, show_default=True, type=int)
def compute_command(seed_value):
    """Compute influence measures and the aggregates over the current graph, and store the run."""
    result = insights_job.compute(store(), seed_value)
    seconds = ", ".join(f"{step} {value:.1f} s" for step, value in result["seconds"].items())
    totals = result["totals"]
    click.echo(f"run {result['run']}: {totals['members']} members, {totals['connections']} connections; {seconds}")


def init_app(app) -> None:
    """Register the console's pages and the ``insights`` command."""
    from .views import bp

    app.register_blueprint(bp)
    app.cli.add_command(insights_cli)
