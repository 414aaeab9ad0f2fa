# The bot's image: `docker build -t ml-hiring-bot .`; runs `ml-hiring-bot serve` unless told otherwise
# (`ml-hiring-bot clock`, `ml-hiring-bot migrate`, `ml-hiring-bot run`). Configuration comes from the
# environment (see docs/operations.md). It installs what CI's shipped-artifact check installs: the runtime
# lock with its hashes, then the built wheel alone (.ci/run replays these steps outside Docker).
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=3000

COPY requirements.txt /tmp/requirements.txt
RUN pip install --require-hashes -r /tmp/requirements.txt
COPY --from=wheel /wheels /wheels
RUN pip install --no-deps /wheels/*.whl && rm -rf /wheels /tmp/requirements.txt

RUN useradd --create-home --uid 10001 bot
USER bot
WORKDIR /home/bot

EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=4)"
CMD ["ml-hiring-bot", "serve"]
