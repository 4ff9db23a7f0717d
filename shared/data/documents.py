"""The document store: original invoices in S3 (the only module besides the repository that touches AWS data)."""

from __future__ import annotations

from dataclasses import dataclass

from shared.data.tables import UPLOAD_PREFIX

CLAIM_DOCUMENT_PREFIX = "documents/"
REPORTS_PREFIX = "reports/"  # settlement run reports and bank transfer files
CONTENT_TYPE = "application/xml"


@dataclass(slots=True)
class StoredDocument:
    content: bytes
    metadata: dict[str, str]


class TooLargeObject(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class MissingObject(Exception):
    """The object is gone (deleted, or never there): a permanent condition, not worth a retry."""


class DocumentStore:
    def __init__(self, bucket: str) -> None:
        self._bucket = bucket

    @staticmethod
    def upload_key(upload_id: str) -> str:
        return f"{UPLOAD_PREFIX}{upload_id}"

    @staticmethod
    def claim_document_key(claim_id: str) -> str:
        return f"{CLAIM_DOCUMENT_PREFIX}{claim_id}.xml"

    def put_claim_document(self, claim_id: str, content: bytes) -> str:
        from shared.aws import client

        key = self.claim_document_key(claim_id)
        client("s3").put_object(Bucket=self._bucket, Key=key, Body=content, ContentType=CONTENT_TYPE)
        return key

    def delete(self, key: str) -> None:
        from shared.aws import client

        client("s3").delete_object(Bucket=self._bucket, Key=key)

    def get(self, key: str, max_bytes: int) -> StoredDocument:
        """Read an object, refusing one over ``max_bytes`` without reading its body."""
        from shared.aws import client

        s3 = client("s3")
        try:
            answer = s3.get_object(Bucket=self._bucket, Key=key)
        except s3.exceptions.NoSuchKey:
            raise MissingObject(key) from None
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
        return StoredDocument(content, dict(answer.get("Metadata", {})))

    def put_report(self, key: str, body: str, content_type: str) -> str:
        from shared.aws import client

        full = f"{REPORTS_PREFIX}{key}"
        client("s3").put_object(Bucket=self._bucket, Key=full, Body=body.encode("utf-8"),
                                ContentType=f"{content_type}; charset=utf-8")
        return full

    def get_report(self, key: str) -> str:
        from shared.aws import client

        answer = client("s3").get_object(Bucket=self._bucket, Key=f"{REPORTS_PREFIX}{key}")
        return answer["Body"].read().decode("utf-8")

    def presign_report(self, key: str, expires_in: int = 900) -> str:
        from shared.aws import client

        return client("s3").generate_presigned_url("get_object", Params={
            "Bucket": self._bucket, "Key": f"{REPORTS_PREFIX}{key}"}, ExpiresIn=expires_in)

    def presign_upload(self, upload_id: str, metadata: dict[str, str], expires_in: int) -> tuple[str, dict[str, str]]:
        """A presigned PUT URL and the headers the client must send with it (signed, so not alterable)."""
        from shared.aws import client

        url = client("s3").generate_presigned_url(
            "put_object",
            Params={"Bucket": self._bucket, "Key": self.upload_key(upload_id), "ContentType": CONTENT_TYPE,
                    "Metadata": metadata},
            ExpiresIn=expires_in,
            HttpMethod="PUT",
        )
        headers = {"Content-Type": CONTENT_TYPE} | {f"x-amz-meta-{k}": v for k, v in metadata.items()}
        return url, headers
