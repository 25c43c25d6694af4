"""The API's one NinjaAPI: its routers, its refusals, its description at
/api/openapi.json and its docs page at /api/docs."""

from ninja import NinjaAPI

from coverage.api import (
    articles,
    claims,
    corrections,
    errors,
    fact_checks,
    requests,
    stories,
)

api = NinjaAPI(
    title="Newsroom API",
    version="1",
    description="The public record of corrections and fact checks, and writes "
    "for the newsroom's own systems with a token (README, “API”).",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
errors.install(api)
api.add_router("/corrections", corrections.router)
api.add_router("/fact-checks", fact_checks.router)
api.add_router("/stories", stories.stories)
api.add_router("/outlets", stories.outlets)
api.add_router("/articles", articles.router)
api.add_router("/claims", claims.router)
api.add_router("/correction-requests", requests.router)
