FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# WeasyPrint (the progress report's PDF) needs Pango and HarfBuzz, and a font with the
# Swedish letters; no font is fetched from the internet.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md requirements.lock ./
# The pinned versions first (requirements.lock), then the project itself.
RUN pip install --no-cache-dir -r requirements.lock && pip install --no-cache-dir -e .
COPY . .
# The static files collected into the image, with their manifest: the worker renders the
# stored public pages whole, and their frame's {% static %} needs it (the web service
# collects them again at its start).
RUN DEBUG=False SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --create-home klimat && mkdir -p /app/media && chown -R klimat /app
USER klimat
EXPOSE 8000
CMD ["gunicorn", "klimat.wsgi", "--bind", "0.0.0.0:8000"]
