# Samspill in a container: the steps of `make run`, nothing more (see docs/deployment.md).
# No container engine runs where Samspill is developed, so this file only repeats commands
# the Makefile runs and the tests prove; tests/deploy/test_recipes.py checks that it does.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PORT=8501

WORKDIR /app
# The app never runs as root; data/ is where an SQLite file would live (mount a volume).
RUN useradd --system --create-home --uid 10001 samspill && mkdir data && chown samspill data

COPY . .
# Editable, as `make install` does: core/ then finds migrations/ and content/ beside it in
# /app. A plain `pip install .` copies core/ alone into site-packages, where they are missing.
RUN python -m pip install -e .

USER samspill
EXPOSE 8501
# Migrate (safe when several replicas start at once: core.db.migrate takes a PostgreSQL
# advisory lock), then serve with the repository's .streamlit/config.toml from /app.
CMD ["sh", "-c", "samspill init && exec streamlit run app.py --server.port \"$PORT\" --server.address 0.0.0.0"]
