"""API v1: read-only JSON for BI tools, built from the table in ``resources.py``.

Every data operation needs ``Authorization: Bearer <token>`` (401 without a usable one) and reads
the token's person's scope, the pages' own. ``/api/v1/openapi.json`` is open: it describes the
API, not the data. Answers carry a strong ETag of their body, so a BI tool's refresh that sends
``If-None-Match`` gets 304 and no body when nothing changed.
"""

import hashlib

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from ninja import NinjaAPI, Path, Query, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer
from pydantic import BaseModel, Field, create_model

from . import pagination, selectors
from .resources import RESOURCES, Resource
from .schemas import Error

DESCRIPTION = """Read-only data for business-intelligence tools: what the token's person reads on
the pages, no more. Send `Authorization: Bearer <token>`; make a token on the *API tokens* page.
Lists are cursor-paginated: pass the `next_cursor` of one page as `cursor` for the next, until it
is null. Every answer has an `ETag`; send it back as `If-None-Match` to get 304 when nothing
changed. See docs/api.md."""


class TokenAuth(HttpBearer):
    """A personal API token; the person it names is ``request.auth``."""

    def authenticate(self, request: HttpRequest, token: str):
        return selectors.user_for_secret(token)


api = NinjaAPI(
    title="Assure API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,  # Swagger UI loads from a CDN; the document itself is enough for tools
    openapi_url="/openapi.json",
    auth=TokenAuth(),
)


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    response = api.create_response(
        request, {"detail": "Send a valid, unexpired API token as a Bearer token"}, status=401
    )
    response["WWW-Authenticate"] = 'Bearer realm="assure"'
    return response


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    fields = sorted({".".join(str(p) for p in error.get("loc", ())[1:]) for error in exc.errors})
    return api.create_response(
        request, {"detail": f"Check these parameters: {', '.join(fields)}"}, status=400
    )


@api.exception_handler(pagination.InvalidCursor)
def _bad_cursor(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "Not found"}, status=404)


def conditional_json(request: HttpRequest, payload: BaseModel) -> HttpResponse:
    """The payload as JSON with a strong ETag of its bytes, or 304 if the client has them.

    Computed from the body rather than from the rows' timestamps, so it costs no query and
    changes exactly when the answer does (also when a row leaves the person's scope)."""
    body = payload.model_dump_json().encode()
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = quote_etag(hashlib.sha256(body).hexdigest()[:40])
    # Each person's answer differs: shared caches must not keep it, browsers must re-check it.
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ["Authorization"])
    return get_conditional_response(request, etag=response["ETag"], response=response)


def _page_schema(resource: Resource) -> type[Schema]:
    return create_model(
        f"{resource.schema.__name__.removesuffix('Out')}Page",
        __base__=Schema,
        items=(list[resource.schema], ...),
        next_cursor=(
            str | None,
            Field(description="Pass as `cursor` for the next page; null at the end"),
        ),
    )


def _add(resource: Resource) -> None:
    page_schema = _page_schema(resource)
    title = resource.name.capitalize()

    def list_view(
        request,
        limit: int = Query(
            pagination.DEFAULT_LIMIT,
            ge=1,
            le=pagination.MAX_LIMIT,
            description=f"Rows per page, at most {pagination.MAX_LIMIT}",
        ),
        cursor: str | None = Query(
            None,
            max_length=pagination.MAX_CURSOR_LENGTH,
            description="`next_cursor` from the previous page",
        ),
    ):
        scope = resource.load(resource.scope(request.auth))
        page = pagination.paginate(
            scope, sort_field=resource.sort_field, cursor=cursor, limit=limit
        )
        payload = page_schema.model_validate({"items": page.rows, "next_cursor": page.next_cursor})
        return conditional_json(request, payload)

    def detail_view(request, id: int = Path(..., ge=1, le=pagination.MAX_ID)):
        row = resource.load(resource.scope(request.auth)).filter(pk=id).first()
        if row is None:
            raise Http404
        return conditional_json(request, resource.schema.from_orm(row))

    errors = {400: Error, 401: Error}
    api.get(
        f"/{resource.name}",
        response={200: page_schema, 304: None, **errors},
        url_name=resource.name,
        operation_id=f"list{title}",
        summary=f"List {resource.name}",
        description=resource.description
        + f" Ordered by `{resource.sort_field}`, then `id`: rows changed since a sync come last.",
        tags=[resource.name],
    )(list_view)
    api.get(
        f"/{resource.name}/{{id}}",
        response={200: resource.schema, 304: None, 404: Error, **errors},
        url_name=resource.singular,
        operation_id=f"get{resource.singular.capitalize()}",
        summary=f"One {resource.singular}",
        description=f"404 if it does not exist or is not yours to read. {resource.description}",
        tags=[resource.name],
    )(detail_view)


for _resource in RESOURCES:
    _add(_resource)
