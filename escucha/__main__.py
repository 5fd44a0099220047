from escucha.cli import app

app()
