"""`escucha review`: the QA review web app (FastAPI + Jinja2), local by default."""
from escucha.review.app import create_app

__all__ = ["create_app"]
