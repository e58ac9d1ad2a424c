from . import clock as service_clock


def clock(request):
    """The pinned day of a demo installation, for the banner that says so on every page."""
    return {"demo_today": service_clock.pinned()}
