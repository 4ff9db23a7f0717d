"""Adapters: DynamoDB (``dynamodb``), S3 (``document_store``), EventBridge and SQS (``eventbridge``), the HTTP
edge (``http``: identity, access table, request models, problem JSON) and the Lambda runtime (``config``,
``observability``, ``queue_function``). They implement the domain's ports; imports point from here to the domain."""
