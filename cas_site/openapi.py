"""Complete the generated OpenAPI document with what every operation can really answer.

Wagtail's v3 routes document only their success responses and declare bearer
auth even where anonymous reads are allowed. Clients (and the schema fuzzing in
the test suite) need the truth: every operation may answer problem+json errors,
and public reads work without a token.
"""

from functools import wraps

from wagtail.api.v3.auth import AllowAnonymous

from cas_site.routes import MAX_API_OFFSET

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "RFC 7807 problem details; `detail` and `errors[].msg` in the request's language.",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                    "msg": {"type": "string"},
                },
                "additionalProperties": True,
            },
        },
    },
    "required": ["type", "title", "status"],
    "additionalProperties": True,
}
ERRORS_FOR_EVERY_OPERATION = {
    "400": "Malformed request",
    "404": "Not found",
    "422": "Validation failed",
}
ERRORS_FOR_AUTHENTICATED = {"401": "Authentication required", "403": "Permission denied"}
ERRORS_FOR_WRITES = {
    "409": "Conflict with existing data",
    "410": "Link or token expired or already used",
    "413": "Request body too large",
    "429": "Too many requests (see Retry-After)",
}


def anonymous_operation_ids(api):
    ids = set()
    for bound_router in api._get_bound_routers():
        for path_view in bound_router.path_operations.values():
            for operation in path_view.operations:
                if any(isinstance(cb, AllowAnonymous) for cb in operation.auth_callbacks):
                    ids.add(operation.operation_id or api.get_openapi_operation_id(operation))
    return ids


def problem_response(description):
    return {"description": description, "content": {"application/problem+json": {"schema": PROBLEM_REF}}}


def complete_schema(api, schema):
    from django.conf import settings

    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    anonymous = anonymous_operation_ids(api)
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", None)
    for methods in schema.get("paths", {}).values():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                if parameter.get("name") == "limit" and limit_max:
                    parameter.setdefault("schema", {}).setdefault("maximum", limit_max)
                if parameter.get("name") == "offset":
                    parameter.setdefault("schema", {}).setdefault("maximum", MAX_API_OFFSET)
            responses = operation.setdefault("responses", {})
            errors = dict(ERRORS_FOR_EVERY_OPERATION)
            if operation.get("security"):
                errors.update(ERRORS_FOR_AUTHENTICATED)
            if method in {"post", "put", "patch", "delete"}:
                errors.update(ERRORS_FOR_WRITES)
            for status, description in errors.items():
                responses.setdefault(status, problem_response(description))
            security = operation.get("security")
            public = operation.get("operationId") in anonymous
            if public and security and {} not in security:
                security.append({})
    return schema


def install(api):
    original = api.get_openapi_schema

    @wraps(original)
    def get_openapi_schema(*args, **kwargs):
        return complete_schema(api, original(*args, **kwargs))

    api.get_openapi_schema = get_openapi_schema
