"""Calls KMS GenerateRandom with boto3 and prints the outcome as one JSON line (used by boto3.test.ts)."""
import base64
import json
import sys

import boto3
import botocore.config
import botocore.exceptions

request = json.loads(sys.argv[1])
config = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"}, parameter_validation=request.get("validate", True))
client = boto3.client(
    "kms",
    endpoint_url=request["endpoint"],
    region_name=request["region"],
    aws_access_key_id=request["accessKeyId"],
    aws_secret_access_key=request["secretAccessKey"],
    config=config,
)
try:
    response = client.generate_random(**request["input"])
    print(json.dumps({"bytes": len(response["Plaintext"]), "status": response["ResponseMetadata"]["HTTPStatusCode"]}))
except botocore.exceptions.ClientError as error:
    print(json.dumps({
        "code": error.response["Error"]["Code"],
        "message": error.response["Error"]["Message"],
        "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
    }))
except botocore.exceptions.ParamValidationError as error:
    print(json.dumps({"paramValidation": str(error)}))
