# The bot's image: `docker build -t ml-hiring-bot .`; runs `python -m bot serve` unless told otherwise
# (`python -m bot clock`, `python -m bot migrate`). Configuration comes from the environment (see README).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=3000

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY alembic.ini ./
COPY migrations ./migrations
COPY bot ./bot

RUN useradd --create-home --uid 10001 bot && chown -R bot /app
USER bot

EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=4)"
CMD ["python", "-m", "bot", "serve"]
