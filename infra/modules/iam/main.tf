data "aws_caller_identity" "current" {}
data "aws_region" "current" {}
data "aws_partition" "current" {}

locals {
  account_id  = data.aws_caller_identity.current.account_id
  region      = data.aws_region.current.name
  partition   = data.aws_partition.current.partition
  secrets_arn = "arn:${local.partition}:secretsmanager:${local.region}:${local.account_id}:secret:${var.secrets_prefix}*"
  cluster_arns = length(var.eks_cluster_arns) > 0 ? var.eks_cluster_arns : [
    "arn:${local.partition}:eks:*:${local.account_id}:cluster/*"
  ]
}

################################################################################
# TechDocs bucket
################################################################################

resource "aws_s3_bucket" "techdocs" {
  bucket = "${var.name}-techdocs-${local.account_id}"
  tags   = var.tags
}

resource "aws_s3_bucket_ownership_controls" "techdocs" {
  bucket = aws_s3_bucket.techdocs.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "techdocs" {
  bucket                  = aws_s3_bucket.techdocs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "techdocs" {
  bucket = aws_s3_bucket.techdocs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "techdocs" {
  bucket = aws_s3_bucket.techdocs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "techdocs" {
  bucket = aws_s3_bucket.techdocs.id

  rule {
    id     = "expire-noncurrent-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.techdocs_noncurrent_version_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.techdocs]
}

data "aws_iam_policy_document" "techdocs_bucket" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.techdocs.arn,
      "${aws_s3_bucket.techdocs.arn}/*",
    ]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "techdocs" {
  bucket = aws_s3_bucket.techdocs.id
  policy = data.aws_iam_policy_document.techdocs_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.techdocs]
}

################################################################################
# IRSA role for the Runway ServiceAccount
################################################################################

data "aws_iam_policy_document" "runway_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${var.oidc_provider}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${var.service_account}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${var.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "runway" {
  # Cost Explorer has no resource-level permissions.
  statement {
    sid       = "CostExplorerRead"
    actions   = ["ce:GetCostAndUsage", "ce:GetCostForecast", "ce:GetAnomalies"]
    resources = ["*"]
  }

  statement {
    sid       = "EksList"
    actions   = ["eks:ListClusters"]
    resources = ["*"]
  }

  # Discovery reads each cluster, its node groups, upgrade insights and
  # add-ons (plugins/eks-backend/src/aws/EksDiscovery.ts); insights and
  # add-ons are optional there (a denied call is shown as unavailable).
  statement {
    sid = "EksDescribe"
    actions = [
      "eks:DescribeCluster",
      "eks:ListNodegroups",
      "eks:ListInsights",
      "eks:ListAddons",
    ]
    resources = local.cluster_arns
  }

  statement {
    sid     = "EksDescribeParts"
    actions = ["eks:DescribeNodegroup", "eks:DescribeAddon"]
    resources = flatten([
      for arn in local.cluster_arns : [
        "${replace(arn, ":cluster/", ":nodegroup/")}/*",
        "${replace(arn, ":cluster/", ":addon/")}/*",
      ]
    ])
  }

  statement {
    sid       = "TechDocsBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [aws_s3_bucket.techdocs.arn]
  }

  statement {
    sid       = "TechDocsObjects"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.techdocs.arn}/*"]
  }

  statement {
    sid       = "RunwaySecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [local.secrets_arn]
  }

  # Cost exports (awsCost.sources.s3) read with this role: list under the
  # prefix, read the objects there.
  dynamic "statement" {
    for_each = var.cost_exports == null ? [] : [var.cost_exports]

    content {
      sid       = "CostExportsList"
      actions   = ["s3:ListBucket"]
      resources = ["arn:${local.partition}:s3:::${statement.value.bucket}"]

      dynamic "condition" {
        for_each = statement.value.prefix == "" ? [] : [statement.value.prefix]

        content {
          test     = "StringEquals"
          variable = "s3:prefix"
          values   = [condition.value]
        }
      }
    }
  }

  dynamic "statement" {
    for_each = var.cost_exports == null ? [] : [var.cost_exports]

    content {
      sid       = "CostExportsRead"
      actions   = ["s3:GetObject"]
      resources = ["arn:${local.partition}:s3:::${statement.value.bucket}/${statement.value.prefix}*"]
    }
  }

  # Cost exports read through another role (awsCost.sources.s3.roleArn).
  dynamic "statement" {
    for_each = var.cost_exports_role_arn == null ? [] : [var.cost_exports_role_arn]

    content {
      sid       = "CostExportsAssumeRole"
      actions   = ["sts:AssumeRole"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role" "runway" {
  name                 = "${var.name}-backend"
  description          = "Runway backend (${var.namespace}/${var.service_account}) via IRSA"
  assume_role_policy   = data.aws_iam_policy_document.runway_assume.json
  max_session_duration = 3600
  tags                 = var.tags
}

resource "aws_iam_role_policy" "runway" {
  name   = "runway"
  role   = aws_iam_role.runway.id
  policy = data.aws_iam_policy_document.runway.json
}

# Read-only Kubernetes access for the cluster views; the group is bound to a
# ClusterRole by k8s/cluster-reader.
resource "aws_eks_access_entry" "runway" {
  cluster_name      = var.cluster_name
  principal_arn     = aws_iam_role.runway.arn
  kubernetes_groups = [var.cluster_reader_group]
  type              = "STANDARD"
  tags              = var.tags
}

################################################################################
# IRSA role for External Secrets Operator (ClusterSecretStore aws-secrets-manager)
################################################################################

data "aws_iam_policy_document" "external_secrets_assume" {
  count = var.external_secrets == null ? 0 : 1

  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${var.oidc_provider}:sub"
      values   = ["system:serviceaccount:${var.external_secrets.namespace}:${var.external_secrets.service_account}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${var.oidc_provider}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "external_secrets" {
  count = var.external_secrets == null ? 0 : 1

  statement {
    sid = "ReadRunwaySecrets"
    actions = [
      "secretsmanager:GetSecretValue",
      "secretsmanager:DescribeSecret",
      "secretsmanager:ListSecretVersionIds",
    ]
    resources = compact([local.secrets_arn, var.db_master_user_secret_arn])
  }
}

resource "aws_iam_role" "external_secrets" {
  count = var.external_secrets == null ? 0 : 1

  name               = "${var.name}-external-secrets"
  description        = "External Secrets Operator, read-only on Runway's secrets"
  assume_role_policy = data.aws_iam_policy_document.external_secrets_assume[0].json
  tags               = var.tags
}

resource "aws_iam_role_policy" "external_secrets" {
  count = var.external_secrets == null ? 0 : 1

  name   = "read-runway-secrets"
  role   = aws_iam_role.external_secrets[0].id
  policy = data.aws_iam_policy_document.external_secrets[0].json
}
