"""API models and helpers shared by the API function: request/response shapes, problem JSON, identity."""
