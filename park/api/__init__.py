"""The JSON API (v1): personal API tokens, the endpoints under /api/v1 and their OpenAPI
document. Endpoints call the same services and policy functions as the HTML views."""
