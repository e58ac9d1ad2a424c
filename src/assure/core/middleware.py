from . import request_context


class RequestContextMiddleware:
    """Gives every request an id (echoed in a response header, so a person reporting a problem can
    quote it) and makes id and client address available to the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-Id") or request_context.new_request_id()
        request_id = request_id[:64]
        token = request_context.bind(
            request_context.RequestContext(
                request_id=request_id, ip_address=request.META.get("REMOTE_ADDR") or None
            )
        )
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response["X-Request-Id"] = request_id
        return response
