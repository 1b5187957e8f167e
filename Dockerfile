# mediamon: the `mediamon` CLI on Python 3.11; `docker compose up` runs it as `mediamon serve`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, from the lock file, so code changes do not reinstall them.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY pyproject.toml README.md ./
COPY flows ./flows
COPY parsers ./parsers
COPY warehouse ./warehouse
RUN pip install --no-deps .

RUN useradd --create-home --uid 10001 mediamon \
    && mkdir -p /data /config \
    && chown mediamon /data
USER mediamon

ENV MEDIAMON_DB=/data/mediamon.duckdb \
    MEDIAMON_SOURCES=/config/sources.toml
VOLUME ["/data"]

ENTRYPOINT ["mediamon"]
CMD ["--help"]
