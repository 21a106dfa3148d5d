"""Telling a person what their action did: one sentence, success or refusal."""

from flask import flash


def tell(done, success: str, refusal: str) -> bool:
    """Flash ``success`` if ``done`` is truthy, else ``refusal`` as an error; return whether it was done."""
    flash(success if done else refusal, "success" if done else "error")
    return bool(done)
