#!/usr/bin/env python3
"""Upload fixture folders to an S3-compatible bucket, for the crawler's S3 tests.

    s3_upload.py [--endpoint-url URL] [--region R] [--create-bucket] [--odd-keys PREFIX]
                 BUCKET [FOLDER[=PREFIX] ...]

Every file below FOLDER becomes the object PREFIX + its path relative to FOLDER (dotfiles such as
.zattrs included). --odd-keys PREFIX adds a few tiny objects whose keys need percent-encoding; each
body is its key in UTF-8. Credentials, region and endpoint default to the standard AWS_* variables
and profiles (boto3's usual lookup).
"""
import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

# Spaces, parentheses, '+' (a space in query strings), '%' (double-encoding bugs), '=' '&' ';' ','
# and non-ASCII (NFC and CJK): the characters a hand-written SigV4 canonical URI gets wrong.
ODD_KEYS = [
    "odd keys/plate (1)/é+ü.txt",
    "odd keys/plate (1)/100% done.txt",
    "odd keys/a=b&c;d,e.txt",
    "odd keys/日本語/データ.txt",
]


def as_prefix(prefix):
    return prefix if not prefix or prefix.endswith("/") else prefix + "/"


def parse_folder(spec):
    folder, _, prefix = spec.rpartition("=") if "=" in spec else (spec, "", "")
    if not os.path.isdir(folder):
        sys.exit(f"s3_upload: {folder} is not a folder")
    return folder, as_prefix(prefix)


def objects(folder, prefix):
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            yield prefix + os.path.relpath(path, folder).replace(os.sep, "/"), path


def create_bucket(s3, bucket):
    region = s3.meta.region_name
    kwargs = {}
    if region and region != "us-east-1":  # us-east-1 refuses an explicit LocationConstraint
        kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
    try:
        s3.create_bucket(Bucket=bucket, **kwargs)
    except ClientError as error:
        if error.response["Error"]["Code"] != "BucketAlreadyOwnedByYou":
            raise


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint-url", help="default: $AWS_ENDPOINT_URL, else AWS")
    parser.add_argument("--region", help="default: $AWS_REGION / $AWS_DEFAULT_REGION / profile")
    parser.add_argument("--create-bucket", action="store_true", help="create BUCKET if it is missing")
    parser.add_argument("--odd-keys", metavar="PREFIX", help="also upload the odd-key objects under PREFIX")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("bucket", metavar="BUCKET")
    parser.add_argument("folders", nargs="*", metavar="FOLDER[=PREFIX]")
    args = parser.parse_args()

    s3 = boto3.client(
        "s3",
        endpoint_url=args.endpoint_url,
        region_name=args.region,
        config=Config(max_pool_connections=args.threads, retries={"mode": "standard", "max_attempts": 8}),
    )
    if args.create_bucket:
        create_bucket(s3, args.bucket)

    # put_object, never multipart: ETags stay the plain MD5 every store computes the same way.
    uploads = [upload for spec in args.folders for upload in objects(*parse_folder(spec))]
    if args.odd_keys is not None:
        uploads += [(key, key.encode()) for key in (as_prefix(args.odd_keys) + k for k in ODD_KEYS)]

    def put(upload):
        key, source = upload
        if isinstance(source, bytes):
            s3.put_object(Bucket=args.bucket, Key=key, Body=source)
        else:
            with open(source, "rb") as body:
                s3.put_object(Bucket=args.bucket, Key=key, Body=body)

    with ThreadPoolExecutor(args.threads) as pool:
        list(pool.map(put, uploads))
    print(f"uploaded {len(uploads)} objects to s3://{args.bucket}/", file=sys.stderr)


if __name__ == "__main__":
    main()
