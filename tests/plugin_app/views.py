from django.http import HttpResponse

LOADED: list[str] = []


def may_see(user) -> bool:
    return user.email.startswith("board@")


def boards(request):
    return HttpResponse("Boards")


def load_demo(*, context) -> list[str]:
    LOADED.append(context.shared["inspection"].title)
    return ["board Strategic Safeguarding Board"]
