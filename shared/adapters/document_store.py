"""The document store: original invoices in S3 (the only module besides the repository that touches AWS data)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.adapters.dynamodb.tables import UPLOAD_PREFIX
from shared.domain.claims.ports import MissingObject, TooLargeObject  # noqa: F401 (re-exported)

CLAIM_DOCUMENT_PREFIX = "documents/"
REPORTS_PREFIX = "reports/"  # settlement run reports and bank transfer files
CONTENT_TYPE = "application/xml"


@dataclass(slots=True)
class StoredDocument:
    content: bytes
    metadata: dict[str, str]
    version: str | None = None  # the S3 VersionId read (the bucket is versioned)


class DocumentStore:
    def __init__(self, bucket: str) -> None:
        self._bucket = bucket

    @staticmethod
    def upload_key(upload_id: str) -> str:
        return f"{UPLOAD_PREFIX}{upload_id}"

    @staticmethod
    def claim_document_key(claim_id: str) -> str:
        return f"{CLAIM_DOCUMENT_PREFIX}{claim_id}.xml"

    @staticmethod
    def claim_detail_key(claim_id: str) -> str:
        return f"{CLAIM_DOCUMENT_PREFIX}{claim_id}.detail.json"

    def put_claim_document(self, claim_id: str, content: bytes) -> tuple[str, str | None]:
        """Store a claim's original under a key no client can write; answers the key and its VersionId."""
        from shared.adapters.aws import client

        key = self.claim_document_key(claim_id)
        answer = client("s3").put_object(Bucket=self._bucket, Key=key, Body=content, ContentType=CONTENT_TYPE)
        return key, answer.get("VersionId")

    def put_claim_detail(self, claim_id: str, detail: str) -> tuple[str, str | None]:
        """A large claim's lines and findings (too large for its DynamoDB item), stored beside its original."""
        from shared.adapters.aws import client

        key = self.claim_detail_key(claim_id)
        answer = client("s3").put_object(
            Bucket=self._bucket, Key=key, Body=detail.encode("utf-8"), ContentType="application/json; charset=utf-8"
        )
        return key, answer.get("VersionId")

    def get_claim_detail(self, key: str) -> str:
        from shared.adapters.aws import client

        content: bytes = client("s3").get_object(Bucket=self._bucket, Key=key)["Body"].read()
        return content.decode("utf-8")

    def presign_original(self, key: str, version: str | None, expires_in: int) -> str:
        """A short-lived GET of exactly the version a claim was decided on."""
        from shared.adapters.aws import client

        params = {"Bucket": self._bucket, "Key": key}
        if version:
            params["VersionId"] = version
        url: str = client("s3").generate_presigned_url("get_object", Params=params, ExpiresIn=expires_in)
        return url

    def delete(self, key: str, version: str | None = None) -> None:
        """Remove an object; with ``version``, that version for good (what a refused claim stored)."""
        from shared.adapters.aws import client

        client("s3").delete_object(Bucket=self._bucket, Key=key, **({"VersionId": version} if version else {}))

    def get(self, key: str, max_bytes: int, version: str | None = None) -> StoredDocument:
        """Read an object (``version``: that S3 version, not the latest), refusing one over ``max_bytes`` without
        reading its body."""
        from shared.adapters.aws import client

        s3 = client("s3")
        params = {"Bucket": self._bucket, "Key": key} | ({"VersionId": version} if version else {})
        try:
            answer = s3.get_object(**params)
        except s3.exceptions.NoSuchKey:
            raise MissingObject(key) from None
        except s3.exceptions.ClientError as error:  # a version gone or never there: permanent, not worth a retry
            if error.response.get("Error", {}).get("Code") in ("NoSuchVersion", "InvalidArgument"):
                raise MissingObject(key) from None
            raise
        size = int(answer.get("ContentLength", 0))
        body = answer["Body"]
        try:
            if size > max_bytes:
                raise TooLargeObject(size)
            content = body.read(max_bytes + 1)
            if len(content) > max_bytes:
                raise TooLargeObject(len(content))
        finally:
            body.close()
        return StoredDocument(content, dict(answer.get("Metadata", {})), answer.get("VersionId"))

    def put_report(self, key: str, body: str, content_type: str) -> str:
        from shared.adapters.aws import client

        full = f"{REPORTS_PREFIX}{key}"
        client("s3").put_object(
            Bucket=self._bucket, Key=full, Body=body.encode("utf-8"), ContentType=f"{content_type}; charset=utf-8"
        )
        return full

    def get_report(self, key: str) -> str:
        from shared.adapters.aws import client

        answer = client("s3").get_object(Bucket=self._bucket, Key=f"{REPORTS_PREFIX}{key}")
        content: bytes = answer["Body"].read()
        return content.decode("utf-8")

    def presign_report(self, key: str, expires_in: int = 900) -> str:
        from shared.adapters.aws import client

        url: str = client("s3").generate_presigned_url(
            "get_object", Params={"Bucket": self._bucket, "Key": f"{REPORTS_PREFIX}{key}"}, ExpiresIn=expires_in
        )
        return url

    def presign_upload(self, upload_id: str, metadata: dict[str, str], expires_in: int) -> tuple[str, dict[str, str]]:
        """A presigned PUT URL and the headers the client must send with it (signed, so not alterable)."""
        from shared.adapters.aws import client

        url: str = client("s3").generate_presigned_url(
            "put_object",
            Params={
                "Bucket": self._bucket,
                "Key": self.upload_key(upload_id),
                "ContentType": CONTENT_TYPE,
                "Metadata": metadata,
            },
            ExpiresIn=expires_in,
            HttpMethod="PUT",
        )
        headers = {"Content-Type": CONTENT_TYPE} | {f"x-amz-meta-{k}": v for k, v in metadata.items()}
        return url, headers
