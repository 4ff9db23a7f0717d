"""CDK constructs, one per capability of the claims platform."""
