"""POST /api/publications/ingest/: the publication pipeline pushes its papers here."""

import json
import logging

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from mila.signals import import_finished

from ..models import IngestToken
from .pipeline import paper_to_record
from .records import RecordError
from .upsert import SKIPPED, NoPublicationIndex, ingestion

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


def max_papers():
    return getattr(settings, "PUBLICATIONS_INGEST_MAX_PAPERS", 10_000)


def max_bytes():
    return getattr(settings, "PUBLICATIONS_INGEST_MAX_BYTES", 100 * 1024 * 1024)


def error(message, status):
    return JsonResponse({"error": message}, status=status)


@csrf_exempt
def ingest(request):
    """Create or update papers by `paper_id`; one transaction for the whole request.

    200 with counts and a reason per rejected paper; 400 when the body as a whole is unusable;
    401 for a missing, unknown or revoked token.
    """
    if request.method != "POST":
        response = error("Use POST with a JSON list of papers.", 405)
        response["Allow"] = "POST"
        return response
    token = IngestToken.authenticate(request.headers.get("X-API-Token", ""))
    if token is None:
        return error("Missing, unknown or revoked API token (X-API-Token header).", 401)
    papers, problem = _read_papers(request)
    if problem:
        return problem
    rejected, records = [], []
    for position, paper in enumerate(papers):
        try:
            records.append((position, paper_to_record(paper)))
        except RecordError as reason:
            rejected.append(_rejection(position, paper, str(reason)))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    try:
        with ingestion() as upserter:
            for start in range(0, len(records), BATCH_SIZE):
                batch = records[start : start + BATCH_SIZE]
                outcomes = upserter.process([record for _position, record in batch])
                for (position, _record), outcome in zip(batch, outcomes, strict=True):
                    if outcome.action == SKIPPED:
                        rejected.append(_rejection(position, papers[position], outcome.reason))
                    else:
                        counts[outcome.action] += 1
    except NoPublicationIndex as reason:
        return error(str(reason), 503)
    rejected.sort(key=lambda item: item["index"])
    import_finished.send(
        sender=IngestToken,
        source="api",
        label=token.name,
        user=None,
        imported=True,
        counts={**counts, SKIPPED: len(rejected)},
        errors=[
            f"#{item['index']} {item['paper_id'] or ''}: {item['reason']}" for item in rejected
        ],
    )
    logger.info("Ingestion by token “%s”: %s, %d rejected", token.name, counts, len(rejected))
    return JsonResponse({**counts, "rejected": len(rejected), "rejections": rejected})


def _read_papers(request):
    """(papers, None) or (None, an error response) for the request body."""
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        length = 0
    if length > max_bytes():
        return None, error(f"The body is larger than {max_bytes()} bytes; send fewer papers.", 413)
    # Read the stream directly: request.body stops at DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB),
    # far below a 5,000-paper export.
    body = request.read(max_bytes() + 1)
    if len(body) > max_bytes():
        return None, error(f"The body is larger than {max_bytes()} bytes; send fewer papers.", 413)
    try:
        papers = json.loads(body)
    except UnicodeDecodeError:
        return None, error("The body is not UTF-8 text.", 400)
    except json.JSONDecodeError as reason:
        return None, error(f"The body is not valid JSON: {reason}.", 400)
    except RecursionError:
        return None, error("The body is nested too deeply.", 400)
    if not isinstance(papers, list):
        return None, error("The body must be a JSON list of papers.", 400)
    if len(papers) > max_papers():
        return None, error(f"Send at most {max_papers()} papers per request.", 413)
    return papers, None


def _rejection(position, paper, reason):
    paper_id = paper.get("paper_id") if isinstance(paper, dict) else None
    return {
        "index": position,
        "paper_id": paper_id if isinstance(paper_id, str | int) else None,
        "reason": reason,
    }
