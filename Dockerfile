# Golden Thread for a council's server: see docker-compose.yml and .env.example.

# Front-end assets: GOV.UK Frontend, MOJ Frontend and htmx from npm, and our stylesheet
# compiled from Sass.
FROM node:22-bookworm-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY scripts/build-css.mjs scripts/
COPY static/scss static/scss
RUN npm run build


FROM python:3.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint draws the PDF reports with Pango; the fonts are what their text is set in.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements-prod.lock ./
RUN pip install -r requirements-prod.lock

COPY . .
# Only the distributed files of the npm packages: the folders STATICFILES_DIRS names.
COPY --from=assets /assets/node_modules/govuk-frontend/dist node_modules/govuk-frontend/dist
COPY --from=assets /assets/node_modules/@ministryofjustice/frontend/moj \
    node_modules/@ministryofjustice/frontend/moj
COPY --from=assets /assets/node_modules/htmx.org/dist node_modules/htmx.org/dist
COPY --from=assets /assets/build build

# Static files are collected into the image, once, with hashed names for long caching;
# the code stays owned by root and read-only to the app. Uploaded and generated files
# (reports) go to /app/media, a volume.
RUN python manage.py collectstatic --no-input \
    && useradd --create-home --uid 10001 --user-group goldenthread \
    && mkdir -p media \
    && chown goldenthread:goldenthread media

USER goldenthread
EXPOSE 8000
# Threaded workers, timeouts and worker counts: config/gunicorn.py (set from the environment).
CMD ["gunicorn", "config.wsgi", "-c", "config/gunicorn.py"]
