# kommunebot on Telegram: slim Python, installed as the README does, index built into the image.
#   docker build -t kommunebot .
#   docker run -d --name kommunebot -e TELEGRAM_BOT_TOKEN=... -v kommunebot-data:/data kommunebot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    KOMMUNEBOT_CORPUS=/app/corpus \
    KOMMUNEBOT_INDEX=/app/index/kommunebot.db \
    KOMMUNEBOT_FEEDBACK_DB=/data/feedback.db \
    PATH=/app/.venv/bin:$PATH

RUN useradd --create-home --uid 10001 kommunebot \
    && mkdir -p /app/index /data \
    && chown kommunebot:kommunebot /app/index /data
WORKDIR /app

# Dependencies change less often than the corpus: install the project first, then the corpus.
# The install is the README's quick start, word for word (tests/test_docs.py checks it).
COPY pyproject.toml setup.py README.md ./
COPY bot ./bot
RUN python3 -m venv .venv && .venv/bin/pip install .

COPY corpus ./corpus
USER kommunebot
RUN .venv/bin/kommunebot index build

# Feedback (and its generated secret, unless KOMMUNEBOT_FEEDBACK_SECRET is set) outlives the container.
VOLUME ["/data"]
# Webhook mode only (KOMMUNEBOT_WEBHOOK_URL set); long polling needs no open port.
EXPOSE 8443

HEALTHCHECK --interval=60s --timeout=10s --start-period=20s --retries=3 \
    CMD ["kommunebot", "telegram", "--check"]

CMD ["kommunebot", "telegram"]
