# syntax=docker/dockerfile:1
# The one image for web (gunicorn), worker and beat (celery). See docker-compose.yml and docs/operations.md.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries and the CJK fonts the PDF reports are set in.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml /app/
COPY .ci/requirements.py /app/.ci/
RUN python .ci/requirements.py > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . /app/

# Hashed, compressed static files served by WhiteNoise.
ENV STATIC_MANIFEST=1 \
    MEDIA_ROOT=/app/media
# collectstatic needs settings, not secrets: the build runs it in development mode.
RUN DEBUG=1 python manage.py collectstatic --no-input -v 0 \
    && useradd --system --uid 1000 --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /app/media \
    && chown app:app /app/media

USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "-b", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", "--access-logfile", "-"]
