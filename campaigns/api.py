"""API routes of the campaigns app: campaigns, materials, school requests — and workshops."""

from ninja import Router

router = Router(tags=["campaigns"])

try:  # the workshops module adds its routes (workshops/, bookings/) to this app's router
    from campaigns.workshops.api import router as workshops_router
except ModuleNotFoundError:  # pragma: no cover - until the workshops module has an API
    workshops_router = None
if workshops_router is not None:
    router.add_router("", workshops_router)
