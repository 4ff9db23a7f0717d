"""The domain: documents, claims, subsidy and settlement, each with its models, rules and the ports it needs.

Nothing here imports boto3, botocore, pynamodb or an adapter (``tests/unit/test_layers.py`` walks the imports).
"""
